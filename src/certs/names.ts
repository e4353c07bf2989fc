import { type Asn1, Class, children, encode, oidOf, readHeader, Type } from './der';
import { CertificateParseError } from './errors';
import { DN_ATTRIBUTE_NAMES } from './oids';

export interface NameAttribute {
  oid: string;
  /** Short name (CN, O, serialNumber...) or the dotted OID when unknown. */
  name: string;
  value: string;
  /** True when the value is not a string type and `value` is `#` + its DER in hex. */
  encoded?: boolean;
}

/** One RelativeDistinguishedName: usually one attribute, occasionally several. */
export type Rdn = NameAttribute[];

// Universal tag numbers of the string types a Name may use (X.680).
const UTF8_STRING = 12;
const NUMERIC_STRING = 18;
const PRINTABLE_STRING = 19;
const TELETEX_STRING = 20;
const IA5_STRING = 22;
const VISIBLE_STRING = 26;
const UNIVERSAL_STRING = 28;
const BMP_STRING = 30;

/** Content bytes of a primitive element, cut from its exact DER encoding. */
function contentBytes(node: Asn1): Buffer {
  const der = encode(node);
  const header = readHeader(der);
  // encode() wrote this header itself, so it is always complete.
  return typeof header === 'object' ? der.subarray(header.headerLength) : Buffer.alloc(0);
}

function decodeUcs2(bytes: Buffer, what: string): string {
  // BMPString is UCS-2 big-endian; Node only decodes little-endian, so swap a copy.
  if (bytes.length % 2 !== 0) throw new CertificateParseError('badStructure', { what });
  return Buffer.from(bytes).swap16().toString('utf16le');
}

function decodeUcs4(bytes: Buffer, what: string): string {
  if (bytes.length % 4 !== 0) throw new CertificateParseError('badStructure', { what });
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const cp = bytes.readUInt32BE(i);
    if (cp > 0x10ffff) throw new CertificateParseError('badStructure', { what });
    out += String.fromCodePoint(cp);
  }
  return out;
}

/**
 * Text of a directory string, whatever its ASN.1 string type, or null for a value that
 * is not a string (shown as #hex by the caller).
 */
export function decodeDirectoryString(node: Asn1, what: string): string | null {
  if (node.tagClass !== Class.UNIVERSAL || node.constructed) return null;
  const bytes = contentBytes(node);
  switch (node.type as number) {
    case UTF8_STRING:
      return bytes.toString('utf8');
    case BMP_STRING:
      return decodeUcs2(bytes, what);
    case UNIVERSAL_STRING:
      return decodeUcs4(bytes, what);
    case PRINTABLE_STRING:
    case NUMERIC_STRING:
    case IA5_STRING:
    case VISIBLE_STRING:
    case TELETEX_STRING:
      // T61 is in practice used for Latin-1 text.
      return bytes.toString('latin1');
    default:
      return null;
  }
}

/** Decode a Name (RDNSequence) into its RDNs, in the order the DER holds them. */
export function decodeName(node: Asn1 | undefined, what: string): Rdn[] {
  return children(node, Type.SEQUENCE, what).map((set) => {
    const members = children(set, Type.SET, what);
    if (members.length === 0) throw new CertificateParseError('badStructure', { what });
    return members.map((atv) => {
      const parts = children(atv, Type.SEQUENCE, what);
      if (parts.length !== 2) throw new CertificateParseError('badStructure', { what });
      const oid = oidOf(parts[0], what);
      const valueNode = parts[1]!;
      const text = decodeDirectoryString(valueNode, what);
      const name = DN_ATTRIBUTE_NAMES[oid] ?? oid;
      if (text !== null) return { oid, name, value: text };
      return { oid, name, value: '#' + encode(valueNode).toString('hex'), encoded: true };
    });
  });
}

// RFC 4514 §2.4 escaping, kept to what makes a DN ambiguous; non-ASCII stays as it is.
function escapeValue(value: string): string {
  let out = value.replace(/[\\,+"<>;=]/g, (c) => '\\' + c);
  if (out.startsWith(' ') || out.startsWith('#')) out = '\\' + out;
  if (out.endsWith(' ') && out.length > 1) out = out.slice(0, -1) + '\\ ';
  return out;
}

/** `C=TW, O=行政院, CN=...`: RDNs in DER order, multi-valued RDNs joined with ` + `. */
export function formatName(rdns: Rdn[]): string {
  return rdns
    .map((rdn) =>
      rdn.map((a) => `${a.name}=${a.encoded ? a.value : escapeValue(a.value)}`).join(' + '),
    )
    .join(', ');
}

/** The last (most specific) value of an attribute, or null. */
export function nameAttribute(rdns: Rdn[], oid: string): string | null {
  let found: string | null = null;
  for (const rdn of rdns) for (const a of rdn) if (a.oid === oid) found = a.value;
  return found;
}

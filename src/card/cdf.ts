import { MalformedResponseError } from '../core/errors';
import { compactHex } from './apdu/hex';
import { childrenOf, peekTlvSize, readTlv, readUnsigned, type Tlv } from './tlv';

/**
 * One certificate the certificate directory file (CDF, PKCS#15 §6.4.1 CertificateObject
 * of x509Certificate type) points to.
 */
export interface CdfEntry {
  /** The iD as text when it is printable ASCII ("SIGN", "KEYX"), else upper-case hex. */
  id: string;
  idHex: string;
  /** CommonObjectAttributes.label, or the id when the card gives none. */
  label: string;
  /** CommonCertificateAttributes.authority: true for CA certificates. */
  authority: boolean;
  /** Path.path: file IDs, e.g. 3F00 5030 08F2 or just 08F2. */
  path: Buffer;
  /** Path.index: where the certificate starts in that file (0 when absent). */
  offset: number;
  /** Path.length, when the card gives it. */
  length: number | undefined;
}

export interface CdfParse {
  entries: CdfEntry[];
  /** True once padding (00 or FF where a tag should be) showed the directory has ended. */
  complete: boolean;
}

const WHAT = 'CDF';

const UNIVERSAL = { boolean: 0x01, integer: 0x02, octetString: 0x04, sequence: 0x30 } as const;

function isPath(t: Tlv | undefined): boolean {
  if (!t || t.tag !== UNIVERSAL.sequence) return false;
  const first = childrenOf(t, WHAT)[0];
  return first?.tag === UNIVERSAL.octetString;
}

function decodeString(t: Tlv): string | null {
  switch (t.tag) {
    case 0x0c: // UTF8String
      return t.value.toString('utf8');
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x14: // T61String (Latin-1 is the usual reading)
      return t.value.toString('latin1');
    case 0x1e: // BMPString (UCS-2 big-endian)
      return Buffer.from(t.value).swap16().toString('utf16le');
    default:
      return null;
  }
}

function idText(id: Buffer): string {
  const printable = id.length > 0 && id.every((b) => b >= 0x20 && b < 0x7f);
  return printable ? id.toString('latin1') : compactHex(id);
}

/**
 * `length [0] INTEGER` of a Path: implicit (80 len value) per the standard, or explicit
 * (A0 len 02 len value) as some Taiwanese cards write it. A later untagged INTEGER after
 * `index` is read as the length too, for the same reason.
 */
function pathLength(t: Tlv): number {
  if (t.tagClass === 'context' && !t.constructed) return readUnsigned(t.value, WHAT);
  const inner = childrenOf(t, WHAT)[0];
  if (!inner || inner.tag !== UNIVERSAL.integer) {
    throw new MalformedResponseError(WHAT, 'CDF: [0] length without an INTEGER');
  }
  return readUnsigned(inner.value, WHAT);
}

function parsePath(t: Tlv): Pick<CdfEntry, 'path' | 'offset' | 'length'> {
  const parts = childrenOf(t, WHAT);
  const path = parts[0]!.value;
  if (path.length === 0 || path.length % 2 !== 0) {
    throw new MalformedResponseError(WHAT, 'CDF: path is not a list of file IDs');
  }
  let offset = 0;
  let length: number | undefined;
  let sawIndex = false;
  for (const p of parts.slice(1)) {
    if (p.tag === UNIVERSAL.integer && !sawIndex) {
      offset = readUnsigned(p.value, WHAT);
      sawIndex = true;
    } else if (p.tag === UNIVERSAL.integer || (p.tagClass === 'context' && p.tagNumber === 0)) {
      length = p.tag === UNIVERSAL.integer ? readUnsigned(p.value, WHAT) : pathLength(p);
    }
  }
  return { path: Buffer.from(path), offset, length };
}

/**
 * The Path inside typeAttributes [1]. Explicit: A1 { SEQUENCE X509CertificateAttributes
 * { value, ... } }; implicit: A1 { value, ... }. The value (ObjectValue) is an untagged
 * Path, or a Path wrapped in [0] by cards that tag explicitly. Anything else (a URL, a
 * certificate stored directly in the CDF) is not supported and yields null.
 */
function findPath(typeAttributes: Tlv): Tlv | null {
  const inside = childrenOf(typeAttributes, WHAT);
  const attrs = isPath(inside[0]) || !inside[0]?.constructed ? typeAttributes : inside[0];
  const value = childrenOf(attrs, WHAT)[0];
  if (!value) return null;
  if (isPath(value)) return value;
  if (value.tagClass === 'context' && value.tagNumber === 0 && value.constructed) {
    const wrapped = childrenOf(value, WHAT)[0];
    if (isPath(wrapped)) return wrapped!;
  }
  return null;
}

function parseCertificateObject(obj: Tlv): CdfEntry | null {
  const parts = childrenOf(obj, WHAT);
  const common = parts[0];
  const certAttrs = parts[1];
  if (common?.tag !== UNIVERSAL.sequence || certAttrs?.tag !== UNIVERSAL.sequence) {
    throw new MalformedResponseError(WHAT, 'CDF: object without its common attributes');
  }
  let label: string | null = null;
  for (const c of childrenOf(common, WHAT)) {
    label = decodeString(c);
    if (label !== null) break;
  }
  const classParts = childrenOf(certAttrs, WHAT);
  const idTlv = classParts[0];
  if (idTlv?.tag !== UNIVERSAL.octetString) {
    throw new MalformedResponseError(WHAT, 'CDF: certificate without an iD');
  }
  const authorityTlv = classParts.find((c) => c.tag === UNIVERSAL.boolean);
  const authority = authorityTlv ? authorityTlv.value[0] !== 0 : false;
  const typeAttributes = parts.find(
    (p) => p.tagClass === 'context' && p.tagNumber === 1 && p.constructed,
  );
  if (!typeAttributes) {
    throw new MalformedResponseError(WHAT, 'CDF: certificate without type attributes');
  }
  const path = findPath(typeAttributes);
  if (!path) return null;
  const id = idText(idTlv.value);
  return {
    id,
    idHex: compactHex(idTlv.value),
    label: label ? label.replace(/\0+$/, '') : id,
    authority,
    ...parsePath(path),
  };
}

/**
 * Parse the CDF. Objects are read one after the other until the data ends or a 00 / FF
 * byte stands where a tag should be (the file's padding). Throws TruncatedTlvError when
 * the data ends inside an object (read more and parse again), MalformedResponseError for
 * anything that is not a CDF. Non-X.509 certificate objects ([0]..[n]) are skipped.
 */
export function parseCdf(buf: Buffer): CdfParse {
  const entries: CdfEntry[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const b = buf[pos]!;
    if (b === 0x00 || b === 0xff) return { entries, complete: true };
    const obj = readTlv(buf, pos, WHAT);
    if (obj.tag === UNIVERSAL.sequence) {
      const entry = parseCertificateObject(obj);
      if (entry) entries.push(entry);
    } else if (obj.tagClass !== 'context') {
      throw new MalformedResponseError(WHAT, `CDF: unexpected tag ${obj.tag.toString(16)}`);
    }
    pos = obj.end;
  }
  return { entries, complete: false };
}

/**
 * For the chunked reader: true when the bytes so far hold the whole directory. Walks the
 * top-level element headers only, so a partly read directory costs no parse and no throw.
 */
export function cdfIsComplete(buf: Buffer): boolean {
  let pos = 0;
  while (pos < buf.length) {
    const b = buf[pos]!;
    if (b === 0x00 || b === 0xff) return true;
    // Only SEQUENCEs and context-tagged choices can stand here (parseCdf's rule): anything
    // else is garbage that more bytes will not mend.
    if (b !== UNIVERSAL.sequence && b >> 6 !== 2) return true;
    const size = peekTlvSize(buf, pos);
    if (size === 'short') return false;
    // Garbage will not improve with more bytes; stop reading and let the parse report it.
    if (size === 'bad') return true;
    pos += size;
  }
  return false;
}

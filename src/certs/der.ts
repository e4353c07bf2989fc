import forge from 'node-forge';
import { CertificateParseError } from './errors';

export type Asn1 = forge.asn1.Asn1;

const { Class, Type } = forge.asn1;
export { Class, Type };

/** Certificates are 1–2 KB; anything this big is not one, and is refused before parsing. */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;

// Real certificates nest about 10 levels deep; a low limit keeps hostile input cheap.
const MAX_DEPTH = 32;

interface Header {
  headerLength: number;
  /** undefined for the indefinite form, which DER forbids. */
  length: number | undefined;
}

/**
 * Tag and length of the element at `offset`: 'short' when even the header is cut off,
 * 'bad' for a length field no certificate could have (more than 4 length bytes).
 */
export function readHeader(der: Uint8Array, offset = 0): Header | 'short' | 'bad' {
  if (der.length < offset + 2) return 'short';
  const first = der[offset + 1]!;
  if (first < 0x80) return { headerLength: 2, length: first };
  if (first === 0x80) return { headerLength: 2, length: undefined };
  const count = first & 0x7f;
  if (count > 4) return 'bad';
  if (der.length < offset + 2 + count) return 'short';
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + der[offset + 2 + i]!;
  return { headerLength: 2 + count, length };
}

/**
 * Decode one DER element that must fill `der` exactly. The outer length is checked here
 * first (so truncation and trailing bytes get their own messages), forge parses strictly,
 * and the result is re-encoded and compared: forge quietly accepts a few non-DER forms
 * (indefinite lengths, long-form tags, odd-length BMPStrings), which the comparison
 * catches, and it guarantees that `toDer` of any node gives back the original bytes,
 * which signature checks rely on.
 */
export function decodeDer(der: Buffer, what: string): Asn1 {
  const header = readHeader(der);
  if (header === 'short') throw new CertificateParseError('tooShort', { actual: der.length });
  if (header === 'bad') throw new CertificateParseError('badStructure', { what });
  if (header.length === undefined) throw new CertificateParseError('notDer');
  const total = header.headerLength + header.length;
  if (total > der.length) {
    throw new CertificateParseError('truncated', { expected: total, actual: der.length });
  }
  if (total < der.length) {
    throw new CertificateParseError('trailingData', { extra: der.length - total });
  }
  const binary = der.toString('latin1');
  let node: Asn1;
  try {
    node = forge.asn1.fromDer(forge.util.createBuffer(binary), {
      strict: true,
      parseAllBytes: true,
      decodeBitStrings: false,
      maxDepth: MAX_DEPTH,
    } as unknown as boolean);
  } catch {
    throw new CertificateParseError('badStructure', { what });
  }
  let again: string;
  try {
    again = forge.asn1.toDer(node).getBytes();
  } catch {
    throw new CertificateParseError('notDer');
  }
  if (again !== binary) throw new CertificateParseError('notDer');
  return node;
}

/** Decode DER nested inside a certificate (an extension value); any fault is `badStructure`. */
export function decodeInner(bytes: string, what: string): Asn1 {
  try {
    return decodeDer(Buffer.from(bytes, 'latin1'), what);
  } catch {
    throw new CertificateParseError('badStructure', { what });
  }
}

export function encode(node: Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), 'latin1');
}

export function isUniversal(node: Asn1 | undefined, type: number): node is Asn1 {
  return node !== undefined && node.tagClass === Class.UNIVERSAL && node.type === type;
}

export function isContext(node: Asn1 | undefined, tag: number): node is Asn1 {
  return node !== undefined && node.tagClass === Class.CONTEXT_SPECIFIC && node.type === tag;
}

function fail(what: string): never {
  throw new CertificateParseError('badStructure', { what });
}

/** Children of a constructed element, which must be of the given universal type. */
export function children(node: Asn1 | undefined, type: number, what: string): Asn1[] {
  if (!isUniversal(node, type) || !node.constructed || !Array.isArray(node.value)) fail(what);
  return node.value as Asn1[];
}

/** Children of a constructed context-specific [tag] element. */
export function contextChildren(node: Asn1, what: string): Asn1[] {
  if (!node.constructed || !Array.isArray(node.value)) fail(what);
  return node.value as Asn1[];
}

/** Raw content bytes (binary string) of a primitive element of the given universal type. */
export function primitive(node: Asn1 | undefined, type: number, what: string): string {
  if (!isUniversal(node, type) || node.constructed || typeof node.value !== 'string') fail(what);
  return node.value;
}

/** Raw content of any primitive element (for implicitly tagged values). */
export function rawValue(node: Asn1, what: string): string {
  if (node.constructed || typeof node.value !== 'string') fail(what);
  return node.value;
}

export function oidOf(node: Asn1 | undefined, what: string): string {
  const bytes = primitive(node, Type.OID, what);
  if (bytes.length === 0) fail(what);
  try {
    return forge.asn1.derToOid(bytes);
  } catch {
    return fail(what);
  }
}

/** Content of a BIT STRING without its unused-bits byte, and how many trailing bits are unused. */
export function bitString(node: Asn1 | undefined, what: string): { bytes: string; unused: number } {
  const raw = primitive(node, Type.BITSTRING, what);
  if (raw.length === 0) fail(what);
  const unused = raw.charCodeAt(0);
  if (unused > 7 || (raw.length === 1 && unused !== 0)) fail(what);
  return { bytes: raw.slice(1), unused };
}

export function binaryToHex(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('hex');
}

/** Non-negative INTEGER as a number (small values only: versions, pathLen). */
export function smallInteger(node: Asn1 | undefined, what: string): number {
  const raw = primitive(node, Type.INTEGER, what);
  if (raw.length === 0 || raw.length > 4 || raw.charCodeAt(0) & 0x80) fail(what);
  let n = 0;
  for (let i = 0; i < raw.length; i++) n = n * 256 + raw.charCodeAt(i);
  return n;
}

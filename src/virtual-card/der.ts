/**
 * The few DER encodings the virtual card writes itself: certificate extensions (so every
 * byte is under our control rather than a library default) and the PKCS#15 directory.
 */

function encodeLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const value = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value]);
}

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  ia5String: 0x16,
  sequence: 0x30,
} as const;

export const sequence = (...items: Buffer[]): Buffer => tlv(TAG.sequence, ...items);
export const octetString = (value: Buffer): Buffer => tlv(TAG.octetString, value);
export const utf8String = (value: string): Buffer =>
  tlv(TAG.utf8String, Buffer.from(value, 'utf8'));
export const ia5String = (value: string): Buffer => tlv(TAG.ia5String, Buffer.from(value, 'ascii'));
export const booleanTrue = (): Buffer => tlv(TAG.boolean, Buffer.from([0xff]));

/** Minimal two's-complement content octets of a non-negative integer. */
export function integerContent(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`bad integer ${n}`);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  if (bytes.length === 0 || bytes[0]! >= 0x80) bytes.unshift(0);
  return Buffer.from(bytes);
}

export const integer = (n: number): Buffer => tlv(TAG.integer, integerContent(n));

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = parts;
  const out: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128))
      chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(TAG.oid, Buffer.from(out));
}

/**
 * A named-bit BIT STRING (e.g. keyUsage): bit 0 is the most significant bit of the
 * first octet, and DER drops trailing zero bits.
 */
export function namedBits(bits: number[]): Buffer {
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const b of bits) bytes[b >> 3] = (bytes[b >> 3] ?? 0) | (0x80 >> (b & 7));
  const unused = 7 - (highest & 7);
  return tlv(TAG.bitString, Buffer.from([unused]), bytes);
}

/** Context-specific tag number n, primitive or constructed. */
export const contextTag = (n: number, constructed: boolean): number =>
  0x80 | (constructed ? 0x20 : 0) | n;

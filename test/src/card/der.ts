/** Minimal DER writer for building test CDFs and certificate-shaped blobs. */
export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const value = Buffer.concat(content);
  const n = value.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else if (n < 0x100) len = Buffer.from([0x81, n]);
  else len = Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, value]);
}

export const seq = (...c: Buffer[]) => tlv(0x30, ...c);
export const octets = (b: Buffer | string) =>
  tlv(0x04, typeof b === 'string' ? Buffer.from(b, 'latin1') : b);
export const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));

export function intContent(n: number): Buffer {
  const bytes: number[] = [];
  do {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  } while (n > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return Buffer.from(bytes);
}
export const int = (n: number) => tlv(0x02, intContent(n));

export interface TestCdfEntry {
  label?: string;
  id: string | Buffer;
  authority?: boolean;
  path?: Buffer;
  offset?: number;
  length?: number;
}

export interface CdfStyle {
  /** How Path.length is tagged. */
  lengthTag?: 'implicit' | 'explicit';
  /** typeAttributes [1] wrapping a SEQUENCE (explicit) or replacing it (implicit). */
  typeAttributes?: 'explicit' | 'implicit';
  /** Wrap the Path value in an explicit [0]. */
  wrapValue?: boolean;
}

export const PATH_08F2 = Buffer.from('3F00503008F2', 'hex');

export function cdfObject(e: TestCdfEntry, style: CdfStyle = {}): Buffer {
  const pathParts = [octets(e.path ?? PATH_08F2)];
  if (e.offset !== undefined) pathParts.push(int(e.offset));
  if (e.length !== undefined) {
    pathParts.push(
      style.lengthTag === 'explicit' ? tlv(0xa0, int(e.length)) : tlv(0x80, intContent(e.length)),
    );
  }
  let value = seq(...pathParts);
  if (style.wrapValue) value = tlv(0xa0, value);
  const typeAttrs = style.typeAttributes === 'implicit' ? tlv(0xa1, value) : tlv(0xa1, seq(value));
  const common = e.label !== undefined ? seq(utf8(e.label)) : seq();
  const certAttrs = [octets(e.id)];
  if (e.authority) certAttrs.push(tlv(0x01, Buffer.from([0xff])));
  return seq(common, seq(...certAttrs), typeAttrs);
}

export function cdf(entries: TestCdfEntry[], style: CdfStyle = {}, pad = 0xff, padTo = 0): Buffer {
  const body = Buffer.concat(entries.map((e) => cdfObject(e, style)));
  return Buffer.concat([body, Buffer.alloc(Math.max(0, padTo - body.length), pad)]);
}

/**
 * A certificate-shaped DER blob (30 82 hi lo + filler) of exactly `size` bytes: enough
 * for the driver, which only frames certificates; parsing them is another module's job.
 */
export function fakeCertificate(size: number, fill: number): Buffer {
  if (size < 260) throw new RangeError('use at least 260 bytes so the header is 30 82');
  const body = Buffer.alloc(size - 4, fill);
  return Buffer.concat([Buffer.from([0x30, 0x82, (size - 4) >> 8, (size - 4) & 0xff]), body]);
}

/** A small BER-TLV reader for the tests, independent of the card's own DER encoder. */
export interface Tlv {
  tag: number;
  value: Buffer;
  /** Bytes the whole TLV takes. */
  size: number;
}

export function readTlv(buf: Buffer, at = 0): Tlv {
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let head = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[at + 2 + i]!;
    head += n;
  }
  if (at + head + len > buf.length) throw new Error('TLV runs past the buffer');
  return { tag, value: buf.subarray(at + head, at + head + len), size: head + len };
}

/** Every TLV in `buf`, stopping at the first 00 or FF where a tag should be. */
export function readAll(buf: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let at = 0;
  while (at < buf.length && buf[at] !== 0x00 && buf[at] !== 0xff) {
    const t = readTlv(buf, at);
    out.push(t);
    at += t.size;
  }
  return out;
}

export const uint = (b: Buffer): number => b.reduce((n, x) => n * 256 + x, 0);

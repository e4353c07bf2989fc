import { MalformedResponseError } from '../core/errors';

/**
 * A small BER/DER TLV reader for the card's directory files. Written here rather than
 * borrowed because the point is to be lenient where real cards are (explicit tags where
 * PKCS#15 has implicit ones) and strict about lengths.
 */
export type TagClass = 'universal' | 'application' | 'context' | 'private';

export interface Tlv {
  /** The identifier octets as one number (0x30, 0xA1, 0x9F01...). */
  tag: number;
  tagClass: TagClass;
  constructed: boolean;
  tagNumber: number;
  /** Offset of the first identifier byte in the buffer. */
  start: number;
  /** Offset just after the value. */
  end: number;
  value: Buffer;
}

/** The buffer ends inside an element: reading more of the file may complete it. */
export class TruncatedTlvError extends MalformedResponseError {
  constructor(what: string) {
    super(what, `${what}: data ends inside an element`);
  }
}

const CLASSES: TagClass[] = ['universal', 'application', 'context', 'private'];

interface Header {
  tag: number;
  tagNumber: number;
  /** Offset of the value. */
  valueStart: number;
  length: number;
}

/**
 * The identifier and length octets at `pos`, without throwing: 'short' when the buffer
 * ends inside them, or a reason when they are not acceptable DER. The card's directory is
 * read in chunks and re-checked after each one, so "not complete yet" must be cheap.
 */
function readHeader(buf: Buffer, pos: number): Header | 'short' | string {
  const start = pos;
  if (pos >= buf.length) return 'short';
  const first = buf[pos++]!;
  let tag = first;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let b: number;
    do {
      if (pos >= buf.length) return 'short';
      b = buf[pos++]!;
      tag = tag * 256 + b;
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if (pos - start > 4) return 'tag too long';
    } while (b & 0x80);
  }
  if (pos >= buf.length) return 'short';
  let length = buf[pos++]!;
  if (length === 0x80) return 'indefinite length is not allowed';
  if (length > 0x80) {
    const n = length & 0x7f;
    if (n > 3) return `length of ${n} bytes`;
    if (pos + n > buf.length) return 'short';
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[pos++]!;
  }
  return { tag, tagNumber, valueStart: pos, length };
}

/**
 * The tag, where the value starts and how long it is, for the element at `pos`, without
 * needing its value: a certificate read in chunks is judged by its first fields.
 */
export function peekTlvHeader(
  buf: Buffer,
  pos: number,
): { tag: number; valueStart: number; length: number } | 'short' | 'bad' {
  const h = readHeader(buf, pos);
  if (h === 'short') return 'short';
  if (typeof h === 'string') return 'bad';
  return { tag: h.tag, valueStart: h.valueStart, length: h.length };
}

/**
 * Size of the whole element at `pos` (header + value), 'short' when the buffer ends
 * before it does, or 'bad' when its header is not acceptable.
 */
export function peekTlvSize(buf: Buffer, pos: number): number | 'short' | 'bad' {
  const h = readHeader(buf, pos);
  if (h === 'short') return 'short';
  if (typeof h === 'string') return 'bad';
  const end = h.valueStart + h.length;
  return end > buf.length ? 'short' : end - pos;
}

export function readTlv(buf: Buffer, pos: number, what = 'TLV'): Tlv {
  const h = readHeader(buf, pos);
  if (h === 'short') throw new TruncatedTlvError(what);
  if (typeof h === 'string') throw new MalformedResponseError(what, `${what}: ${h}`);
  const end = h.valueStart + h.length;
  if (end > buf.length) throw new TruncatedTlvError(what);
  const first = buf[pos]!;
  return {
    tag: h.tag,
    tagClass: CLASSES[first >> 6]!,
    constructed: (first & 0x20) !== 0,
    tagNumber: h.tagNumber,
    start: pos,
    end,
    value: buf.subarray(h.valueStart, end),
  };
}

/** The elements inside a constructed element. */
export function childrenOf(tlv: Tlv, what = 'TLV'): Tlv[] {
  const out: Tlv[] = [];
  let pos = 0;
  while (pos < tlv.value.length) {
    let child: Tlv;
    try {
      child = readTlv(tlv.value, pos, what);
    } catch (err) {
      // Inside a complete parent, running out of bytes means a wrong length, not a short read.
      if (err instanceof TruncatedTlvError) {
        throw new MalformedResponseError(what, `${what}: child overruns its parent`);
      }
      throw err;
    }
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** A non-negative INTEGER's value (card offsets and lengths fit comfortably). */
export function readUnsigned(value: Buffer, what = 'INTEGER'): number {
  if (value.length === 0 || value.length > 5 || (value[0]! & 0x80) !== 0) {
    throw new MalformedResponseError(what, `${what}: not a small non-negative integer`);
  }
  let n = 0;
  for (const b of value) n = n * 256 + b;
  if (n > 0x7fffffff) throw new MalformedResponseError(what, `${what}: too large`);
  return n;
}

/**
 * Total size (header + content) of the DER element starting at buf[0], or undefined when
 * the bytes so far do not yet include its whole header.
 */
export function derElementSize(buf: Buffer): number | undefined {
  if (buf.length < 2) return undefined;
  const lenByte = buf[1]!;
  if (lenByte < 0x80) return 2 + lenByte;
  const n = lenByte & 0x7f;
  if (n === 0 || n > 3) return undefined;
  if (buf.length < 2 + n) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + buf[2 + i]!;
  return 2 + n + len;
}

/** Upper-case hex, one space between bytes: the form traces and diagnostic reports show. */
export function spacedHex(bytes: Uint8Array): string {
  return compactHex(bytes).replace(/(..)(?!$)/g, '$1 ');
}

/** Upper-case hex without spaces (AtrInfo.hex, status words). */
export function compactHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('hex')
    .toUpperCase();
}

/** A status word as four upper-case hex digits, e.g. 0x6a82 → "6A82". */
export function swHex(sw: number): string {
  return sw.toString(16).padStart(4, '0').toUpperCase();
}

/** Parse hex written with or without spaces or colons ("3B 8A", "3b:8a", "3B8A"). */
export function fromHex(text: string): Buffer {
  const clean = text.replace(/[\s:]/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) throw new RangeError(`not hex: ${text}`);
  return Buffer.from(clean, 'hex');
}

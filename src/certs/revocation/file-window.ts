/**
 * Reads a large file through one fixed buffer: `bytes(pos, n)` returns a view of
 * [pos, pos + n) that stays valid until the next call. A CRL of tens of megabytes is then
 * walked without ever being held in memory, whole or in copies.
 */
import { open, type FileHandle } from 'node:fs/promises';

export const WINDOW_BYTES = 1 << 20;

export class FileWindow {
  private readonly buffer: Buffer;
  private start = 0;
  private end = 0;

  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    windowBytes: number,
  ) {
    this.buffer = Buffer.alloc(windowBytes);
  }

  static async open(path: string, windowBytes = WINDOW_BYTES): Promise<FileWindow> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      return new FileWindow(handle, size, windowBytes);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  get capacity(): number {
    return this.buffer.length;
  }

  /** At most `n` bytes from `pos` (fewer at the end of the file). */
  async bytes(pos: number, n: number): Promise<Buffer> {
    const want = Math.min(n, this.size - pos, this.buffer.length);
    if (want <= 0) return this.buffer.subarray(0, 0);
    if (pos < this.start || pos + want > this.end) {
      const { bytesRead } = await this.handle.read(this.buffer, 0, this.buffer.length, pos);
      this.start = pos;
      this.end = pos + bytesRead;
    }
    return this.buffer.subarray(pos - this.start, pos - this.start + want);
  }

  /** [from, to) in window-sized views, for hashing a range without holding it. */
  async *range(from: number, to: number): AsyncGenerator<Buffer> {
    for (let pos = from; pos < to;) {
      const piece = await this.bytes(pos, Math.min(this.buffer.length, to - pos));
      if (piece.length === 0) return;
      // Not copied: a piece is valid until the next one is asked for, which is all a hash
      // needs (it has taken the bytes in by then), and a copy per megabyte would pile up.
      yield piece;
      pos += piece.length;
    }
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

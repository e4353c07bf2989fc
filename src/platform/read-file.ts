/**
 * Reading a file a person or another program named: at most `maxBytes`, and only a regular
 * file. `/dev/zero` would otherwise be read until memory runs out, and a FIFO would block
 * the open (and the process) for as long as nobody writes to it.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import {
  FileNotFoundError,
  FileTooLargeError,
  FileUnreadableError,
  NotRegularFileError,
} from './file-errors';

export interface ReadLimits {
  /** Larger files are refused before anything is read. */
  maxBytes: number;
}

export async function readRegularFile(path: string, limits: ReadLimits): Promise<Buffer> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw openError(path, err);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new NotRegularFileError(path);
    if (stat.size > limits.maxBytes) throw new FileTooLargeError(path, limits.maxBytes);
    // The size may grow while we read (a log being written): read one byte past the limit
    // so that shows too, and never more.
    const buffer = Buffer.alloc(Math.min(stat.size, limits.maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled > limits.maxBytes) throw new FileTooLargeError(path, limits.maxBytes);
      if (filled === buffer.length) break;
    }
    return buffer.subarray(0, filled);
  } catch (err) {
    if (err instanceof NotRegularFileError || err instanceof FileTooLargeError) throw err;
    throw new FileUnreadableError(path, (err as NodeJS.ErrnoException).code ?? String(err));
  } finally {
    await handle.close();
  }
}

function openError(path: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FileNotFoundError(path);
  if (code === 'EISDIR') return new NotRegularFileError(path);
  return new FileUnreadableError(path, code ?? String(err));
}

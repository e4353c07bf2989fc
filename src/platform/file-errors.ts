/** What can be wrong with a file someone gave us, said so they can fix it. */
import { AppError, InvalidInputError } from '../core/errors';

/** A device, a FIFO, a socket or a folder where a file was expected. */
export class NotRegularFileError extends InvalidInputError {
  constructor(readonly path: string) {
    super('file.notRegular', { file: path });
  }
}

export class FileTooLargeError extends InvalidInputError {
  constructor(
    readonly path: string,
    readonly limit: number,
  ) {
    super('file.tooLarge', { file: path, limit: formatBytes(limit) });
  }
}

export class FileNotFoundError extends InvalidInputError {
  constructor(readonly path: string) {
    super('file.notFound', { file: path });
  }
}

/** Permissions, I/O errors: the system's own code is kept as the detail. */
export class FileUnreadableError extends AppError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super('invalid-input', 'file.unreadable', { file: path, reason });
  }
}

export class FileUnwritableError extends AppError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super('invalid-input', 'file.unwritable', { file: path, reason });
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} B`;
}

/**
 * Which reader a command works on: the one named with --reader, else the only one holding
 * a card. Several cards and no --reader is a usage error (exit 2) that lists them, so a
 * helpdesk script never acts on the wrong person's card.
 */
import { AppError, NoCardError, NoReaderError } from '../core/errors';
import type { ReaderState } from './card-source';

export class AmbiguousReaderError extends AppError {
  constructor(readonly readers: string[]) {
    super('invalid-input', 'cli.severalCards', {
      readers: readers.map((r) => `  ${r}`).join('\n'),
    });
  }
}

export class UnknownReaderError extends AppError {
  constructor(
    readonly wanted: string,
    readonly readers: string[],
  ) {
    super('no-reader', 'cli.noSuchReader', {
      reader: wanted,
      readers: readers.length ? readers.map((r) => `  ${r}`).join('\n') : '  -',
    });
  }
}

/** Exact name first, then a case-insensitive part of a name (several matches: exit 2). */
function findNamed(readers: ReaderState[], wanted: string): ReaderState | undefined {
  const exact = readers.find((r) => r.name === wanted);
  if (exact) return exact;
  const needle = wanted.toLowerCase();
  const partial = readers.filter((r) => r.name.toLowerCase().includes(needle));
  if (partial.length > 1) throw new AmbiguousReaderError(partial.map((r) => r.name));
  return partial[0];
}

export function chooseReader(readers: ReaderState[], wanted?: string): ReaderState {
  if (wanted !== undefined) {
    const named = findNamed(readers, wanted);
    if (!named) {
      throw new UnknownReaderError(
        wanted,
        readers.map((r) => r.name),
      );
    }
    if (!named.cardPresent) throw new NoCardError(named.name);
    return named;
  }
  if (readers.length === 0) throw new NoReaderError();
  const withCard = readers.filter((r) => r.cardPresent);
  if (withCard.length === 0)
    throw new NoCardError(readers.length === 1 ? readers[0]?.name : undefined);
  if (withCard.length > 1) throw new AmbiguousReaderError(withCard.map((r) => r.name));
  return withCard[0] as ReaderState;
}

/**
 * The remembered cards on disk: one JSON file in the person's data folder (src/platform
 * userDirs), readable by them alone (0600), replaced atomically, and changed only under the
 * cross-process file lock, so two app windows, the app and the CLI, or two CLI runs can
 * remember cards at the same time without losing one.
 *
 * A file that cannot be used is never emptied in silence: it is moved aside (nothing in it
 * is lost), the cards in it that are still good are kept, and the caller gets a problem to
 * show. A file written by a newer version is left alone.
 */
import { rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../core/errors';
import {
  FileNotFoundError,
  FileTooLargeError,
  FileUnwritableError,
  NotRegularFileError,
  readRegularFile,
  userDirs,
  withFileLock,
  writePrivateFile,
  type UserDirs,
} from '../../platform';
import { knownCardFrom, STORE_VERSION, type KnownCard, type KnownCardsFile } from './record';

export const KNOWN_CARDS_FILE = 'known-cards.json';

/** About 2,500 cards of four certificates each: a helpdesk's worth, not a disk's. */
export const MAX_STORE_BYTES = 16 * 1024 * 1024;

/** Why a file could not be used as it was. Each has a message `knownCards.damaged.<reason>`. */
export type DamageReason = 'not-json' | 'not-a-list' | 'bad-records' | 'too-large' | 'not-a-file';

export interface KnownCardsProblem {
  /** Where the file was moved, so whatever it held can still be looked at. */
  movedTo: string;
  reason: DamageReason;
  /** Records that were still good and are kept. */
  kept: number;
  /** Records that were not. */
  dropped: number;
}

export interface LoadedKnownCards {
  cards: KnownCard[];
  problem: KnownCardsProblem | null;
}

/** The file names a version of the store this version does not know: it is not touched. */
export class KnownCardsTooNewError extends AppError {
  constructor(
    readonly path: string,
    readonly version: number,
  ) {
    super('bad-state-file', 'knownCards.tooNew', { file: path, version });
  }
}

export function knownCardsPath(dirs: UserDirs = userDirs()): string {
  return join(dirs.data, KNOWN_CARDS_FILE);
}

type Inspection =
  | { kind: 'missing' }
  | { kind: 'good'; cards: KnownCard[] }
  | { kind: 'damaged'; reason: DamageReason; kept: KnownCard[]; dropped: number };

function damaged(reason: DamageReason, kept: KnownCard[] = [], dropped = 0): Inspection {
  return { kind: 'damaged', reason, kept, dropped };
}

function inspectText(path: string, text: string): Inspection {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return damaged('not-json');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return damaged('not-a-list');
  const { version, cards } = json as Partial<KnownCardsFile>;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return damaged('not-a-list');
  }
  if (version > STORE_VERSION) throw new KnownCardsTooNewError(path, version);
  if (!Array.isArray(cards)) return damaged('not-a-list');
  const kept: KnownCard[] = [];
  let dropped = 0;
  for (const raw of cards) {
    const card = knownCardFrom(raw);
    if (!card) {
      dropped++;
      continue;
    }
    // A number listed twice is an edited file: the later sighting wins, the other is dropped.
    const twin = kept.findIndex((k) => k.cardNumber === card.cardNumber);
    if (twin < 0) kept.push(card);
    else {
      dropped++;
      if (Date.parse(card.lastSeen) > Date.parse(kept[twin]!.lastSeen)) kept[twin] = card;
    }
  }
  return dropped ? damaged('bad-records', kept, dropped) : { kind: 'good', cards: kept };
}

async function inspect(path: string): Promise<Inspection> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path, { maxBytes: MAX_STORE_BYTES });
  } catch (err) {
    if (err instanceof FileNotFoundError) return { kind: 'missing' };
    if (err instanceof FileTooLargeError) return damaged('too-large');
    if (err instanceof NotRegularFileError) return damaged('not-a-file');
    // Not allowed to read it, an I/O error: say so (translated), change nothing.
    throw err;
  }
  return inspectText(path, bytes.toString('utf8'));
}

async function write(path: string, cards: readonly KnownCard[]): Promise<void> {
  if (cards.length === 0) {
    // Nothing remembered: no file at all, rather than an empty list.
    await unlink(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw new FileUnwritableError(path, err.code ?? String(err));
    });
    return;
  }
  const file: KnownCardsFile = { version: STORE_VERSION, cards: [...cards] };
  await writePrivateFile(path, JSON.stringify(file, null, 2) + '\n');
}

/** Under the lock: the cards, with a damaged file moved aside and its good cards written back. */
async function readLocked(path: string): Promise<LoadedKnownCards> {
  const found = await inspect(path);
  if (found.kind === 'missing') return { cards: [], problem: null };
  if (found.kind === 'good') return { cards: found.cards, problem: null };
  const movedTo = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, movedTo).catch((err: NodeJS.ErrnoException) => {
    throw new FileUnwritableError(path, err.code ?? String(err));
  });
  await write(path, found.kept);
  return {
    cards: found.kept,
    problem: { movedTo, reason: found.reason, kept: found.kept.length, dropped: found.dropped },
  };
}

/**
 * The remembered cards. A good file is read without the lock (it is only ever replaced
 * whole, so a reader never sees half of one), which also works in a folder this person may
 * not write to; a damaged one is moved aside under the lock.
 */
export async function loadKnownCards(path = knownCardsPath()): Promise<LoadedKnownCards> {
  const found = await inspect(path);
  if (found.kind === 'missing') return { cards: [], problem: null };
  if (found.kind === 'good') return { cards: found.cards, problem: null };
  return withFileLock(path, () => readLocked(path));
}

/**
 * Reads, changes and writes the remembered cards while holding the lock, so a change made
 * by another process meanwhile is part of what `change` gets. Resolves with what is now saved.
 */
export async function updateKnownCards(
  change: (cards: KnownCard[]) => KnownCard[],
  path = knownCardsPath(),
): Promise<LoadedKnownCards> {
  return withFileLock(path, async () => {
    const { cards, problem } = await readLocked(path);
    const next = change(cards);
    if (next !== cards) await write(path, next);
    return { cards: next, problem };
  });
}

/**
 * Files only this person may read (reports with unmasked card numbers, remembered cards,
 * settings, the virtual card's PIN), written so that a reader never sees half a file and a
 * planted link never receives the data.
 *
 * Not write-file-atomic: it resolves the target with realpath (a symlink planted at the
 * target's name is followed, and the link's target is what gets written) and opens its
 * temporary file with 'w' (following a link planted at that name). Here the temporary file
 * is created with O_EXCL in the target's own folder, mode 0600, and renamed over the target,
 * which replaces a link at that name instead of writing through it.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { FileUnwritableError } from './file-errors';

const PRIVATE_FILE = 0o600;
const PRIVATE_DIR = 0o700;

export async function writePrivateFile(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR }).catch((err: unknown) => {
    throw new FileUnwritableError(path, (err as NodeJS.ErrnoException).code ?? String(err));
  });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  const flags =
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
  let handle;
  try {
    handle = await open(tmp, flags, PRIVATE_FILE);
  } catch (err) {
    throw new FileUnwritableError(path, (err as NodeJS.ErrnoException).code ?? String(err));
  }
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = null;
    await rename(tmp, path);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw new FileUnwritableError(path, (err as NodeJS.ErrnoException).code ?? String(err));
  }
}

/**
 * Runs `work` while holding the cross-process lock of `path` (proper-lockfile: a `.lock`
 * folder beside it, refreshed while held, taken over when its holder died). Two app
 * windows, the app and the CLI, or two CLI runs then change the file one after the other.
 */
export async function withFileLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true, mode: PRIVATE_DIR }).catch((err: unknown) => {
    throw new FileUnwritableError(path, (err as NodeJS.ErrnoException).code ?? String(err));
  });
  // proper-lockfile retries every failure, EACCES included: in a folder nobody may write to,
  // the person would wait through all 50 retries (about 20 s) for the same answer.
  await access(dirname(path), constants.W_OK).catch((err: NodeJS.ErrnoException) => {
    throw new FileUnwritableError(path, err.code ?? String(err));
  });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, {
      // The file itself may not exist yet (the first remembered card, a new state file).
      realpath: false,
      stale: 10_000,
      retries: { retries: 50, factor: 1.2, minTimeout: 20, maxTimeout: 500 },
    });
  } catch (err) {
    throw new FileUnwritableError(path, (err as NodeJS.ErrnoException).code ?? String(err));
  }
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * The person's choices, kept in their config folder (src/platform userDirs) and shared by
 * every window, the browser host and the CLI. A damaged file is moved aside and reported,
 * never silently emptied: the defaults apply until the person saves again.
 */
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import {
  FileNotFoundError,
  FileTooLargeError,
  FileUnreadableError,
  formatBytes,
  NotRegularFileError,
  readRegularFile,
  userDirs,
  withFileLock,
  writePrivateFile,
  type UserDirs,
} from '../platform';

export interface Settings {
  /**
   * Ask the certificate's issuer (OCSP, else its CRL) whether it is still valid. On by
   * default: only the certificate's serial number and its issuer's hashes are sent.
   */
  onlineStatusCheck: boolean;
  /** Remember cards seen on this computer (number, holder, certificate dates). Off by default. */
  rememberCards: boolean;
}

export const DEFAULT_SETTINGS: Settings = { onlineStatusCheck: true, rememberCards: false };

export const SETTINGS_FILE = 'settings.json';

/** Why the settings in use are the defaults although a file was there. */
export interface SettingsProblem {
  /** Where the unreadable file was moved, so nothing the person chose is lost. */
  movedTo: string;
  reason: string;
}

export interface LoadedSettings {
  settings: Settings;
  problem: SettingsProblem | null;
}

export function settingsPath(dirs: UserDirs = userDirs()): string {
  return join(dirs.config, SETTINGS_FILE);
}

/** Known keys with the right type win; anything else in the file is ignored. */
function fromJson(value: unknown): Settings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('not a JSON object');
  }
  const raw = value as Record<string, unknown>;
  const out: Settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
    if (typeof raw[key] === 'boolean') out[key] = raw[key];
  }
  return out;
}

/** A few booleans; a file this large was not written by us. */
const MAX_SETTINGS_BYTES = 64 * 1024;

function damageOf(err: unknown): string {
  if (err instanceof NotRegularFileError) return 'not a regular file';
  if (err instanceof FileTooLargeError) return `larger than ${formatBytes(err.limit)}`;
  return (err as Error).message;
}

async function readUnlocked(path: string): Promise<LoadedSettings> {
  try {
    // Bounded, regular files only: a FIFO or a device put in its place must not hang or
    // flood the app; like a damaged file, it is moved aside below.
    const text = (await readRegularFile(path, { maxBytes: MAX_SETTINGS_BYTES })).toString('utf8');
    return { settings: fromJson(JSON.parse(text)), problem: null };
  } catch (err) {
    if (err instanceof FileNotFoundError) {
      return { settings: { ...DEFAULT_SETTINGS }, problem: null };
    }
    if (err instanceof FileUnreadableError) throw err;
    const movedTo = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(path, movedTo);
    return {
      settings: { ...DEFAULT_SETTINGS },
      problem: { movedTo, reason: damageOf(err) },
    };
  }
}

export async function loadSettings(path = settingsPath()): Promise<LoadedSettings> {
  return withFileLock(path, () => readUnlocked(path));
}

/** Applies `patch` to the settings on disk (under the lock) and returns what is now saved. */
export async function updateSettings(
  patch: Partial<Settings>,
  path = settingsPath(),
): Promise<Settings> {
  return withFileLock(path, async () => {
    const { settings } = await readUnlocked(path);
    const next = fromJson({ ...settings, ...patch });
    await writePrivateFile(path, JSON.stringify(next, null, 2) + '\n');
    return next;
  });
}

/** Where the app keeps its settings: the per-user file, or memory (tests, throwaway hosts). */
export interface SettingsStore {
  load(): Promise<LoadedSettings>;
  update(patch: Partial<Settings>): Promise<Settings>;
}

export function fileSettingsStore(path = settingsPath()): SettingsStore {
  return { load: () => loadSettings(path), update: (patch) => updateSettings(patch, path) };
}

export function memorySettingsStore(initial: Partial<Settings> = {}): SettingsStore {
  let current: Settings = fromJson({ ...DEFAULT_SETTINGS, ...initial });
  return {
    load: async () => ({ settings: { ...current }, problem: null }),
    update: async (patch) => {
      current = fromJson({ ...current, ...patch });
      return { ...current };
    },
  };
}

/**
 * The person's choices, kept in their config folder (src/platform userDirs) and shared by
 * every window, the browser host and the CLI. A damaged file is moved aside and reported,
 * never silently emptied: the defaults apply until the person saves again.
 */
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { userDirs, withFileLock, writePrivateFile, type UserDirs } from '../platform';

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

async function readUnlocked(path: string): Promise<LoadedSettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { settings: { ...DEFAULT_SETTINGS }, problem: null };
    }
    throw err;
  }
  try {
    return { settings: fromJson(JSON.parse(text)), problem: null };
  } catch (err) {
    const movedTo = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(path, movedTo);
    return {
      settings: { ...DEFAULT_SETTINGS },
      problem: { movedTo, reason: (err as Error).message },
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

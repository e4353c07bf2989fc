/**
 * The settings file is read bounded and only as a regular file: a FIFO planted in its place
 * would otherwise hang the app at start, a huge file would be read whole. Either is moved
 * aside like a damaged file, and the defaults apply.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, settingsPath } from '../../../src/service/settings';
import { userDirs } from '../../../src/platform';

let home: string;
let path: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'ccm-settings-'));
  path = settingsPath(userDirs({ CITIZEN_CARD_HOME: home }));
  mkdirSync(dirname(path), { recursive: true });
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** Settles within `ms`, or says it hung. */
function within<T>(work: Promise<T>, ms: number): Promise<T | 'hung'> {
  return Promise.race([work, new Promise<'hung'>((r) => setTimeout(() => r('hung'), ms))]);
}

describe('a settings file that is not a small regular file', () => {
  it('a FIFO: does not hang, defaults apply, the FIFO is moved aside', async () => {
    expect(spawnSync('mkfifo', [path]).status).toBe(0);
    const loaded = await within(loadSettings(path), 3000);
    expect(loaded).not.toBe('hung');
    if (loaded === 'hung') return;
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.problem?.reason).toBe('not a regular file');
    expect(existsSync(path)).toBe(false);
    expect(lstatSync(loaded.problem!.movedTo).isFIFO()).toBe(true);
  });

  it('a file of 1 MiB: not read whole, moved aside as damaged', async () => {
    writeFileSync(path, `{"rememberCards": true, "x": "${'a'.repeat(1024 * 1024)}"}`);
    const loaded = await loadSettings(path);
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.problem?.reason).toBe('larger than 64 KiB');
  });
});

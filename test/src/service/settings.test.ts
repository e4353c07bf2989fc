import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  settingsPath,
  updateSettings,
} from '../../../src/service/settings';
import { userDirs } from '../../../src/platform';

let home: string;
let path: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'ccm-settings-'));
  path = settingsPath(userDirs({ CITIZEN_CARD_HOME: home }));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('settings', () => {
  it('start from the defaults: status checks on, remembering cards off', async () => {
    expect(await loadSettings(path)).toEqual({ settings: DEFAULT_SETTINGS, problem: null });
    expect(DEFAULT_SETTINGS).toEqual({ onlineStatusCheck: true, rememberCards: false });
  });

  it('keep a change for the next start, in a file only this person may read', async () => {
    expect(await updateSettings({ rememberCards: true }, path)).toEqual({
      onlineStatusCheck: true,
      rememberCards: true,
    });
    expect((await loadSettings(path)).settings.rememberCards).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('move a damaged file aside, say where, and use the defaults', async () => {
    await updateSettings({ onlineStatusCheck: false }, path);
    writeFileSync(path, '{"onlineStatusCheck": fal');
    const loaded = await loadSettings(path);
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.problem?.movedTo).toMatch(/settings\.json\.damaged-/);
    expect(readFileSync(loaded.problem!.movedTo, 'utf8')).toBe('{"onlineStatusCheck": fal');
    expect(existsSync(path)).toBe(false);
  });

  it('ignore keys it does not know and values of the wrong type', async () => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      path,
      JSON.stringify({ rememberCards: 'yes', theme: 'dark', onlineStatusCheck: false }),
    );
    expect((await loadSettings(path)).settings).toEqual({
      onlineStatusCheck: false,
      rememberCards: false,
    });
  });
});

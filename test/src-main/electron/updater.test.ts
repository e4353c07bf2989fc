/**
 * The updater glue (src-main/electron/updater.ts) with a fake electron-updater: nothing is installed
 * unless the download's signature verifies and the person agrees to restart.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signUpdate, type UpdateConfig } from '../../../src/updates';
import { makeKey } from '../../src/updates/keys';

vi.mock('electron', () => ({ app: {}, dialog: {}, net: {} }));

const { runUpdater } = await import('../../../src-main/electron/updater');
type Deps = Parameters<typeof runUpdater>[0];
type Listener = (arg: never) => void;

const key = makeKey();
const FEED = 'https://updates.example.org/ccm/';
const NAME = 'citizen-card-manager-0.2.0-x86_64.AppImage';
let dir: string;
let file: string;

class FakeUpdater {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  allowDowngrade = true;
  allowPrerelease = true;
  feed: unknown = null;
  listeners = new Map<string, Listener>();
  installs: unknown[][] = [];
  checks = 0;
  setFeedURL(options: unknown) {
    this.feed = options;
  }
  on(event: string, listener: Listener) {
    this.listeners.set(event, listener);
    return this;
  }
  async checkForUpdates() {
    this.checks++;
    return null;
  }
  quitAndInstall(...args: unknown[]) {
    this.installs.push(args);
  }
  /** What electron-updater does after a download; resolves when the glue is done with it. */
  async downloaded(version = '0.2.0', path = file) {
    const listener = this.listeners.get('update-downloaded') as (info: unknown) => unknown;
    await listener({ version, downloadedFile: path });
  }
}

const enabled: UpdateConfig = { enabled: true, feedUrl: FEED, trustedKeys: [key.trusted] };

function setup(overrides: Partial<Deps> = {}, answer = true) {
  const updater = new FakeUpdater();
  const fetched: string[] = [];
  const questions: unknown[] = [];
  const logs: string[] = [];
  const signature = JSON.stringify(
    signUpdate(
      {
        file: NAME,
        version: '0.2.0',
        size: 9,
        sha512: createHash('sha512').update('installer').digest('base64'),
      },
      key.privateKeyPem,
    ),
  );
  const deps: Deps = {
    config: enabled,
    currentVersion: '0.1.0',
    lang: 'en',
    loadUpdater: async () => updater,
    fetchText: async (url) => {
      fetched.push(url);
      return signature;
    },
    askToRestart: async (question) => {
      questions.push(question);
      return answer;
    },
    log: (message) => logs.push(message),
    ...overrides,
  };
  return { updater, deps, fetched, questions, logs };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-updater-'));
  file = join(dir, NAME);
  writeFileSync(file, 'installer');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the updater', () => {
  it('does nothing at all while updates are off', async () => {
    const loadUpdater = vi.fn();
    const { deps, logs } = setup({
      config: { enabled: false, reason: 'no-feed' },
      loadUpdater,
    });
    expect(await runUpdater(deps)).toBe('off');
    expect(loadUpdater).not.toHaveBeenCalled();
    expect(logs).toEqual(['updates: off (no-feed)']);
  });

  it('checks the configured feed and never lets electron-updater install on its own', async () => {
    const { updater, deps } = setup();
    expect(await runUpdater(deps)).toBe('checking');
    expect(updater.feed).toEqual({ provider: 'generic', url: FEED });
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.allowDowngrade).toBe(false);
    expect(updater.allowPrerelease).toBe(false);
    expect(updater.checks).toBe(1);
  });

  it('installs a verified update when the person agrees to restart', async () => {
    const { updater, deps, fetched, questions } = setup();
    await runUpdater(deps);
    await updater.downloaded();
    expect(fetched).toEqual([`${FEED}${NAME}.sig.json`]);
    expect(questions).toHaveLength(1);
    expect(JSON.stringify(questions[0])).toContain('0.2.0');
    expect(updater.installs).toEqual([[false, true]]);
  });

  it('asks in the app language', async () => {
    const { updater, deps, questions } = setup({ lang: 'zh-TW' });
    await runUpdater(deps);
    await updater.downloaded();
    expect((questions[0] as { restart: string }).restart).toBe('現在重新啟動');
  });

  it('leaves a verified update for later when the person says so', async () => {
    const { updater, deps, questions } = setup({}, false);
    await runUpdater(deps);
    await updater.downloaded();
    expect(questions).toHaveLength(1);
    expect(updater.installs).toEqual([]);
  });

  it('never installs or asks when the download does not match its signature', async () => {
    writeFileSync(file, 'installeR');
    const { updater, deps, questions, logs } = setup();
    await runUpdater(deps);
    await updater.downloaded();
    expect(questions).toEqual([]);
    expect(updater.installs).toEqual([]);
    expect(logs.join('\n')).toMatch(/does not match its signature/);
  });

  it('never installs when the signature is missing or cannot be fetched', async () => {
    for (const fetchText of [
      async () => null,
      async () => {
        throw new Error('offline');
      },
    ]) {
      const { updater, deps, questions } = setup({ fetchText });
      await runUpdater(deps);
      await updater.downloaded();
      expect(questions).toEqual([]);
      expect(updater.installs).toEqual([]);
    }
  });

  it('never installs a download announced under another version than the signed one', async () => {
    const { updater, deps, questions } = setup();
    await runUpdater(deps);
    await updater.downloaded('0.3.0');
    expect(questions).toEqual([]);
    expect(updater.installs).toEqual([]);
  });

  it('checks the file again right before installing: one swapped while the question waited is not installed', async () => {
    const { updater, deps, logs } = setup({
      askToRestart: async () => {
        // While the dialog is open another program replaces the verified download.
        writeFileSync(file, 'malware!!');
        return true;
      },
    });
    await runUpdater(deps);
    await updater.downloaded();
    expect(updater.installs).toEqual([]);
    expect(logs.join('\n')).toMatch(/verified after download/);
    expect(logs.join('\n')).toMatch(/before installing\); not installed/);
  });

  it('installs when the file is still the one that was verified', async () => {
    const { updater, deps, logs } = setup();
    await runUpdater(deps);
    await updater.downloaded();
    expect(updater.installs).toEqual([[false, true]]);
    expect(
      logs.filter((l) => / verified (after download|before installing) /.test(l)),
    ).toHaveLength(2);
  });
});

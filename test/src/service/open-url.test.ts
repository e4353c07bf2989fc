/**
 * Links open without a shell on every OS: the URL is one argument of one program (the
 * browser host once ran `cmd /c start "" URL`, where `&` in the URL started a command).
 */
import { EventEmitter } from 'node:events';
import type { SpawnOptions } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openInSystemBrowser, systemOpener } from '../../../src/service/open-url';

const LINK = 'https://moica.nat.gov.tw/rac_plus.html';

function recordingSpawn(outcome: 'spawn' | 'error' = 'spawn') {
  const calls: Array<{ command: string; args: string[]; options: SpawnOptions }> = [];
  const spawn = (command: string, args: string[], options: SpawnOptions) => {
    calls.push({ command, args, options });
    const child = Object.assign(new EventEmitter(), { unref: () => undefined });
    setImmediate(() =>
      outcome === 'spawn' ? child.emit('spawn') : child.emit('error', new Error('ENOENT')),
    );
    return child;
  };
  return { calls, spawn };
}

describe('opening a link in the system browser', () => {
  it.each([
    ['win32', 'C:\\Windows\\System32\\rundll32.exe', ['url.dll,FileProtocolHandler', LINK]],
    ['darwin', '/usr/bin/open', [LINK]],
    ['linux', 'xdg-open', [LINK]],
    ['freebsd', 'xdg-open', [LINK]],
  ] as const)(
    '%s: starts %s with the URL as its own argument, no shell',
    async (platform, command, args) => {
      const { calls, spawn } = recordingSpawn();
      await openInSystemBrowser(LINK, { platform, env: { SystemRoot: 'C:\\Windows' }, spawn });
      expect(calls).toHaveLength(1);
      expect(calls[0]!.command).toBe(command);
      expect(calls[0]!.args).toEqual(args);
      expect(calls[0]!.options.shell).toBe(false);
      expect(calls[0]!.options.windowsVerbatimArguments).toBe(false);
    },
  );

  it('never runs cmd.exe, whatever the platform', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const { command } = systemOpener(LINK, platform, {});
      expect(command.toLowerCase()).not.toMatch(/(^|\\)cmd(\.exe)?$/);
    }
  });

  it('refuses a URL off the allow-list without starting anything', async () => {
    const { calls, spawn } = recordingSpawn();
    for (const url of ['https://moica.nat.gov.tw/x&calc.exe', 'https://evil.example/']) {
      await expect(openInSystemBrowser(url, { platform: 'win32', spawn })).rejects.toMatchObject({
        code: 'invalid-input',
        messageKey: 'app.error.urlNotAllowed',
      });
    }
    expect(calls).toEqual([]);
  });

  it('says so when the opener cannot be started', async () => {
    const { spawn } = recordingSpawn('error');
    await expect(openInSystemBrowser(LINK, { platform: 'linux', spawn })).rejects.toThrow('ENOENT');
  });
});

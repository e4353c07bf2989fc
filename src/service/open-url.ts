/**
 * Opening an allow-listed link in the system's browser, without a shell on any OS: the URL
 * is one argument of one program, never part of a command line a shell parses. (The browser
 * host used `cmd /c start "" URL` on Windows, where `&` in the URL started a second
 * command.) The Electron app uses shell.openExternal behind the same allow-list check.
 */
import { spawn as nodeSpawn, type SpawnOptions } from 'node:child_process';
import { win32 } from 'node:path';
import { InvalidInputError } from '../core/errors';
import { allowedExternalUrl } from './external-url';

export interface SystemOpener {
  command: string;
  args: string[];
}

/**
 * The program that opens `url` on `platform`. Windows: the URL protocol handler of
 * url.dll through rundll32, by its full path so no program of the same name in the current
 * folder or on PATH is started instead; macOS: open(1); elsewhere: xdg-open.
 */
export function systemOpener(
  url: string,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv = process.env,
): SystemOpener {
  if (platform === 'win32') {
    const rundll32 = win32.join(env.SystemRoot ?? 'C:\\Windows', 'System32', 'rundll32.exe');
    return { command: rundll32, args: ['url.dll,FileProtocolHandler', url] };
  }
  if (platform === 'darwin') return { command: '/usr/bin/open', args: [url] };
  return { command: 'xdg-open', args: [url] };
}

/** What is used of the started process: whether it started, and letting it go. */
export interface StartedOpener {
  once(event: 'spawn', listener: () => void): unknown;
  once(event: 'error', listener: (err: Error) => void): unknown;
  unref(): void;
}

type Spawn = (command: string, args: string[], options: SpawnOptions) => StartedOpener;

export interface OpenUrlDeps {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  spawn?: Spawn;
}

/** Checks `url` against the allow-list again, then starts the opener and lets it go. */
export function openInSystemBrowser(url: string, deps: OpenUrlDeps = {}): Promise<void> {
  const allowed = allowedExternalUrl(url);
  if (!allowed) return Promise.reject(new InvalidInputError('app.error.urlNotAllowed'));
  const { command, args } = systemOpener(allowed, deps.platform ?? process.platform, deps.env);
  const spawn = deps.spawn ?? nodeSpawn;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      shell: false,
      windowsVerbatimArguments: false,
      windowsHide: true,
      stdio: 'ignore',
      detached: true,
    });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

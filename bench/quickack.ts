/**
 * Whether loopback runs with TCP quickack: vpcd sends each message in two writes, and
 * without quickack the second waits for loopback's delayed ACK (~40 ms an APDU), which
 * would swamp every other cost (docs/pcsc-linux.md "Speed").
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export type QuickackState = 'on' | 'off' | 'unknown';

/** Reads the 127.0.0.1 line of `ip route show table local`. */
export function quickackFromRoutes(routes: string): QuickackState {
  const line = routes.split('\n').find((l) => /^local 127\.0\.0\.1 /.test(l.trim()));
  if (!line) return 'unknown';
  const m = /\bquickack (\d+)/.exec(line);
  return m && m[1] !== '0' ? 'on' : 'off';
}

export async function loopbackQuickack(): Promise<{ state: QuickackState; route: string }> {
  try {
    const { stdout } = await promisify(execFile)('ip', ['route', 'show', 'table', 'local']);
    const route = stdout.split('\n').find((l) => /^local 127\.0\.0\.1 /.test(l.trim())) ?? '';
    return { state: quickackFromRoutes(stdout), route: route.trim() };
  } catch {
    return { state: 'unknown', route: '' };
  }
}

/**
 * Sets quickack on loopback's 127.0.0.1 route for a run (root only); the returned function
 * puts the route back as it was.
 */
export async function setQuickack(on: boolean): Promise<() => Promise<void>> {
  const run = promisify(execFile);
  const { stdout } = await run('ip', ['route', 'show', 'table', 'local']);
  const original = stdout.split('\n').find((l) => /^local 127\.0\.0\.1 /.test(l.trim()));
  if (!original) throw new Error('no "local 127.0.0.1" route in table local');
  const base = original
    .trim()
    .replace(/\s+quickack \d+/, '')
    .split(/\s+/);
  await run('ip', ['route', 'change', ...base, 'table', 'local', 'quickack', on ? '1' : '0']);
  return async () => {
    await run('ip', ['route', 'change', ...original.trim().split(/\s+/), 'table', 'local']);
  };
}

/**
 * The browser host alone in a process of its own (test/src-main/browser-host/fixtures/
 * standalone-host.ts), for tests and the reliability suite that attack it: an uncaught
 * error ends that process, as it would end `npm run web`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import type { HostAddress } from './raw-websocket';

const SCRIPT = fileURLToPath(
  new URL('../src-main/browser-host/fixtures/standalone-host.ts', import.meta.url),
);

export interface StandaloneHost extends HostAddress {
  /** How the process ended, or null while it runs. */
  exit(): string | null;
  stop(): void;
}

export async function startStandaloneHost(): Promise<StandaloneHost> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child: ChildProcess = spawn(process.execPath, ['--import', tsx, SCRIPT], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let ended: string | null = null;
  child.on('exit', (code, signal) => (ended = signal ?? `exit code ${code}`));
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', () => reject(new Error(`host did not start: ${stderr}`)));
  });
  const address = JSON.parse(line) as HostAddress;
  return { ...address, exit: () => ended, stop: () => child.kill() };
}

/** Our page's view: connect with the token and get an answer to one request. */
export async function hostAnswers(host: HostAddress, timeoutMs = 3000): Promise<boolean> {
  const url = `ws://127.0.0.1:${host.port}/bridge?token=${host.token}`;
  const ws = new WebSocket(url, { origin: host.origin });
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      ws.on('error', () => resolve(false));
      ws.on('open', () => ws.send(JSON.stringify({ id: 7, channel: 'app:info' })));
      ws.on('message', (data) => {
        clearTimeout(timer);
        resolve((JSON.parse(data.toString()) as { id: number }).id === 7);
      });
    });
  } finally {
    ws.terminate();
  }
}

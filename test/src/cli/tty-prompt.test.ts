/**
 * PIN commands on a terminal: hidden prompts, a new PIN asked twice, Ctrl-C. The terminal is
 * a stream that says it is a TTY; keys are typed only once the prompt has been shown, as a
 * person would.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli/main';
import { createVirtualSource, DEMO_READER } from '../../../src/sources/virtual-source';
import type { VirtualCard } from '../../../src/virtual-card';
import { NOW, secretCommands } from './run-cli';

interface Session {
  code: Promise<number>;
  /** Wait for `prompt` on stderr (its n-th appearance), then type `keys`. */
  type(prompt: string, keys: string, nth?: number): Promise<void>;
  stdout(): string;
  stderr(): string;
  card(): VirtualCard | null;
  rawModes(): boolean[];
}

function startSession(argv: string[], scenario = 'fresh'): Session {
  const tty = Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode: vi.fn<(mode: boolean) => void>(),
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on('data', (c: Buffer) => out.push(Buffer.from(c)));
  const stderr = new PassThrough().on('data', (c: Buffer) => err.push(Buffer.from(c)));
  let card: VirtualCard | null = null;
  const code = runCli(
    argv,
    { stdout, stderr, stdin: tty, env: { LANG: 'en_US.UTF-8' } },
    {
      now: () => NOW,
      openVirtual: async () => {
        const source = await createVirtualSource(
          [
            {
              reader: DEMO_READER,
              card: { scenario: scenario as never, now: () => NOW, recordCommands: 100_000 },
            },
          ],
          { now: () => NOW },
        );
        card = source.cardIn(DEMO_READER);
        return source;
      },
    },
  );
  const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
  return {
    code,
    async type(prompt, keys, nth = 1) {
      for (let i = 0; i < 400; i++) {
        if (text(err).split(prompt).length > nth) {
          tty.write(Buffer.from(keys, 'latin1'));
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error(`prompt "${prompt}" never appeared; stderr: ${text(err)}`);
    },
    stdout: () => text(out),
    stderr: () => text(err),
    card: () => card,
    rawModes: () => tty.setRawMode.mock.calls.map((c) => c[0]),
  };
}

describe('PIN prompts on a terminal', () => {
  it('verify: shows the tries, asks without echo, and checks the PIN', async () => {
    const s = startSession(['verify', '--virtual', 'fresh']);
    await s.type('Enter PIN:', '730101\r');
    expect(await s.code).toBe(0);
    expect(s.stderr()).toContain('PIN: 3 of 3 tries left');
    expect(s.stderr()).not.toContain('730101');
    expect(s.stdout()).toContain('PIN verified.');
    expect(s.rawModes()).toEqual([true, false]);
  });

  it('change-pin: asks the new PIN twice and refuses a mismatch before sending anything', async () => {
    const s = startSession(['change-pin', '--virtual', 'fresh']);
    await s.type('Enter current PIN:', '730101\r');
    await s.type('Enter new PIN:', 'Abc987\r');
    await s.type('Repeat new PIN:', 'Abc988\r');
    expect(await s.code).toBe(2);
    expect(s.stderr()).toContain('The two new PINs do not match');
    expect(secretCommands(s.card())).toEqual([]);
  });

  it('change-pin: a matching new PIN is set', async () => {
    const s = startSession(['change-pin', '--virtual', 'fresh']);
    await s.type('Enter current PIN:', '730101\r');
    await s.type('Enter new PIN:', 'Abc987\r');
    await s.type('Repeat new PIN:', 'Abc987\r');
    expect(await s.code).toBe(0);
    expect(secretCommands(s.card())).toHaveLength(1);
  });

  it('Ctrl-C at the prompt aborts cleanly: exit 1, terminal restored, no PIN sent', async () => {
    const s = startSession(['verify', '--virtual', 'fresh']);
    await s.type('Enter PIN:', '73\x03');
    expect(await s.code).toBe(1);
    expect(s.stderr()).toContain('Cancelled - nothing was sent to the card.');
    expect(s.rawModes()).toEqual([true, false]);
    expect(secretCommands(s.card())).toEqual([]);
  });

  it('the last try is refused before the person is asked for a PIN', async () => {
    const s = startSession(['verify', '--virtual', 'one-try-left'], 'one-try-left');
    expect(await s.code).toBe(6);
    expect(s.stderr()).not.toContain('Enter PIN:');
    expect(s.rawModes()).toEqual([]);
  });
});

/**
 * The card service and the `virtual-card` CLI as separate processes, the way they meet in
 * real use: the CLI's card is seen by a service in another process, and a service closes
 * without leaving anything that keeps its process alive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIRTUAL_ATR, VIRTUAL_CARD_DEFAULTS } from '../../src/virtual-card';
import { vpcdReaderName } from '../../src/virtual-card/vpcd-link';
import type { CardService } from '../../src/sources/pcsc';
import { nextEvent, pcscEnv, startService, waitEmpty } from './support';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../bin/citizen-card.mjs', import.meta.url));
const ROUND_TRIP = fileURLToPath(new URL('./fixtures/service-round-trip.ts', import.meta.url));

function run(args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return { child, stdout: () => out, stderr: () => err };
}

async function exitOf(child: ChildProcess, timeoutMs: number): Promise<number | string> {
  if (child.exitCode !== null) return child.exitCode;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  return code ?? signal ?? 'unknown';
}

describe.skipIf(!pcscEnv.available)('processes on pcscd + vpcd', () => {
  let service: CardService;

  beforeAll(async () => {
    service = await startService();
  });

  afterAll(async () => {
    await service?.close();
  });

  it.each([
    ['SIGTERM', true],
    ['SIGINT', false],
  ] as const)(
    'citizen-card virtual-card: the service sees its card, and %s pulls it cleanly (exit 0)',
    async (signal, json) => {
      const reader = vpcdReaderName(1);
      await waitEmpty(service, reader);
      const inserted = nextEvent(service, 'card-inserted', (e) => e.reader === reader, 15_000);
      const identified = nextEvent(service, 'card-identified', (e) => e.reader === reader, 15_000);
      const cli = run([
        CLI,
        'virtual-card',
        '--scenario',
        'fresh',
        '--slot',
        '1',
        ...(json ? ['--json'] : []),
      ]);
      try {
        expect((await inserted).atr).toBe(VIRTUAL_ATR.toString('hex').toUpperCase());
        expect((await identified).identity.family).toBe('virtual');
        if (json) {
          expect(JSON.parse(cli.stdout())).toMatchObject({
            scenario: 'fresh',
            slot: 1,
            port: 35964,
            reader,
            cardNumber: VIRTUAL_CARD_DEFAULTS.cardNumber,
          });
        } else {
          expect(cli.stderr()).toContain(`slot 1 (reader "${reader}"`);
        }

        const removed = nextEvent(service, 'card-removed', (e) => e.reader === reader);
        cli.child.kill(signal);
        expect(await exitOf(cli.child, 5000)).toBe(0);
        await removed;
        expect(cli.stderr()).toContain('Virtual card removed.');
      } finally {
        cli.child.kill('SIGKILL');
      }
    },
  );

  it('a service that is closed leaves nothing that keeps its process alive', async () => {
    const child = run(['--import', 'tsx', ROUND_TRIP, '0']);
    // The work itself takes about a second; a leaked handle would keep it running forever.
    expect(await exitOf(child.child, 15_000)).toBe(0);
    expect(JSON.parse(child.stdout())).toEqual({ number: VIRTUAL_CARD_DEFAULTS.cardNumber });
  });
});

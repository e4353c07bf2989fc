/**
 * The app's IPC handlers over the PinBackend seam: a vendor-family card (virtual card
 * "vendor-gen1") gets its PIN state and PIN operations from a PKCS#11 module (SoftHSM2),
 * and the card itself never receives a PIN command. The renderer sees the same shapes as
 * for an ISO card.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCardBackend } from '../../../src/service/handlers';
import type { CardBackend } from '../../../src/service/handler-types';
import { DEMO_READER, openVirtualSource, type VirtualCardSource } from '../../../src/sources';
import type { CardStatusView, IpcResult, PinOutcome } from '../../../src/service/contract';
import type { PinBackendOptions } from '../../../src/sources/pin-backend';
import { forkLauncher, type WorkerLauncher } from '../../../src/card/pkcs11/client';
import { createSoftHsm, matchByLabel, type SoftHsm } from '../../helpers/softhsm';

const R = DEMO_READER;
const PIN = '730101';
const APP_INFO = {
  name: 'Citizen Card Manager',
  version: '0.0.0-test',
  runtime: 'browser' as const,
  platform: 'linux',
  demoScenario: null,
};
const now = () => new Date('2026-03-10T04:00:00Z');

let hsm: SoftHsm;
let source: VirtualCardSource;
let backend: CardBackend;
let pids: number[];

function launcher(): WorkerLauncher {
  const inner = forkLauncher();
  return (env) => {
    const w = inner(env);
    if (w.pid) pids.push(w.pid);
    return w;
  };
}

async function setup(pinBackends: PinBackendOptions) {
  source = await openVirtualSource('vendor-gen1', undefined, { now, recordCommands: 100_000 });
  backend = createCardBackend({
    source,
    appInfo: APP_INFO,
    log: () => undefined,
    now,
    pinBackends,
  });
  await vi.waitUntil(() => source.readers()[0]?.identity);
}

const withSoftHsm = (): PinBackendOptions => ({
  pkcs11: {
    modulePath: hsm.module,
    matchSlot: matchByLabel,
    client: { env: hsm.env, launch: launcher() },
  },
});

/** Every APDU of the PIN family (VERIFY, CHANGE, RESET RETRY COUNTER), empty ones too. */
const pinCommands = () =>
  (source.cardIn(R)?.received ?? []).filter((a) => [0x20, 0x24, 0x2c].includes(a[1] ?? -1));

function value<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

const status = async () =>
  value((await backend.invoke('card:status', { reader: R })) as IpcResult<CardStatusView>);
const verify = (pin: string) =>
  backend.invoke('pin:verify', { reader: R, pin, confirmLastTry: false }) as Promise<
    IpcResult<PinOutcome>
  >;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  hsm = createSoftHsm();
  hsm.initToken('TP03000012345678', PIN);
});

afterAll(() => hsm?.cleanup());

afterEach(async () => {
  backend?.close();
  await source?.close();
});

describe('IPC handlers with a PKCS#11 module', { timeout: 30_000 }, () => {
  it('card:status shows the PIN state the module reports, and sends the card no PIN command', async () => {
    pids = [];
    await setup(withSoftHsm());
    const view = await status();
    expect(view).toMatchObject({
      family: 'moica-gen1',
      pinChannel: 'vendor',
      pin: { triesLeft: null, maxTries: null, blocked: false, lastTry: false, source: 'pkcs11' },
      userCode: null,
    });
    // SoftHSM2's token holds none of the card's certificates: nothing to compare, no doubt.
    expect(view.problems ?? []).toEqual([]);
    await status();
    // The worker is kept between status reads.
    expect(pids).toHaveLength(1);
    expect(pinCommands()).toEqual([]);
  });

  it('pin:verify and pin:change go through the module; outcomes carry its flags', async () => {
    pids = [];
    await setup(withSoftHsm());
    expect(value(await verify(PIN))).toEqual({
      pin: { triesLeft: null, maxTries: null, blocked: false, lastTry: false, source: 'pkcs11' },
      userCode: null,
    });
    const wrong = await verify('111111');
    expect(wrong).toEqual({
      ok: false,
      error: {
        code: 'wrong-secret',
        messageKey: 'error.wrongPinNoCount',
        params: {},
        // The module's flags read again after the wrong PIN: still no count, not the last try.
        counters: {
          pin: {
            triesLeft: null,
            maxTries: null,
            blocked: false,
            lastTry: false,
            source: 'pkcs11',
          },
          userCode: null,
        },
      },
    });
    const changed = await backend.invoke('pin:change', {
      reader: R,
      oldPin: PIN,
      newPin: 'New2468',
      confirmLastTry: false,
    });
    expect(changed.ok).toBe(true);
    expect((await verify('New2468')).ok).toBe(true);
    expect(
      (
        await backend.invoke('pin:change', {
          reader: R,
          oldPin: 'New2468',
          newPin: PIN,
          confirmLastTry: false,
        })
      ).ok,
    ).toBe(true);
    expect(pinCommands()).toEqual([]);
  });

  it('pin:unblock on a MOICA card is the online procedure, even with a module', async () => {
    pids = [];
    await setup(withSoftHsm());
    const result = await backend.invoke('pin:unblock', {
      reader: R,
      userCode: '12345678',
      newPin: PIN,
      confirmLastTry: true,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'refused', messageKey: 'refused.unblock-not-offered' },
    });
    expect(pids).toHaveLength(0);
  });

  it('closing the backend ends the worker it kept', async () => {
    pids = [];
    await setup(withSoftHsm());
    await status();
    expect(alive(pids[0]!)).toBe(true);
    backend.close();
    await vi.waitUntil(() => !alive(pids[0]!), { timeout: 5000 });
  });

  it('without a module: PIN state unknown, PIN operations refused with the install hint', async () => {
    await setup({ pkcs11: { exists: () => false } });
    expect((await status()).pin).toBeNull();
    expect(await verify(PIN)).toMatchObject({
      ok: false,
      error: { code: 'refused', messageKey: 'refused.vendor-module-missing' },
    });
    expect(pinCommands()).toEqual([]);
  });

  it('a module without a slot for this card: status says so, the PIN is not sent', async () => {
    await setup({
      pkcs11: { modulePath: hsm.module, matchSlot: () => null, client: { env: hsm.env } },
    });
    const view = await status();
    expect(view.pin).toBeNull();
    expect(view.problems).toContainEqual(
      expect.objectContaining({ item: 'pin', code: 'not-found', messageKey: 'pkcs11.noSlot' }),
    );
    expect(await verify(PIN)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

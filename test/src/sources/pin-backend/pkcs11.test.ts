/**
 * The PKCS#11 PIN backend against a real module (SoftHSM2), through the worker process,
 * paired with the virtual card "vendor-gen1" (a card of the MOICA gen-1 family, card
 * number TP03000012345678) by the token's label.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CardDriver } from '../../../../src/card';
import {
  createVirtualSource,
  type VirtualCardSource,
} from '../../../../src/sources/virtual-source';
import { WrongSecretError } from '../../../../src/core/errors';
import { localizeError } from '../../../../src/core/i18n';
import type { CardCertificate } from '../../../../src/core/model';
import {
  openPinBackend,
  type PinBackend,
  type PinBackendOptions,
  type Pkcs11Settings,
} from '../../../../src/sources/pin-backend';
import {
  forkLauncher,
  Pkcs11Client,
  type WorkerLauncher,
} from '../../../../src/card/pkcs11/client';
import { createSoftHsm, matchByLabel, type SoftHsm } from '../../../helpers/softhsm';

const CARD_NUMBER = 'TP03000012345678';
const PIN = '730101';
const READER = 'Vendor reader 00 00';
const now = () => new Date('2026-03-10T04:00:00Z');

let hsm: SoftHsm;
let source: VirtualCardSource;
let cardCerts: CardCertificate[];
const opened: PinBackend[] = [];

/** Counts worker processes, to see when one is started and when one is ended. */
function countingLauncher(): { launch: WorkerLauncher; pids: number[] } {
  const pids: number[] = [];
  const inner = forkLauncher();
  return {
    pids,
    launch: (env) => {
      const worker = inner(env);
      if (worker.pid) pids.push(worker.pid);
      return worker;
    },
  };
}

function settings(extra: Partial<Pkcs11Settings> = {}): PinBackendOptions {
  return {
    pkcs11: {
      modulePath: hsm.module,
      matchSlot: matchByLabel,
      client: { env: hsm.env },
      ...extra,
    },
  };
}

async function backend(extra: Partial<Pkcs11Settings> = {}): Promise<PinBackend> {
  const reader = source.readers().find((r) => r.name === READER)!;
  const b = await openPinBackend(source, reader, settings(extra));
  opened.push(b);
  return b;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  hsm = createSoftHsm();
  source = await createVirtualSource([{ reader: READER, card: { scenario: 'vendor-gen1', now } }], {
    now,
  });
  cardCerts = await source.withCard(READER, (t) => new CardDriver(t).readCertificates());
});

afterAll(async () => {
  await source?.close();
  hsm?.cleanup();
});

afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

// Every PIN operation ends its worker, and each new worker starts under tsx (~0.5–1 s on a
// busy machine): a test of several operations needs more than the default 5 s.
describe('PKCS#11 backend over SoftHSM2', { timeout: 30_000 }, () => {
  beforeAll(() => {
    hsm.initToken(CARD_NUMBER, PIN);
    hsm.initToken('TP03000099999999', '111111');
    hsm.addCertificates(
      CARD_NUMBER,
      PIN,
      cardCerts.map((c) => ({ label: c.label, id: Buffer.from(c.id, 'ascii'), der: c.der })),
    );
  });

  it('is chosen for a vendor-family card and reports the PIN state from the token flags', async () => {
    const b = await backend();
    expect(b.kind).toBe('pkcs11');
    const state = await b.state();
    expect(state).toMatchObject({
      pin: { triesLeft: null, maxTries: null, blocked: false, lastTry: false, source: 'pkcs11' },
      userCode: null,
      pinMustChange: false,
      problem: null,
    });
  });

  it("finds the card's certificates among the token's objects", async () => {
    const state = await (await backend()).state({ cardCertificates: cardCerts });
    expect(state.certificates).toEqual({ matched: 4, onlyOnCard: [], onlyInToken: [] });
    expect(state.problem).toBeNull();
  });

  it('flags a token whose certificates are all different (paired with the wrong card)', async () => {
    const other = await backend({
      matchSlot: (_card, slots) => slots.find((s) => s.token?.label === 'TP03000099999999') ?? null,
    });
    // That token lists no certificates: nothing to disagree with.
    expect((await other.state({ cardCertificates: cardCerts })).problem).toBeNull();
    const b = await backend();
    const foreign = cardCerts
      .slice(0, 2)
      .map((c) => ({ ...c, der: Buffer.concat([c.der, Buffer.from([0])]) }));
    const state = await b.state({ cardCertificates: foreign });
    expect(state.certificates?.matched).toBe(0);
    expect(state.problem?.messageKey).toBe('pkcs11.certificatesDiffer');
    // The PIN state is still shown, with the doubt attached.
    expect(state.pin?.source).toBe('pkcs11');
  });

  it('verifies the right PIN and zeroes the Buffer it was given', async () => {
    const pin = Buffer.from(PIN);
    await (await backend()).verifyPin(pin, { confirmLastTry: false });
    expect(pin.every((b) => b === 0)).toBe(true);
  });

  it('a wrong PIN → WrongSecretError without a count, and the token now says "count low"', async () => {
    const b = await backend();
    const pin = Buffer.from('999999');
    const err = await b.verifyPin(pin, { confirmLastTry: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WrongSecretError);
    expect((err as WrongSecretError).triesLeft).toBeNull();
    expect(localizeError(err, 'en')).not.toMatch(/\d/);
    expect(pin.every((x) => x === 0)).toBe(true);
    // SoftHSM2 sets CKF_USER_PIN_COUNT_LOW and never counts down: neither last try nor locked.
    expect((await b.state()).pin).toMatchObject({ blocked: false, lastTry: false });
    // A right PIN still works: nothing was locked by the wrong one.
    await b.verifyPin(Buffer.from(PIN), { confirmLastTry: false });
  });

  it('refuses a malformed PIN before the module sees it (invalid input)', async () => {
    const b = await backend();
    for (const bad of ['12345', '123456789', '12 456']) {
      const err = await b.verifyPin(Buffer.from(bad), { confirmLastTry: false }).catch((e) => e);
      expect(err.code, bad).toBe('invalid-input');
    }
    expect((await b.state()).pin?.blocked).toBe(false);
  });

  it('changes the PIN with C_SetPIN: a wrong old PIN changes nothing, the right one does', async () => {
    const b = await backend();
    const wrong = await b
      .changePin(Buffer.from('000000'), Buffer.from('Abc12345'), { confirmLastTry: false })
      .catch((e) => e);
    expect(wrong).toBeInstanceOf(WrongSecretError);
    await b.verifyPin(Buffer.from(PIN), { confirmLastTry: false });

    const oldPin = Buffer.from(PIN);
    const newPin = Buffer.from('Abc12345');
    await b.changePin(oldPin, newPin, { confirmLastTry: false });
    expect([...oldPin, ...newPin].every((x) => x === 0)).toBe(true);
    await b.verifyPin(Buffer.from('Abc12345'), { confirmLastTry: false });
    await expect(b.verifyPin(Buffer.from(PIN), { confirmLastTry: false })).rejects.toBeInstanceOf(
      WrongSecretError,
    );
    // Back to the scenario's PIN for the other tests.
    await b.changePin(Buffer.from('Abc12345'), Buffer.from(PIN), { confirmLastTry: false });
    await b.verifyPin(Buffer.from(PIN), { confirmLastTry: false });
  });

  it('never offers unblock: the MOICA site does it online (R-UNLOCK-ONLINE)', async () => {
    const b = await backend();
    const userCode = Buffer.from('12345678');
    const err = await b
      .unblockPin(userCode, Buffer.from(PIN), { confirmLastTry: true })
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'refused', reason: 'unblock-not-offered' });
    expect(userCode.every((x) => x === 0)).toBe(true);
  });

  it('ends the worker after every PIN operation, and keeps it for status reads', async () => {
    const { launch, pids } = countingLauncher();
    const b = await backend({ client: { env: hsm.env, launch } });
    await b.state();
    await b.state();
    expect(pids).toHaveLength(1);
    await b.verifyPin(Buffer.from(PIN), { confirmLastTry: false });
    // The process that held the PIN (as a string pkcs11js needs) is gone.
    expect(alive(pids[0]!)).toBe(false);
    // The state right after comes from what that worker read before it ended...
    expect((await b.state()).pin?.source).toBe('pkcs11');
    expect(pids).toHaveLength(1);
    // ...and the next read starts a new one.
    await b.state();
    expect(pids).toHaveLength(2);
    await b.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(alive(pids[1]!)).toBe(false);
  });

  it('an idle worker is ended, and the next call starts another', async () => {
    const { launch, pids } = countingLauncher();
    const client = new Pkcs11Client({ modulePath: hsm.module, env: hsm.env, launch, idleMs: 200 });
    await client.call('slots', {});
    await vi.waitUntil(() => !alive(pids[0]!), { timeout: 5000, interval: 50 });
    expect((await client.call('slots', {})).length).toBeGreaterThan(0);
    expect(pids).toHaveLength(2);
    await client.close();
  });

  it('reports a card with no matching slot, and refuses PIN operations for it', async () => {
    const b = await backend({ matchSlot: () => null });
    expect(b.kind).toBe('none');
    const state = await b.state();
    expect(state.pin).toBeNull();
    expect(state.problem?.messageKey).toBe('pkcs11.noSlot');
    await expect(b.verifyPin(Buffer.from(PIN), { confirmLastTry: false })).rejects.toMatchObject({
      messageKey: 'pkcs11.noSlot',
    });
  });

  it('pairs by the card number read over PC/SC (the matcher sees it)', async () => {
    const seen: Array<string | null> = [];
    await backend({
      matchSlot: (card, slots) => {
        seen.push(card.cardNumber);
        return matchByLabel(card, slots);
      },
    });
    expect(seen).toEqual([CARD_NUMBER]);
  });
});

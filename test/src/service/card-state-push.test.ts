/**
 * One card state for every window: the backend pushes each status read and each PIN
 * outcome (refusals included, with the counters read right after) to every subscriber, and
 * overlapping reads of one card share one read. Also the start-up and switch channels.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCardBackend } from '../../../src/service/handlers';
import type { BackendEventListener, CardBackend } from '../../../src/service/handler-types';
import { DEMO_READER, openVirtualSource, type VirtualCardSource } from '../../../src/sources';
import { CardService } from '../../../src/sources/pcsc';
import {
  openSwitchableSource,
  type SwitchableSource,
} from '../../../src/sources/switchable-source';
import type {
  AppInfo,
  CardStatusView,
  EventName,
  IpcEvents,
  IpcResult,
  PinOutcome,
} from '../../../src/service/contract';
import { FakePcsc, STATE, until } from '../sources/pcsc/fake-pcsclite';

const INFO: AppInfo = {
  name: 'Citizen Card Manager',
  version: '0.0.0-test',
  runtime: 'browser',
  platform: 'linux',
  demoScenario: null,
};
const R = DEMO_READER;

let source: VirtualCardSource | SwitchableSource | null = null;
let backend: CardBackend | null = null;
afterEach(async () => {
  backend?.close();
  await source?.close();
  backend = null;
  source = null;
});

/** A window: what it was pushed, by event. */
function windowOn(b: CardBackend) {
  const seen: Array<{ event: EventName; payload: unknown }> = [];
  const listener: BackendEventListener = (event, payload) => seen.push({ event, payload });
  b.subscribe(listener);
  return {
    seen,
    of<E extends EventName>(event: E): Array<IpcEvents[E]> {
      return seen.filter((s) => s.event === event).map((s) => s.payload as IpcEvents[E]);
    },
  };
}

async function demoBackend(scenario: string): Promise<{ b: CardBackend; s: VirtualCardSource }> {
  // These tests count what reached the card, so it keeps its commands.
  const s = await openVirtualSource(scenario, undefined, { recordCommands: 10_000 });
  source = s;
  const b = createCardBackend({ source: s, appInfo: INFO, log: () => undefined });
  backend = b;
  await vi.waitUntil(() => s.readers()[0]?.identity);
  return { b, s };
}

const verify = (b: CardBackend, pin: string, confirmLastTry = false) =>
  b.invoke('pin:verify', { reader: R, pin, confirmLastTry }) as Promise<IpcResult<PinOutcome>>;

describe('status reads', () => {
  it('are pushed to every window, and overlapping ones read the card once', async () => {
    const { b, s } = await demoBackend('fresh');
    const a = windowOn(b);
    const other = windowOn(b);
    const card = s.cardIn(R)!;
    const before = card.received.length;
    const [first, second] = await Promise.all([
      b.invoke('card:status', { reader: R }),
      b.invoke('card:status', { reader: R }),
    ]);
    const perRead = card.received.length - before;
    expect(first).toEqual(second);
    const again = card.received.length;
    await b.invoke('card:status', { reader: R });
    // A later read is a new read, of the same size.
    expect(card.received.length - again).toBe(perRead);
    for (const w of [a, other]) {
      const pushed = w.of('card-status');
      expect(pushed).toHaveLength(2);
      expect(pushed[0]).toMatchObject({ reader: R, status: { cardNumber: 'TP03000012345678' } });
    }
  });

  it('a read overtaken by the card being pulled is pushed to nobody', async () => {
    const { b, s } = await demoBackend('fresh');
    const w = windowOn(b);
    const reading = b.invoke('card:status', { reader: R });
    s.removeCard(R);
    expect((await reading).ok).toBe(false);
    expect(w.of('card-status')).toEqual([]);
    expect(w.of('card-removed')).toEqual([{ reader: R }]);
  });
});

describe('PIN outcomes', () => {
  it('every outcome pushes the counters to every window', async () => {
    const { b } = await demoBackend('fresh');
    const w = windowOn(b);
    expect((await verify(b, '000000')).ok).toBe(false);
    expect((await verify(b, '730101')).ok).toBe(true);
    expect(w.of('pin-state').map((p) => p.pin?.triesLeft)).toEqual([2, 3]);
    expect(w.of('pin-state')[0]).toMatchObject({ reader: R, userCode: { triesLeft: 5 } });
  });

  it('a wrong PIN comes back with the counters read after it', async () => {
    const { b } = await demoBackend('fresh');
    const r = await verify(b, '000000');
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'wrong-secret',
        params: { triesLeft: 2 },
        counters: { pin: { triesLeft: 2, lastTry: false }, userCode: { triesLeft: 5 } },
      },
    });
  });

  it('a window still at 3/3 whose try is refused as the last one gets 1/3 with the refusal', async () => {
    const { b, s } = await demoBackend('fresh');
    const card = s.cardIn(R)!;
    // Another window spends two tries.
    await verify(b, '000000');
    await verify(b, '000000');
    const spent = () => card.received.filter((c) => c[1] === 0x20 && c.length > 5).length;
    expect(spent()).toBe(2);
    const w = windowOn(b);
    // This window never heard of it and sends as if at 3/3: no confirmation.
    const r = await verify(b, '730101', false);
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'refused',
        messageKey: 'refused.last-try-unconfirmed',
        counters: { pin: { triesLeft: 1, lastTry: true, blocked: false } },
      },
    });
    expect(spent()).toBe(2);
    expect(w.of('pin-state')).toEqual([
      { reader: R, pin: expect.objectContaining({ triesLeft: 1 }), userCode: expect.anything() },
    ]);
  });

  it("the signature self-test's PIN counter is pushed too, the user code's left as it is", async () => {
    const { b } = await demoBackend('fresh');
    const w = windowOn(b);
    const r = await b.invoke('pin:selftest', { reader: R, pin: '000000', confirmLastTry: false });
    expect(r).toMatchObject({ ok: true, value: { ok: false, failedStep: 'pin' } });
    expect(w.of('pin-state')).toEqual([
      { reader: R, pin: expect.objectContaining({ triesLeft: 2 }) },
    ]);
  });

  it('a refusal for what the card is (not a citizen card) reads and pushes nothing', async () => {
    const { b, s } = await demoBackend('unknown-atr');
    const card = s.cardIn(R)!;
    const w = windowOn(b);
    const before = card.received.length;
    const r = await verify(b, '730101');
    expect(r).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(r.ok || r.error.counters).toBeUndefined();
    expect(card.received.length).toBe(before);
    expect(w.of('pin-state')).toEqual([]);
  });
});

describe('card:readers at start-up', () => {
  it('waits for the PC/SC service to say it is down, and says so instead of "no reader"', async () => {
    const fake = new FakePcsc();
    fake.up = false;
    const service = new CardService({ factory: fake.factory });
    source = await openSwitchableSource(null, { pcsc: async () => service, demo: vi.fn() });
    backend = createCardBackend({ source, appInfo: INFO });
    expect(source.status).toBe('starting');
    expect(await backend.invoke('card:readers', undefined)).toMatchObject({
      ok: false,
      error: { code: 'pcsc-unavailable' },
    });
  });

  it('lists the readers once the service is up', async () => {
    const fake = new FakePcsc();
    const service = new CardService({ factory: fake.factory, identify: null });
    source = await openSwitchableSource(null, { pcsc: async () => service, demo: vi.fn() });
    backend = createCardBackend({ source, appInfo: INFO });
    void until(() => fake.contexts.length > 0).then(() =>
      fake.current.addReader('USB Reader').setState(STATE.EMPTY | STATE.CHANGED),
    );
    expect(await backend.invoke('card:readers', undefined)).toMatchObject({
      ok: true,
      value: [{ name: 'USB Reader', cardPresent: false }],
    });
  });
});

describe('app:switch-source', () => {
  it('switches to the demo card and back, announced to every window', async () => {
    const fake = new FakePcsc();
    fake.up = false;
    const s = await openSwitchableSource(null, {
      pcsc: async () => new CardService({ factory: fake.factory, identify: null }),
      demo: (scenario) => openVirtualSource(scenario),
    });
    source = s;
    const b = createCardBackend({ source: s, sourceSwitch: s, appInfo: INFO });
    backend = b;
    const w = windowOn(b);
    expect(await b.invoke('app:switch-source', { demo: 'locked' })).toEqual({
      ok: true,
      value: { ...INFO, demoScenario: 'locked' },
    });
    expect(await b.invoke('app:info', undefined)).toMatchObject({
      value: { demoScenario: 'locked' },
    });
    const view = (await b.invoke('card:status', { reader: R })) as IpcResult<CardStatusView>;
    expect(view.ok && view.value.pin?.blocked).toBe(true);
    expect(await b.invoke('app:switch-source', { demo: null })).toMatchObject({
      value: { demoScenario: null },
    });
    expect(w.of('source-changed')).toEqual([{ demoScenario: 'locked' }, { demoScenario: null }]);
    const names = w.seen.map((e) => e.event);
    expect(names.indexOf('card-inserted')).toBeGreaterThan(names.indexOf('source-changed'));
  });

  it('refuses a malformed or unknown scenario, and a backend without a switch', async () => {
    const s = await openSwitchableSource(null, {
      pcsc: () => openVirtualSource('fresh'),
      demo: (scenario) => openVirtualSource(scenario),
    });
    source = s;
    const b = createCardBackend({ source: s, sourceSwitch: s, appInfo: INFO });
    backend = b;
    for (const demo of ['../etc', 'Fresh', '', 'x'.repeat(41), 42]) {
      expect(await b.invoke('app:switch-source', { demo })).toMatchObject({
        ok: false,
        error: { code: 'invalid-input', params: { field: 'demo' } },
      });
    }
    expect(await b.invoke('app:switch-source', { demo: 'no-such-card' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(s.demoScenario).toBeNull();
    const fixed = createCardBackend({ source: s, appInfo: INFO });
    expect(await fixed.invoke('app:switch-source', { demo: 'fresh' })).toMatchObject({
      ok: false,
      error: { code: 'refused', messageKey: 'live.error.switchNotOffered' },
    });
    fixed.close();
  });
});

/**
 * The store following the one card state the main process owns: pushed reads and counters
 * from other windows, a refusal that brings the fresh counters, the card-removed state, the
 * demo card on request, and the page losing and finding the browser host again.
 */
import { describe, expect, it } from 'vitest';
import { lastTryGate } from '../../../src/card/pin-policy';
import { createCardStore, type ConnectionWatch } from '../../../src-renderer/store/card-store';
import { cardViewState } from '../../../src-renderer/view/card-view';
import {
  FakeCardApi,
  INFO,
  cardStatus,
  deferred,
  fail,
  ok,
  reader,
  secret,
  settle,
} from '../fake-card-api';

async function started(api = new FakeCardApi(), connection: ConnectionWatch | null = null) {
  const store = createCardStore({ api, connection });
  await store.getState().start();
  await settle();
  return { api, store, s: () => store.getState() };
}

/** A connection the test moves by hand. */
function connectionWatch() {
  const listeners = new Set<(status: ConnectionWatch['status']) => void>();
  const watch = {
    status: 'connected' as ConnectionWatch['status'],
    onStatus(listener: (status: ConnectionWatch['status']) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(status: ConnectionWatch['status']) {
      watch.status = status;
      for (const l of listeners) l(status);
    },
  };
  return watch;
}

describe('one card state in every window', () => {
  it('applies a status another window read, for the reader shown only', async () => {
    const { api, s } = await started();
    api.emit('card-status', {
      reader: 'Reader A',
      status: cardStatus({ pin: secret(2), cardNumber: 'TP00000000000002' }),
    });
    expect(s().status?.pin?.triesLeft).toBe(2);
    expect(s().status?.cardNumber).toBe('TP00000000000002');
    api.emit('card-status', { reader: 'Reader B', status: cardStatus({ pin: secret(0) }) });
    expect(s().status?.pin?.triesLeft).toBe(2);
  });

  it("a read pushed while this window's own request runs does not cancel it: the issuer is still asked", async () => {
    const api = new FakeCardApi();
    const answer = deferred<Awaited<ReturnType<FakeCardApi['status']>>>();
    api.queue('status', answer.promise);
    const store = createCardStore({ api });
    const starting = store.getState().start();
    await settle();
    api.emit('card-status', { reader: 'Reader A', status: cardStatus() });
    expect(store.getState().status?.cardNumber).toBe('TP00000000000001');
    answer.resolve(ok(cardStatus()));
    await starting;
    await settle();
    expect(api.callsOf('revocation')).toEqual([{ reader: 'Reader A' }]);
  });

  it('takes the counters another window spent, and then asks for the last-try confirmation', async () => {
    const { api, s } = await started();
    expect(lastTryGate(s().status!.pin, false).needsConfirm).toBe(false);
    api.emit('pin-state', { reader: 'Reader A', pin: secret(1), userCode: secret(5, 5) });
    expect(s().status?.pin).toMatchObject({ triesLeft: 1, lastTry: true });
    expect(lastTryGate(s().status!.pin, false).needsConfirm).toBe(true);
    // Counters of another reader's card change nothing here.
    api.emit('pin-state', { reader: 'Reader B', pin: secret(0), userCode: secret(5, 5) });
    expect(s().status?.pin?.triesLeft).toBe(1);
    // A counter left out (the self-test reads the PIN's only) stays as it was.
    api.emit('pin-state', { reader: 'Reader A', pin: secret(2) });
    expect(s().status?.pin?.triesLeft).toBe(2);
    expect(s().status?.userCode?.triesLeft).toBe(5);
  });

  it('a refusal from main brings the fresh counters: 3/3 on screen becomes 1/3 with the gate', async () => {
    const api = new FakeCardApi();
    const refused = fail('refused', 'refused.last-try-unconfirmed');
    if (!refused.ok) refused.error.counters = { pin: secret(1), userCode: secret(5, 5) };
    api.queue('verifyPin', refused);
    const { s } = await started(api);
    expect(s().status?.pin?.triesLeft).toBe(3);
    const result = await s().verifyPin('730101', false);
    expect(api.callsOf('verifyPin')).toEqual([
      { reader: 'Reader A', pin: '730101', confirmLastTry: false },
    ]);
    expect(result).toMatchObject({ ok: false, errorCode: 'refused', pin: { triesLeft: 1 } });
    expect(s().status?.pin).toMatchObject({ triesLeft: 1, lastTry: true });
    expect(lastTryGate(s().status!.pin, false)).toMatchObject({
      needsConfirm: true,
      canSubmit: false,
    });
  });
});

describe('card states', () => {
  it('says the card was taken out until a card comes back', async () => {
    const { api, s } = await started();
    api.emit('card-removed', { reader: 'Reader A' });
    expect(s().removedFrom).toBe('Reader A');
    expect(cardViewState(s())).toBe('removed');
    api.emit('card-inserted', { reader: 'Reader A', atr: '3B8A', family: 'virtual' });
    expect(s().removedFrom).toBeNull();
    expect(cardViewState(s())).toMatch(/reading|ready/);
    await settle();
    expect(cardViewState(s())).toBe('ready');
  });

  it('is "removed" also when only the reader list says the card left', async () => {
    const { api, s } = await started();
    api.emit('readers-changed', [reader('Reader A', false)]);
    await settle();
    expect(cardViewState(s())).toBe('removed');
    // Another reader chosen: that one is simply empty.
    api.emit('readers-changed', [reader('Reader A', false), reader('Reader B', false)]);
    await s().selectReader('Reader B');
    expect(cardViewState(s())).toBe('no-card');
  });

  it('a card that is not recognised is its own state, with what was read', async () => {
    const { s } = await started(
      new FakeCardApi({ status: cardStatus({ family: 'unknown', pinChannel: 'none' }) }),
    );
    expect(cardViewState(s())).toBe('unknown-card');
  });

  it('starts as "starting", then PC/SC down when main says so', async () => {
    const api = new FakeCardApi();
    api.queue('readers', fail('pcsc-unavailable', 'error.pcscUnavailable'));
    const store = createCardStore({ api });
    expect(cardViewState(store.getState())).toBe('starting');
    await store.getState().start();
    expect(cardViewState(store.getState())).toBe('pcsc-down');
    api.emit('pcsc-status', { available: true });
    await settle();
    expect(cardViewState(store.getState())).toBe('ready');
  });
});

describe('the demo card, on request only', () => {
  it('asks main to switch, and follows the switch main announces', async () => {
    const { api, s } = await started(new FakeCardApi({ readers: [reader('Reader A', false)] }));
    await s().tryDemo();
    expect(api.callsOf('switchSource')).toEqual([{ demo: 'fresh' }]);
    expect(s().info?.demoScenario).toBe('fresh');
    api.emit('source-changed', { demoScenario: 'fresh' });
    expect(s().notice).toMatchObject({ key: 'live.notice.demoOn' });
    await s().leaveDemo();
    expect(api.callsOf('switchSource')).toEqual([{ demo: 'fresh' }, { demo: null }]);
    api.emit('source-changed', { demoScenario: null });
    expect(s().info?.demoScenario).toBeNull();
    expect(s().notice).toMatchObject({ key: 'live.notice.demoOff' });
  });

  it('says why when the switch is refused, and stays where it was', async () => {
    const api = new FakeCardApi();
    api.queue('switchSource', fail('invalid-input', 'virtualCard.unknownScenario'));
    const { s } = await started(api);
    await s().tryDemo('nope');
    expect(s().info?.demoScenario).toBeNull();
    expect(s().notice).toMatchObject({ key: 'virtualCard.unknownScenario', tone: 'warning' });
    expect(s().switchBusy).toBe(false);
  });
});

describe('the browser host going away', () => {
  it('shows the app as stopped, and reads everything again once it is back', async () => {
    const watch = connectionWatch();
    const api = new FakeCardApi();
    const { s } = await started(api, watch);
    expect(s().host).toBe('connected');
    watch.set('disconnected');
    expect(s().host).toBe('disconnected');
    const infoCalls = api.callsOf('info').length;
    const statusCalls = api.callsOf('status').length;
    api.queue('info', ok({ ...INFO, version: '0.2.0' }));
    watch.set('connected');
    await settle();
    expect(s().host).toBe('connected');
    expect(api.callsOf('info')).toHaveLength(infoCalls + 1);
    expect(s().info?.version).toBe('0.2.0');
    expect(api.callsOf('status')).toHaveLength(statusCalls + 1);
    expect(s().status?.cardNumber).toBe('TP00000000000001');
  });

  it('starts as stopped when the page could not reach the host at all', async () => {
    const watch = connectionWatch();
    watch.status = 'disconnected';
    const store = createCardStore({ api: new FakeCardApi(), connection: watch });
    expect(store.getState().host).toBe('disconnected');
  });
});

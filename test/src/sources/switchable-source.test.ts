/**
 * The app's switchable source: real cards through the PC/SC service (here over the fake
 * pcsclite) whatever state PC/SC is in, the demo card only when asked, and a switch that
 * looks to listeners like readers leaving and arriving, with the old source closed.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CardSource, CardSourceEvents } from '../../../src/sources/card-source';
import { CardService } from '../../../src/sources/pcsc';
import { openVirtualSource, DEMO_READER } from '../../../src/sources';
import {
  openSwitchableSource,
  type SourceFactories,
  type SwitchableSource,
} from '../../../src/sources/switchable-source';
import { FakePcsc, STATE, until } from './pcsc/fake-pcsclite';

type Event = { [K in keyof CardSourceEvents]: [K, CardSourceEvents[K]] }[keyof CardSourceEvents];
const EVENT_NAMES: Array<keyof CardSourceEvents> = [
  'reader-added',
  'reader-removed',
  'card-inserted',
  'card-removed',
  'card-identified',
  'pcsc-down',
  'pcsc-up',
  'source-changed',
];

let switchable: SwitchableSource | null = null;
afterEach(async () => {
  await switchable?.close();
  switchable = null;
});

/** Factories over one fake pcscd; every source they made is kept for the test to look at. */
function rig(pcsc = new FakePcsc()) {
  const made: CardSource[] = [];
  const factories: SourceFactories = {
    pcsc: async () => {
      const service = new CardService({ factory: pcsc.factory, identify: null, retryInitialMs: 5 });
      made.push(service);
      return service;
    },
    demo: async (scenario) => {
      const demo = await openVirtualSource(scenario);
      made.push(demo);
      return demo;
    },
  };
  return { pcsc, made, factories };
}

function record(source: CardSource): Event[] {
  const events: Event[] = [];
  for (const name of EVENT_NAMES) {
    source.on(name, (payload) => events.push([name, payload] as Event));
  }
  return events;
}

describe('the app source', () => {
  it('starts on PC/SC while pcscd is down, and picks pcscd up when it starts later', async () => {
    const { pcsc, factories } = rig();
    pcsc.up = false;
    switchable = await openSwitchableSource(null, factories);
    const events = record(switchable);
    await until(() => switchable!.status === 'down');
    expect(switchable.kind).toBe('pcsc');
    expect(switchable.demoScenario).toBeNull();
    pcsc.up = true;
    await until(() => switchable!.status === 'up');
    pcsc.current.addReader('USB Reader').setState(STATE.EMPTY | STATE.CHANGED);
    await until(() => switchable!.readers().length === 1);
    expect(events.map(([name]) => name)).toEqual(['pcsc-down', 'pcsc-up', 'reader-added']);
  });

  it('opens the demo card only for --demo, never PC/SC then', async () => {
    const { factories } = rig();
    const pcsc = vi.spyOn(factories, 'pcsc');
    switchable = await openSwitchableSource('locked', factories);
    expect(pcsc).not.toHaveBeenCalled();
    expect(switchable.kind).toBe('virtual');
    expect(switchable.demoScenario).toBe('locked');
    expect(switchable.readers().map((r) => r.name)).toEqual([DEMO_READER]);
  });

  it('switches to the demo card and back: readers leave and arrive, the PC/SC service waits aside', async () => {
    const { pcsc, made, factories } = rig();
    switchable = await openSwitchableSource(null, factories);
    await until(() => switchable!.status === 'up');
    const usb = pcsc.current.addReader('USB Reader');
    usb.setState(STATE.EMPTY | STATE.CHANGED);
    await until(() => switchable!.readers().length === 1);
    const events = record(switchable);

    await switchable.useDemo('one-try-left');
    expect(switchable.kind).toBe('virtual');
    expect(switchable.demoScenario).toBe('one-try-left');
    // Kept, not closed: pcsclite would hand its context back to pcscd only on GC.
    expect(made[0]!.status).toBe('up');
    expect(pcsc.contexts).toHaveLength(1);
    expect(pcsc.current.closed).toBe(false);
    // What happens on real cards meanwhile is not shown: the demo is on screen.
    const meanwhile = events.length;
    usb.setState(STATE.PRESENT | STATE.CHANGED, Buffer.from('3B00', 'hex'));
    await until(() => made[0]!.readers()[0]!.cardPresent);
    expect(events.slice(0, 4)).toEqual([
      ['reader-removed', { reader: 'USB Reader' }],
      ['source-changed', { demoScenario: 'one-try-left' }],
      ['pcsc-up', {}],
      ['reader-added', { reader: DEMO_READER }],
    ]);
    expect(events[4]).toEqual(['card-inserted', { reader: DEMO_READER, atr: expect.any(String) }]);
    await until(() => switchable!.readers()[0]?.identity !== null);
    expect(events.map(([name]) => name)).toContain('card-identified');

    const shown = events.slice(meanwhile).map(([, payload]) => JSON.stringify(payload));
    expect(shown.some((payload) => payload.includes('USB'))).toBe(false);

    events.length = 0;
    await switchable.useRealCards();
    expect(switchable.kind).toBe('pcsc');
    expect(switchable.demoScenario).toBeNull();
    expect(made[1]!.status).toBe('closed');
    expect(made).toHaveLength(2);
    // The same service, as it now is: its reader, and the card that came meanwhile.
    expect(events).toEqual([
      ['card-removed', { reader: DEMO_READER }],
      ['reader-removed', { reader: DEMO_READER }],
      ['source-changed', { demoScenario: null }],
      ['pcsc-up', {}],
      ['reader-added', { reader: 'USB Reader' }],
      ['card-inserted', { reader: 'USB Reader', atr: '3B00' }],
    ]);
    // And it is followed again.
    usb.setState(STATE.EMPTY | STATE.CHANGED);
    await until(() => events.at(-1)?.[0] === 'card-removed');
  });

  it('hears nothing more from a source it switched away from, even one that keeps talking', async () => {
    // A source whose close() forgets nothing: only the switch's own detaching keeps it out.
    const chatty = Object.assign(new EventEmitter(), {
      kind: 'pcsc' as const,
      status: 'up' as const,
      readers: () => [],
      close: vi.fn(async () => undefined),
    }) as unknown as CardSource & EventEmitter;
    const { factories } = rig();
    switchable = await openSwitchableSource(null, { ...factories, pcsc: async () => chatty });
    await switchable.useDemo('fresh');
    expect(chatty.close).not.toHaveBeenCalled();
    const events = record(switchable);
    chatty.emit('reader-added', { reader: 'late' });
    chatty.emit('pcsc-down', { reason: 'late' });
    expect(events).toEqual([]);
    expect(chatty.listenerCount('reader-added')).toBe(0);
  });

  it('refuses an unknown scenario, naming the known ones, and stays on what it showed', async () => {
    const { factories } = rig();
    switchable = await openSwitchableSource(null, factories);
    await expect(switchable.useDemo('no-such-scenario')).rejects.toMatchObject({
      code: 'invalid-input',
    });
    expect(switchable.kind).toBe('pcsc');
    expect(switchable.demoScenario).toBeNull();
  });

  it('runs switches one at a time, in the order asked, and leaving real cards for real cards is nothing', async () => {
    const { made, factories } = rig();
    switchable = await openSwitchableSource(null, factories);
    const pcsc = vi.spyOn(factories, 'pcsc');
    await switchable.useRealCards();
    expect(pcsc).not.toHaveBeenCalled();
    await Promise.all([
      switchable.useDemo('fresh'),
      switchable.useDemo('locked'),
      switchable.useRealCards(),
    ]);
    expect(switchable.demoScenario).toBeNull();
    // One PC/SC service for the whole time; each demo card closed when left.
    expect(made.map((s) => s.kind)).toEqual(['pcsc', 'virtual', 'virtual']);
    expect(made.slice(1).every((s) => s.status === 'closed')).toBe(true);
    expect(made[0]!.status).not.toBe('closed');
  });

  it('opens PC/SC only when first asked for real cards, after a --demo start, and closes it at the end', async () => {
    const { made, factories } = rig();
    switchable = await openSwitchableSource('fresh', factories);
    expect(made.map((s) => s.kind)).toEqual(['virtual']);
    await switchable.useRealCards();
    await switchable.useDemo('locked');
    await switchable.useRealCards();
    expect(made.map((s) => s.kind)).toEqual(['virtual', 'pcsc', 'virtual']);
    await switchable.close();
    expect(made.every((s) => s.status === 'closed')).toBe(true);
  });

  it('closes the source in use, and the PC/SC service set aside, on close; then reports closed', async () => {
    const { made, factories } = rig();
    switchable = await openSwitchableSource(null, factories);
    await switchable.useDemo('fresh');
    await switchable.close();
    expect(switchable.status).toBe('closed');
    expect(made.map((s) => s.status)).toEqual(['closed', 'closed']);
    await expect(switchable.useRealCards()).rejects.toMatchObject({ code: 'pcsc-unavailable' });
  });
});

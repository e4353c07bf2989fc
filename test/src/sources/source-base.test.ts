/**
 * One behavioural suite, run against both card sources: the PC/SC service over the fake
 * pcsclite (whose reader hands every APDU to a virtual card), and the in-process virtual
 * source. What the app and the CLI see must not depend on where the cards come from.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CardSourceEvents, ReaderState } from '../../../src/sources/card-source';
import type { CardIdentity } from '../../../src/core/model';
import { CardService } from '../../../src/sources/pcsc';
import {
  identifyCard,
  readySource,
  type IdentifyCard,
  type SourceBaseOptions,
} from '../../../src/sources/source-base';
import { VirtualCardSource } from '../../../src/sources/virtual-source';
import { createVirtualCard, InProcessTransport, type VirtualCard } from '../../../src/virtual-card';
import type { ScenarioName } from '../../../src/virtual-card/scenarios';
import { FakePcsc, STATE, until } from './pcsc/fake-pcsclite';

const NOW = new Date('2025-06-01T10:00:00+08:00');
const READER = 'Reader A';

type Event = { [K in keyof CardSourceEvents]: [K, CardSourceEvents[K]] }[keyof CardSourceEvents];
const EVENTS = [
  'reader-added',
  'reader-removed',
  'card-inserted',
  'card-removed',
  'card-identified',
  'pcsc-down',
  'pcsc-up',
] as const;

/** A source with hands: readers plugged and cards inserted the way its kind allows. */
interface Rig {
  source: CardService | VirtualCardSource;
  plug(reader: string): void;
  insert(reader: string, card: VirtualCard): Promise<void>;
  pull(reader: string): void;
  /** Resolves once the source has reported the reader gone. */
  unplug(reader: string): Promise<void>;
}

const opened: Rig[] = [];
afterEach(async () => {
  for (const rig of opened.splice(0)) await rig.source.close();
});

async function pcscRig(options: SourceBaseOptions = {}): Promise<Rig> {
  const pcsc = new FakePcsc();
  const source = new CardService({ factory: pcsc.factory, ...options });
  await until(() => source.status === 'up');
  return {
    source,
    plug: (reader) => pcsc.current.addReader(reader).setState(STATE.EMPTY | STATE.CHANGED),
    async insert(reader, card) {
      const handle = pcsc.current.readers.get(reader)!;
      handle.answer = (apdu) => card.process(apdu);
      handle.setState(STATE.PRESENT | STATE.CHANGED, card.atr);
    },
    pull: (reader) => pcsc.current.readers.get(reader)!.setState(STATE.EMPTY | STATE.CHANGED),
    async unplug(reader) {
      pcsc.current.unplug(reader);
      await until(() => !source.readers().some((r) => r.name === reader));
    },
  };
}

async function virtualRig(options: SourceBaseOptions = {}): Promise<Rig> {
  const source = new VirtualCardSource({ now: () => NOW, ...options });
  return {
    source,
    plug: (reader) => source.addReader(reader),
    insert: (reader, card) => source.insertCard(reader, card),
    pull: (reader) => source.removeCard(reader),
    unplug: async (reader) => source.removeReader(reader),
  };
}

const RIGS = { pcsc: pcscRig, virtual: virtualRig };

async function open(kind: keyof typeof RIGS, options: SourceBaseOptions = {}): Promise<Rig> {
  const rig = await RIGS[kind](options);
  opened.push(rig);
  return rig;
}

function record(rig: Rig): Event[] {
  const events: Event[] = [];
  for (const name of EVENTS)
    rig.source.on(name, (payload) => events.push([name, payload] as Event));
  return events;
}

const card = (scenario: ScenarioName = 'fresh') => createVirtualCard({ scenario, now: () => NOW });
const hex = (atr: Buffer) => atr.toString('hex').toUpperCase();
const names = (events: Event[]) => events.map(([name]) => name);
const identified = (events: Event[]) => events.filter(([name]) => name === 'card-identified');

/** Identification that waits for `release()` on its first card, and answers at once after. */
function gatedIdentify(first: CardIdentity, later: CardIdentity) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const calls: string[] = [];
  const identify: IdentifyCard = async (transport) => {
    calls.push(transport.readerName);
    if (calls.length > 1) return later;
    await gate;
    return first;
  };
  return { identify, calls, release };
}

const IDENTITY_A: CardIdentity = { family: 'virtual', pinChannel: 'iso', layout: null };
const IDENTITY_B: CardIdentity = { family: 'unknown', pinChannel: 'none', layout: null };

describe.each(['pcsc', 'virtual'] as const)('a %s card source', (kind) => {
  it('reports reader, insertion, identification, removal and unplugging, in that order', async () => {
    const rig = await open(kind);
    const events = record(rig);
    const first = await card();
    rig.plug(READER);
    await rig.insert(READER, first);
    await until(() => identified(events).length === 1);
    rig.pull(READER);
    await rig.insert(READER, first);
    await until(() => identified(events).length === 2);
    await rig.unplug(READER);

    const identity = await virtualIdentity(first);
    const inserted: Event = ['card-inserted', { reader: READER, atr: hex(first.atr) }];
    const identifiedEvent: Event = ['card-identified', { reader: READER, identity }];
    expect(events).toEqual([
      ['reader-added', { reader: READER }],
      inserted,
      identifiedEvent,
      ['card-removed', { reader: READER }],
      inserted,
      identifiedEvent,
      ['card-removed', { reader: READER }],
      ['reader-removed', { reader: READER }],
    ]);
    expect(rig.source.readers()).toEqual([]);
  });

  it('shows the inserted card, then its identity, in readers() sorted by name', async () => {
    const rig = await open(kind);
    const events = record(rig);
    rig.plug('Reader B');
    rig.plug(READER);
    const inserted = await card();
    await rig.insert('Reader B', inserted);
    expect(rig.source.readers()).toEqual([
      { name: READER, cardPresent: false, atr: null, mute: false, identity: null },
      { name: 'Reader B', cardPresent: true, atr: hex(inserted.atr), mute: false, identity: null },
    ]);
    await until(() => identified(events).length === 1);
    expect(rig.source.readers()[1]!.identity).toEqual(await virtualIdentity(inserted));
  });

  it('a throwing listener keeps neither the others nor the source from hearing of the card', async () => {
    const log = vi.fn();
    const rig = await open(kind, { log });
    const heard: string[] = [];
    rig.source.on('card-inserted', () => {
      throw new Error('listener bug');
    });
    rig.source.on('card-inserted', ({ reader }) => heard.push(reader));
    rig.source.on('card-identified', ({ reader }) => heard.push(`${reader} identified`));
    rig.plug(READER);
    await rig.insert(READER, await card());
    await until(() => heard.length === 2);
    expect(heard).toEqual([READER, `${READER} identified`]);
    expect(rig.source.readers()[0]!.cardPresent).toBe(true);
    expect(log).toHaveBeenCalledWith(expect.stringContaining("a 'card-inserted' listener threw"));
  });

  it('drops an identification that ends after its card was pulled, and applies the next card’s', async () => {
    const gated = gatedIdentify(IDENTITY_A, IDENTITY_B);
    const rig = await open(kind, { identify: gated.identify });
    const events = record(rig);
    rig.plug(READER);
    await rig.insert(READER, await card());
    await until(() => gated.calls.length === 1);
    rig.pull(READER);
    await rig.insert(READER, await card('unknown-atr'));
    gated.release();
    await until(() => identified(events).length === 1);
    await until(() => gated.calls.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(identified(events)).toEqual([
      ['card-identified', { reader: READER, identity: IDENTITY_B }],
    ]);
    expect(rig.source.readers()[0]!.identity).toEqual(IDENTITY_B);
  });

  it('drops an identification that ends after its reader was unplugged, even if one of that name is back', async () => {
    const gated = gatedIdentify(IDENTITY_A, IDENTITY_B);
    const rig = await open(kind, { identify: gated.identify });
    const events = record(rig);
    rig.plug(READER);
    await rig.insert(READER, await card());
    await until(() => gated.calls.length === 1);
    await rig.unplug(READER);
    rig.plug(READER);
    gated.release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(names(events)).toEqual([
      'reader-added',
      'card-inserted',
      'card-removed',
      'reader-removed',
      'reader-added',
    ]);
    expect(rig.source.readers()).toEqual([
      { name: READER, cardPresent: false, atr: null, mute: false, identity: null },
    ]);
  });

  it('settle() resolves once readers and cards are reported, waiting out late news', async () => {
    const rig = await open(kind);
    rig.plug(READER);
    const inserted = await card();
    const settled = vi.fn();
    const settling = rig.source.settle({ quietMs: 300 }).then(settled);
    // News during the quiet period starts it again.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await rig.insert(READER, inserted);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).not.toHaveBeenCalled();
    await settling;
    expect(rig.source.readers()[0]).toMatchObject({ name: READER, cardPresent: true });
    await expect(readySource(rig.source)).resolves.toBe(rig.source);
  });

  it('settle() stops waiting for quiet at its limit, and resolves', async () => {
    const rig = await open(kind);
    rig.plug(READER);
    const started = Date.now();
    await rig.source.settle({ quietMs: 60_000, limitMs: 50 });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('waitForCard() resolves when a card arrives, or says what is missing after the timeout', async () => {
    const rig = await open(kind);
    await expect(rig.source.waitForCard(undefined, 20)).rejects.toMatchObject({
      code: 'no-reader',
    });
    rig.plug(READER);
    await expect(rig.source.waitForCard('Other', 20)).rejects.toMatchObject({ code: 'no-reader' });
    await expect(rig.source.waitForCard(undefined, 20)).rejects.toMatchObject({ code: 'no-card' });
    const waiting = rig.source.waitForCard(READER, 1000);
    await rig.insert(READER, await card());
    await expect(waiting).resolves.toMatchObject({ name: READER, cardPresent: true });
  });

  it('chooses the reader a command works on: the only card, or the one named', async () => {
    const rig = await open(kind);
    rig.plug(READER);
    rig.plug('Reader B');
    expect(() => rig.source.chooseReader()).toThrow(expect.objectContaining({ code: 'no-card' }));
    await rig.insert('Reader B', await card());
    expect(rig.source.chooseReader().name).toBe('Reader B');
    await rig.insert(READER, await card());
    expect(() => rig.source.chooseReader()).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
    expect(rig.source.chooseReader('reader a').name).toBe(READER);
  });

  it("says 'up' while usable and 'closed' after close(), and tells nobody anything after", async () => {
    const rig = await open(kind);
    const events = record(rig);
    expect(rig.source.status).toBe('up');
    rig.plug(READER);
    await rig.insert(READER, await card());
    await rig.source.close();
    expect(rig.source.status).toBe('closed');
    const before = events.length;
    await rig.source.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events.length).toBe(before);
    expect(identified(events)).toEqual([]);
  });
});

/** The identity the virtual source gives `card`, for comparison with the PC/SC one. */
async function virtualIdentity(card: VirtualCard): Promise<CardIdentity> {
  const rig = await open('virtual');
  rig.plug(READER);
  await rig.insert(READER, card);
  await until(() => rig.source.readers()[0]!.identity !== null);
  const identity = rig.source.readers()[0]!.identity!;
  await rig.source.close();
  return identity;
}

describe('both sources identify a card the same way', () => {
  it.each(['fresh', 'gen1-cla80', 'vendor-gen1', 'unknown-atr'] as const)(
    '%s: the same readers() and identity over PC/SC as in process',
    async (scenario) => {
      const seen: ReaderState[][] = [];
      for (const kind of ['pcsc', 'virtual'] as const) {
        const rig = await open(kind);
        rig.plug(READER);
        await rig.insert(READER, await card(scenario));
        await until(() => rig.source.readers()[0]!.identity !== null);
        seen.push(rig.source.readers());
      }
      expect(seen[0]).toEqual(seen[1]);
      // The driver's identify() is the default for both: no source left without identities.
      const expected = await identifyCard(new InProcessTransport(await card(scenario)));
      expect(seen[1]![0]!.identity).toEqual(expected);
    },
  );
});

describe('settling a PC/SC service that finds no pcscd', () => {
  it('settle() rejects at once when pcscd goes away while it waits', async () => {
    const pcsc = new FakePcsc();
    const service = new CardService({ factory: pcsc.factory, retryInitialMs: 1000 });
    opened.push({ source: service } as Rig);
    await until(() => service.status === 'up');
    const settling = service.settle({ quietMs: 500 });
    pcsc.crash();
    await expect(settling).rejects.toMatchObject({ code: 'pcsc-unavailable' });
  });

  it('readySource() rejects a service already down, and closes it', async () => {
    const pcsc = new FakePcsc();
    pcsc.up = false;
    const service = new CardService({ factory: pcsc.factory, retryInitialMs: 1000 });
    await until(() => service.status === 'down');
    await expect(readySource(service)).rejects.toMatchObject({ code: 'pcsc-unavailable' });
    expect(service.status).toBe('closed');
  });

  it('a virtual source is never down: settle() resolves', async () => {
    const rig = await open('virtual');
    await expect(rig.source.settle()).resolves.toBeUndefined();
    expect(rig.source.status).toBe('up');
  });
});

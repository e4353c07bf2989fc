import { afterEach, describe, expect, it } from 'vitest';
import type { CardSourceEvents } from '../../../../src/sources/card-source';
import type { CardIdentity } from '../../../../src/core/model';
import { CardService, type CardServiceOptions } from '../../../../src/sources/pcsc';
import { ATR_A, ATR_B, FakePcsc, pcscError, STATE, tick, until } from './fake-pcsclite';

const IDENTITY: CardIdentity = {
  family: 'virtual',
  pinChannel: 'iso',
  layout: { cla: 0, root: '3F00' },
};

type Event = { [K in keyof CardSourceEvents]: [K, CardSourceEvents[K]] }[keyof CardSourceEvents];

let service: CardService | null = null;

afterEach(async () => {
  await service?.close();
  service = null;
});

/** A service on a fake pcsclite, recording every event it emits. */
async function setUp(options: CardServiceOptions = {}, pcscUp = true) {
  const pcsc = new FakePcsc();
  pcsc.up = pcscUp;
  const events: Event[] = [];
  const identified: string[] = [];
  service = new CardService({
    factory: pcsc.factory,
    identify: async (transport) => {
      identified.push(transport.readerName);
      return IDENTITY;
    },
    retryInitialMs: 20,
    retryMaxMs: 80,
    ...options,
  });
  for (const name of [
    'reader-added',
    'reader-removed',
    'card-inserted',
    'card-removed',
    'card-identified',
    'pcsc-down',
    'pcsc-up',
  ] as const) {
    service.on(name, (payload) => events.push([name, payload] as Event));
  }
  await tick();
  return { pcsc, events, identified, service };
}

async function withReader(name = 'Reader A', options: CardServiceOptions = {}) {
  const env = await setUp(options);
  const reader = env.pcsc.current.addReader(name);
  reader.setState(STATE.EMPTY | STATE.CHANGED);
  return { ...env, reader };
}

async function withCard(options: CardServiceOptions = {}) {
  const env = await withReader('Reader A', options);
  env.reader.setState(STATE.PRESENT | STATE.CHANGED, ATR_A);
  await until(() => env.events.some(([name]) => name === 'card-identified'));
  env.events.length = 0;
  return env;
}

const names = (events: Event[]) => events.map(([name]) => name);

describe('card service: watching', () => {
  it('reports readers, insertion with the ATR, identification and removal', async () => {
    const { events, reader, identified, service } = await withReader();
    expect(service.readers()).toEqual([
      { name: 'Reader A', cardPresent: false, atr: null, mute: false, identity: null },
    ]);
    reader.setState(STATE.PRESENT | STATE.CHANGED, ATR_A);
    await until(() => names(events).includes('card-identified'));
    expect(events).toEqual([
      ['pcsc-up', {}],
      ['reader-added', { reader: 'Reader A' }],
      ['card-inserted', { reader: 'Reader A', atr: ATR_A.toString('hex').toUpperCase() }],
      ['card-identified', { reader: 'Reader A', identity: IDENTITY }],
    ]);
    expect(identified).toEqual(['Reader A']);
    expect(service.readers()[0]).toMatchObject({ cardPresent: true, identity: IDENTITY });

    reader.setState(STATE.EMPTY | STATE.CHANGED);
    expect(events.at(-1)).toEqual(['card-removed', { reader: 'Reader A' }]);
    expect(service.readers()[0]).toEqual({
      name: 'Reader A',
      cardPresent: false,
      atr: null,
      mute: false,
      identity: null,
    });
  });

  it('ignores status reports that do not change presence (pcscd polls)', async () => {
    const { events, reader } = await withCard();
    reader.setState(STATE.PRESENT | STATE.CHANGED | 0x10000, ATR_A);
    reader.setState(STATE.EMPTY);
    reader.setState(STATE.EMPTY | 0x20000);
    expect(names(events)).toEqual(['card-removed']);
  });

  it('shows a mute card as present, without ATR, never identifies it and refuses work', async () => {
    const { events, reader, identified, service } = await withReader();
    reader.setState(STATE.PRESENT | STATE.MUTE | STATE.CHANGED);
    expect(events.at(-1)).toEqual(['card-inserted', { reader: 'Reader A', atr: '' }]);
    expect(service.readers()[0]).toEqual({
      name: 'Reader A',
      cardPresent: true,
      atr: null,
      mute: true,
      identity: null,
    });
    const err = await service.withCard('Reader A', async () => 'ran').catch((e) => e);
    expect(err).toMatchObject({ code: 'card-error', messageKey: 'pcsc.cardMute' });
    await tick();
    expect(identified).toEqual([]);
    expect(reader.connects).toEqual([]);
  });

  it('treats a new ATR without an empty report in between as a card swap', async () => {
    const { events, reader, service } = await withCard();
    reader.setState(STATE.PRESENT | STATE.CHANGED, ATR_B);
    expect(events.slice(0, 2)).toEqual([
      ['card-removed', { reader: 'Reader A' }],
      ['card-inserted', { reader: 'Reader A', atr: ATR_B.toString('hex').toUpperCase() }],
    ]);
    expect(service.readers()[0]!.atr).toBe(ATR_B.toString('hex').toUpperCase());
  });

  it('reports an unplugged reader, with its card, and then refuses work on it', async () => {
    const { events, pcsc, service } = await withCard();
    pcsc.current.unplug('Reader A');
    await until(() => names(events).includes('reader-removed'));
    expect(events).toEqual([
      ['card-removed', { reader: 'Reader A' }],
      ['reader-removed', { reader: 'Reader A' }],
    ]);
    expect(service.readers()).toEqual([]);
    await expect(service.withCard('Reader A', async () => 1)).rejects.toMatchObject({
      code: 'no-reader',
    });
  });

  it('does not apply a late identification to the next card', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const identityB: CardIdentity = { family: 'unknown', pinChannel: 'none', layout: null };
    const { events, reader, service } = await withReader('Reader A', {
      identify: async (transport) => {
        if (transport.atr.equals(ATR_A)) {
          await gate;
          return IDENTITY;
        }
        return identityB;
      },
    });
    reader.setState(STATE.PRESENT | STATE.CHANGED, ATR_A);
    await until(() => reader.connects.length === 1);
    reader.setState(STATE.EMPTY | STATE.CHANGED);
    reader.setState(STATE.PRESENT | STATE.CHANGED, ATR_B);
    release();
    await until(() => names(events).includes('card-identified'));
    await until(() => reader.disconnects.length === 2);
    expect(events.filter(([name]) => name === 'card-identified')).toEqual([
      ['card-identified', { reader: 'Reader A', identity: identityB }],
    ]);
    expect(service.readers()[0]!.identity).toEqual(identityB);
  });

  it('keeps working when an event listener throws', async () => {
    const { reader, service, events } = await withReader();
    service.on('card-inserted', () => {
      throw new Error('listener bug');
    });
    reader.setState(STATE.PRESENT | STATE.CHANGED, ATR_A);
    await until(() => names(events).includes('card-identified'));
    expect(service.readers()[0]!.cardPresent).toBe(true);
  });
});

describe('card service: pcscd missing or restarting', () => {
  it('reports pcsc-down when pcscd is missing at start, then pcsc-up once it is there', async () => {
    const { pcsc, events, service } = await setUp({}, false);
    expect(events).toEqual([['pcsc-down', { reason: expect.stringContaining('0x8010001d') }]]);
    expect(service.status).toBe('down');
    await expect(service.withCard('Reader A', async () => 1)).rejects.toMatchObject({
      code: 'pcsc-unavailable',
    });
    await expect(service.waitForCard(undefined, 10)).rejects.toMatchObject({
      code: 'pcsc-unavailable',
    });
    pcsc.up = true;
    await until(() => service.status === 'up');
    pcsc.current.addReader('Reader A');
    expect(names(events)).toEqual(['pcsc-down', 'pcsc-up', 'reader-added']);
  });

  it('retries with a growing delay, not in a busy loop', async () => {
    const { pcsc } = await setUp({ retryInitialMs: 20, retryMaxMs: 80 }, false);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // 20 + 40 + 80 + 80 + ... ms: about 8 attempts in 0.5 s; a busy loop would make thousands.
    expect(pcsc.attempts).toBeGreaterThanOrEqual(4);
    expect(pcsc.attempts).toBeLessThanOrEqual(10);
  });

  it('on a pcscd restart: removes cards and readers, goes down, then rebuilds and sees them again', async () => {
    const { pcsc, events, service } = await withCard();
    pcsc.crash();
    expect(events).toEqual([
      ['card-removed', { reader: 'Reader A' }],
      ['reader-removed', { reader: 'Reader A' }],
      ['pcsc-down', { reason: expect.stringContaining('0x80100013') }],
    ]);
    expect(service.readers()).toEqual([]);
    const crashed = pcsc.current;
    expect(crashed.closed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    pcsc.up = true;
    await until(() => service.status === 'up');
    expect(pcsc.current).not.toBe(crashed);
    const reader = pcsc.current.addReader('Reader A');
    reader.setState(STATE.PRESENT | STATE.CHANGED, ATR_A);
    await until(() => names(events).includes('card-identified'));
    expect(names(events).slice(3)).toEqual([
      'pcsc-up',
      'reader-added',
      'card-inserted',
      'card-identified',
    ]);
  });

  it('a reader whose own watcher fails is closed outside its callback (the addon would deadlock)', async () => {
    // When pcscd dies, the first to notice may be a reader's watcher thread: the addon
    // then calls that reader's 'error' listener while holding the reader's lock.
    const { pcsc, reader, events, service } = await withCard();
    pcsc.up = false;
    expect(() =>
      reader.emit('error', pcscError('SCardGetStatusChange', 'RPC transport error', 0x80100013)),
    ).not.toThrow();
    expect(names(events)).toEqual(['card-removed', 'reader-removed', 'pcsc-down']);
    await until(() => reader.closed);
    pcsc.up = true;
    await until(() => service.status === 'up');
  });

  it('ignores what a context it already dropped still reports', async () => {
    const { pcsc, events } = await withCard();
    const old = pcsc.current;
    pcsc.crash();
    pcsc.up = true;
    await until(() => pcsc.contexts.length === 2);
    events.length = 0;
    old.emit('error', pcscError('SCardGetStatusChange', 'Command cancelled', 0x80100002));
    old.readers.get('Reader A')!.setState(STATE.EMPTY | STATE.CHANGED);
    expect(events).toEqual([]);
  });
});

describe('card service: operations', () => {
  it('connects SHARED and leaves the card by default; EXCLUSIVE and reset on request', async () => {
    const { reader, service } = await withCard();
    reader.connects.length = 0;
    reader.disconnects.length = 0;
    const answer = await service.withCard('Reader A', (t) =>
      t.transmit(Buffer.from('00A4000C023F00', 'hex')),
    );
    expect(answer).toEqual(Buffer.from([0x90, 0x00]));
    await service.withCard('Reader A', async () => 'pin op', { exclusive: true, reset: true });
    // The driver may ask for the reset itself, through the transport.
    await service.withCard('Reader A', (t) => t.withTransaction(async () => 1, { reset: true }));
    expect(reader.connects.map((c) => c.share_mode)).toEqual([2, 1, 2]);
    expect(reader.disconnects).toEqual([0, 1, 1]);
  });

  it('runs one operation at a time per reader, in order, and readers in parallel', async () => {
    const { pcsc, service } = await withCard();
    const b = pcsc.current.addReader('Reader B');
    b.setState(STATE.PRESENT | STATE.CHANGED, ATR_B);
    await service.waitForCard('Reader B', 500);
    const log: string[] = [];
    const op = (reader: string, tag: string, ms: number) =>
      service.withCard(reader, async () => {
        log.push(`${tag}+`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`${tag}-`);
      });
    await Promise.all([op('Reader A', 'a1', 40), op('Reader A', 'a2', 5), op('Reader B', 'b1', 5)]);
    expect(log.indexOf('a1-')).toBeLessThan(log.indexOf('a2+'));
    expect(log.indexOf('b1-')).toBeLessThan(log.indexOf('a1-'));
  });

  it('an operation that fails does not block the next one', async () => {
    const { service } = await withCard();
    await expect(
      service.withCard('Reader A', async () => {
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    await expect(service.withCard('Reader A', async () => 'next')).resolves.toBe('next');
  });

  it('maps an empty answer (card pulled during the command) to CardRemovedError', async () => {
    const { reader, service } = await withCard();
    reader.answer = () => Buffer.alloc(0);
    await expect(
      service.withCard('Reader A', (t) => t.transmit(Buffer.from('00B0000010', 'hex'))),
    ).rejects.toMatchObject({ code: 'card-removed' });
    expect(reader.disconnects.at(-1)).toBe(0);
  });

  it('maps transmit failures after a removal to CardRemovedError', async () => {
    const { reader, service } = await withCard();
    reader.answer = () => pcscError('SCardTransmit', 'Transaction failed', 0x80100016);
    await expect(
      service.withCard('Reader A', (t) => t.transmit(Buffer.from('00B0000010', 'hex'))),
    ).rejects.toMatchObject({ code: 'card-removed' });
  });

  it('reports another program holding the card as reader-busy, after retrying briefly', async () => {
    const { reader, service } = await withCard({ busyRetryMs: 150 });
    const busy = pcscError('SCardConnect', 'Sharing violation', 0x8010000b);
    reader.connectPlan = [busy];
    const started = Date.now();
    const err = await service.withCard('Reader A', async () => 1).catch((e) => e);
    expect(err).toMatchObject({ code: 'reader-busy', params: { reader: 'Reader A' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(reader.connects.length).toBeGreaterThan(1);

    reader.connectPlan = [busy, 2];
    await expect(service.withCard('Reader A', async () => 'got it')).resolves.toBe('got it');
  });

  it('maps connect failures: no card, pcscd gone', async () => {
    const { reader, service } = await withCard();
    reader.connectPlan = [pcscError('SCardConnect', 'No smart card inserted', 0x8010000c)];
    await expect(service.withCard('Reader A', async () => 1)).rejects.toMatchObject({
      code: 'no-card',
    });
    reader.connectPlan = [pcscError('SCardConnect', 'RPC transport error', 0x80100013)];
    await expect(service.withCard('Reader A', async () => 1)).rejects.toMatchObject({
      code: 'pcsc-unavailable',
    });
  });

  it('refuses work on an empty reader or an unknown one without touching the card', async () => {
    const { reader, service } = await withReader();
    await expect(service.withCard('Reader A', async () => 1)).rejects.toMatchObject({
      code: 'no-card',
    });
    await expect(service.withCard('Nope', async () => 1)).rejects.toMatchObject({
      code: 'no-reader',
    });
    expect(reader.connects).toEqual([]);
  });

  it('gives up on a card that never answers, refuses the reader until the command returns, then recovers', async () => {
    const { reader, service } = await withCard({ transmitTimeoutMs: 60 });
    reader.answer = () => 'hang';
    await expect(
      service.withCard('Reader A', (t) => t.transmit(Buffer.from('00B0000010', 'hex')), {
        reset: true,
      }),
    ).rejects.toMatchObject({ code: 'timeout' });
    const disconnectsBefore = reader.disconnects.length;
    await expect(service.withCard('Reader A', async () => 1)).rejects.toMatchObject({
      code: 'timeout',
    });
    // Disconnecting while pcsclite still runs the command would queue behind it.
    expect(reader.disconnects.length).toBe(disconnectsBefore);

    reader.answer = () => Buffer.from([0x90, 0x00]);
    reader.releaseHung();
    await until(() => reader.disconnects.length === disconnectsBefore + 1);
    expect(reader.disconnects.at(-1)).toBe(1);
    await tick();
    await expect(service.withCard('Reader A', async () => 'back')).resolves.toBe('back');
  });

  it('returns at once when the work gives up on a hung command itself (the driver has its own timeout)', async () => {
    const { reader, service } = await withCard({ transmitTimeoutMs: 10_000 });
    reader.answer = () => 'hang';
    const started = Date.now();
    await expect(
      service.withCard('Reader A', (t) =>
        Promise.race([
          t.transmit(Buffer.from('00B0000010', 'hex')),
          new Promise((_, reject) => setTimeout(() => reject(new Error('driver timeout')), 40)),
        ]),
      ),
    ).rejects.toThrow('driver timeout');
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(service.withCard('Reader A', async () => 1)).rejects.toMatchObject({
      code: 'timeout',
    });
    reader.answer = () => Buffer.from([0x90, 0x00]);
    reader.releaseHung();
    await until(() => !reader.connected);
    await tick();
    await expect(service.withCard('Reader A', async () => 'back')).resolves.toBe('back');
  });

  it('stops a transport that outlives its operation from reaching the card', async () => {
    const { reader, service } = await withCard();
    const leaked = await service.withCard('Reader A', async (t) => t);
    const sent = reader.sent.length;
    await expect(leaked.transmit(Buffer.from('00A4000C023F00', 'hex'))).rejects.toMatchObject({
      code: 'card-removed',
    });
    expect(reader.sent.length).toBe(sent);
  });
});

describe('card service: waitForCard and close', () => {
  it('resolves when a card arrives, or says what is missing after the timeout', async () => {
    const { pcsc, reader, service } = await withReader();
    await expect(service.waitForCard('Other', 20)).rejects.toMatchObject({ code: 'no-reader' });
    await expect(service.waitForCard(undefined, 20)).rejects.toMatchObject({ code: 'no-card' });
    const waiting = service.waitForCard('Reader A', 1000);
    reader.setState(STATE.PRESENT | STATE.CHANGED, ATR_A);
    await expect(waiting).resolves.toMatchObject({ name: 'Reader A', cardPresent: true });
    pcsc.current.unplug('Reader A');
    await until(() => service.readers().length === 0);
    await expect(service.waitForCard(undefined, 20)).rejects.toMatchObject({ code: 'no-reader' });
  });

  it('close() releases every reader and the context, and emits nothing more', async () => {
    const { pcsc, reader, events, service: s } = await withCard();
    service = null;
    await s.close();
    expect(reader.closed).toBe(true);
    expect(pcsc.current.closed).toBe(true);
    reader.setState(STATE.EMPTY | STATE.CHANGED);
    expect(events).toEqual([]);
    await expect(s.withCard('Reader A', async () => 1)).rejects.toMatchObject({
      code: 'pcsc-unavailable',
    });
  });

  it('close() while pcscd is down stops retrying', async () => {
    const { pcsc, service: s } = await setUp({}, false);
    service = null;
    await s.close();
    const attempts = pcsc.attempts;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(pcsc.attempts).toBe(attempts);
  });
});

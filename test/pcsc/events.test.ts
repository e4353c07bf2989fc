/**
 * The card service against real pcscd + vpcd: readers, insertion and removal events, two
 * cards at once, and the odd cards vpcd can imitate.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CardDriver } from '../../src/card';
import { VIRTUAL_ATR } from '../../src/virtual-card';
import type { SimulatedCard } from '../../src/virtual-card/types';
import { connectToVpcd, vpcdReaderName } from '../../src/virtual-card/vpcd-link';
import type { CardService } from '../../src/sources/pcsc';
import { cardFor, insert, nextEvent, pcscEnv, pull, startService, type Inserted } from './support';

describe.skipIf(!pcscEnv.available)('card service on pcscd + vpcd: events', () => {
  let service: CardService;
  const inserted: Inserted[] = [];

  beforeEach(async () => {
    service = await startService();
  });

  afterEach(async () => {
    for (const card of inserted.splice(0)) await card.link.remove();
    await service.close();
  });

  it('lists both vpcd readers, empty', () => {
    const vpcd = service.readers().filter((r) => r.name.startsWith('Virtual PCD'));
    expect(vpcd).toEqual([
      { name: vpcdReaderName(0), cardPresent: false, atr: null, mute: false, identity: null },
      { name: vpcdReaderName(1), cardPresent: false, atr: null, mute: false, identity: null },
    ]);
  });

  it('reports an insertion with the ATR, identifies the card, and reports the removal', async () => {
    const card = await cardFor('fresh');
    const reader = vpcdReaderName(0);
    const insertedEvent = nextEvent(service, 'card-inserted', (e) => e.reader === reader);
    const identifiedEvent = nextEvent(service, 'card-identified', (e) => e.reader === reader);
    const slot0 = await insert(service, card, 0);
    inserted.push(slot0);
    expect(await insertedEvent).toEqual({ reader, atr: VIRTUAL_ATR.toString('hex').toUpperCase() });
    expect((await identifiedEvent).identity).toEqual({
      family: 'virtual',
      pinChannel: 'iso',
      layout: { cla: 0x00, root: '3F00' },
    });
    expect(service.readers().find((r) => r.name === reader)).toMatchObject({
      cardPresent: true,
      atr: card.atr.toString('hex').toUpperCase(),
      mute: false,
      identity: { family: 'virtual' },
    });

    const removed = nextEvent(service, 'card-removed', (e) => e.reader === reader);
    await slot0.link.remove();
    await removed;
    expect(service.readers().find((r) => r.name === reader)).toMatchObject({
      cardPresent: false,
      atr: null,
      identity: null,
    });
  });

  it('serves two cards in two readers at once', async () => {
    const fresh = await cardFor('fresh');
    const other = await cardFor('unknown-atr');
    inserted.push(await insert(service, fresh, 0), await insert(service, other, 1));
    const [a, b] = [vpcdReaderName(0), vpcdReaderName(1)];
    expect(service.readers().find((r) => r.name === a)!.identity!.family).toBe('virtual');
    expect(service.readers().find((r) => r.name === b)!.identity!.family).toBe('unknown');

    const [numberA, atrB] = await Promise.all([
      service.withCard(a, (t) => new CardDriver(t).readCardNumber()),
      service.withCard(b, async (t) => t.atr.toString('hex').toUpperCase()),
    ]);
    expect(numberA).toBe(fresh.cardNumber);
    expect(atrB).toBe(other.atr.toString('hex').toUpperCase());

    await pull(service, inserted.shift()!);
    expect(service.readers().find((r) => r.name === b)!.cardPresent).toBe(true);
  });

  it('shows a card with an unusable ATR as present with that ATR, and carries on', async () => {
    const garbage: SimulatedCard = {
      atr: Buffer.from([0x00]),
      powerOn() {},
      powerOff() {},
      reset() {},
      process: async () => Buffer.from([0x6d, 0x00]),
    };
    const slot0 = await insert(service, garbage, 0, { identified: false });
    inserted.push(slot0);
    expect(service.readers().find((r) => r.name === slot0.reader)).toMatchObject({
      cardPresent: true,
      atr: '00',
      mute: false,
    });
    // Whatever identification made of it, the next card in the same slot is served normally.
    await pull(service, inserted.pop()!);
    inserted.push(await insert(service, await cardFor('fresh'), 0));
    expect(service.readers().find((r) => r.name === slot0.reader)!.identity!.family).toBe(
      'virtual',
    );
  });

  it('sees a card that never answers GET ATR as an empty slot, without disturbing the other slot', async () => {
    const silent = await connectToVpcd(await cardFor('fresh'), { slot: 1, mute: true });
    try {
      await silent.served;
      const events: string[] = [];
      service.on('card-inserted', (e) => events.push(e.reader));
      inserted.push(await insert(service, await cardFor('fresh'), 0));
      // Several of pcscd's 400 ms polls later, slot 1 still reads empty: vpcd cannot show a
      // MUTE card (the unit tests feed the MUTE bit directly).
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(events).toEqual([vpcdReaderName(0)]);
      expect(service.readers().find((r) => r.name === vpcdReaderName(1))!.cardPresent).toBe(false);
    } finally {
      await silent.remove();
    }
  });
});

/**
 * Cards that misbehave under a real pcscd: pulled in the middle of a read or a VERIFY, a
 * card that stops answering, and another program holding the card exclusively. After each,
 * the service must keep working and the next insertion must be served.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CardDriver } from '../../src/card';
import { VIRTUAL_CARD_DEFAULTS } from '../../src/virtual-card';
import type { CardService } from '../../src/sources/pcsc';
import {
  cardFor,
  insert,
  nextEvent,
  pcscEnv,
  pull,
  startService,
  waitEmpty,
  type Inserted,
} from './support';

const INS_READ_BINARY = 0xb0;
const INS_VERIFY = 0x20;

describe.skipIf(!pcscEnv.available)('faults through pcscd + vpcd', () => {
  let service: CardService;
  const inserted: Inserted[] = [];

  beforeAll(async () => {
    service = await startService({ transmitTimeoutMs: 1500, busyRetryMs: 300 });
  });

  afterEach(async () => {
    for (const slot of inserted.splice(0)) await pull(service, slot);
  });

  afterAll(async () => {
    await service?.close();
  });

  /** After a fault: the same slot takes a new card and serves it normally. */
  async function expectSlotWorks(slotNumber: number): Promise<void> {
    const card = await cardFor('fresh');
    const slot = await insert(service, card, slotNumber);
    inserted.push(slot);
    const number = await service.withCard(slot.reader, (t) => new CardDriver(t).readCardNumber());
    expect(number).toBe(card.cardNumber);
  }

  it('a card pulled in the middle of a certificate read ends the read with CardRemovedError', async () => {
    const card = await cardFor('fresh');
    const slot = await insert(service, card, 0);
    let reads = 0;
    // The third READ BINARY is well inside the certificates (the CDF takes one or two).
    slot.link.dropWhen((apdu) => apdu[1] === INS_READ_BINARY && ++reads === 3);
    const removed = nextEvent(service, 'card-removed', (e) => e.reader === slot.reader);

    const err = await service
      .withCard(slot.reader, (t) => new CardDriver(t).readCertificates())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'card-removed' });
    expect(await slot.link.closed).toBe('dropped');
    await removed;
    await waitEmpty(service, slot.reader);
    await expectSlotWorks(0);
  });

  it('a card pulled in the middle of a VERIFY ends it with CardRemovedError, no try spent', async () => {
    const card = await cardFor('fresh');
    const slot = await insert(service, card, 0);
    slot.link.dropWhen((apdu) => apdu[1] === INS_VERIFY && apdu.length > 5);

    const err = await service
      .withCard(
        slot.reader,
        (t) =>
          new CardDriver(t).verifyPin(Buffer.from('000000'), {
            confirmLastTry: false,
          }),
        { exclusive: true, reset: true },
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'card-removed' });
    // The VERIFY never reached the card: the counter is untouched.
    expect(card.pinTriesLeft).toBe(3);
    await waitEmpty(service, slot.reader);

    // The same card back in: it still has all its tries, and its PIN still works.
    const again = await insert(service, card, 0);
    inserted.push(again);
    await service.withCard(
      again.reader,
      (t) =>
        new CardDriver(t).verifyPin(Buffer.from(VIRTUAL_CARD_DEFAULTS.pin), {
          confirmLastTry: false,
        }),
      { exclusive: true, reset: true },
    );
    expect(card.pinTriesLeft).toBe(3);
  });

  it('a card that stops answering times out, the reader is refused until it is pulled, then works again', async () => {
    const card = await cardFor('fresh');
    const slot = await insert(service, card, 1);
    slot.link.setStall(true);

    const started = Date.now();
    const err = await service
      .withCard(slot.reader, (t) => new CardDriver(t).readCardNumber())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
    // pcsclite still waits inside SCardTransmit: the reader is refused at once, not hung.
    await expect(service.withCard(slot.reader, async () => 'nope')).rejects.toMatchObject({
      code: 'timeout',
    });
    // The event loop is alive meanwhile: the other reader still works.
    await expectSlotWorks(0);

    await pull(service, slot);
    await expectSlotWorks(1);
  });

  it('reports reader-busy while another program holds the card exclusively', async () => {
    const card = await cardFor('fresh');
    const slot = await insert(service, card, 0);
    inserted.push(slot);
    // "Another program": a second service, with its own PC/SC context, holding the card.
    const other = await startService({ identify: null });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const hold = other.withCard(
      slot.reader,
      async () => {
        holding();
        await held;
      },
      { exclusive: true },
    );
    try {
      await isHolding;
      await expect(
        service.withCard(slot.reader, (t) => new CardDriver(t).readCardNumber()),
      ).rejects.toMatchObject({ code: 'reader-busy', params: { reader: slot.reader } });
    } finally {
      release();
      await hold;
      await other.close();
    }
    const number = await service.withCard(slot.reader, (t) => new CardDriver(t).readCardNumber());
    expect(number).toBe(card.cardNumber);
  });
});

import { describe, expect, it } from 'vitest';
import {
  createVirtualCard,
  InProcessTransport,
  VIRTUAL_CARD_DEFAULTS,
} from '../../../src/virtual-card';
import { hex, verifyApdu } from './helpers';

const SELECT_MF = hex('00 A4 00 00 02 3F 00');
const SELECT_PKI = hex('00 A4 00 00 02 50 30');
const SELECT_CERTS = hex('00 A4 00 00 02 08 F2');
const read = (offset: number): Buffer =>
  Buffer.from([0x00, 0xb0, offset >> 8, offset & 0xff, 0xc8]);

async function setup(scenario?: 'fresh' | 'locked') {
  const card = await createVirtualCard({ scenario, recordCommands: 1000 });
  return { card, transport: new InProcessTransport(card) };
}

describe('InProcessTransport', () => {
  it('shows the card ATR and the in-process reader name (or the one given)', async () => {
    const { card, transport } = await setup();
    expect(transport.atr).toEqual(card.atr);
    expect(transport.readerName).toBe('Virtual card (in process)');
    expect(transport.readerName).toBe(VIRTUAL_CARD_DEFAULTS.readerName);
    expect(new InProcessTransport(card, { readerName: 'Demo 2' }).readerName).toBe('Demo 2');
  });

  it('answers asynchronously with the card response', async () => {
    const { card, transport } = await setup();
    const pending = transport.transmit(SELECT_MF);
    expect(card.received).toHaveLength(0);
    expect((await pending).toString('hex')).toBe('9000');
    expect(card.received).toHaveLength(1);
  });

  it('runs units of work one after another, never interleaved', async () => {
    const { card, transport } = await setup();
    const unit = (tag: number) => async () => {
      for (let i = 0; i < 3; i++) await transport.transmit(Buffer.from([0x00, 0xca, tag, i, 0x00]));
      return tag;
    };
    const results = await Promise.all([
      transport.withTransaction(unit(1)),
      transport.withTransaction(unit(2)),
    ]);
    expect(results).toEqual([1, 2]);
    expect(card.received.map((c) => `${c[2]}.${c[3]}`)).toEqual([
      '1.0',
      '1.1',
      '1.2',
      '2.0',
      '2.1',
      '2.2',
    ]);
  });

  it('resets the card after a unit that asks for it, so no verified state survives', async () => {
    const { card, transport } = await setup();
    await transport.withTransaction(
      async () => {
        expect((await transport.transmit(hex(verifyApdu('730101')))).toString('hex')).toBe('9000');
        expect(card.verified).toBe(true);
      },
      { reset: true },
    );
    expect(card.verified).toBe(false);
    await transport.withTransaction(() => transport.transmit(hex(verifyApdu('730101'))));
    expect(card.verified).toBe(true);
  });

  it('resets even when the unit fails, passes the error on, and carries on with the next unit', async () => {
    const { card, transport } = await setup();
    const failing = transport.withTransaction(
      async () => {
        await transport.transmit(hex(verifyApdu('730101')));
        throw new Error('driver gave up');
      },
      { reset: true },
    );
    const next = transport.withTransaction(async () => card.verified);
    await expect(failing).rejects.toThrow('driver gave up');
    expect(await next).toBe(false);
  });

  it('after remove(), every transmit resolves with an empty buffer and reaches no card', async () => {
    const { card, transport } = await setup();
    transport.remove();
    expect(transport.cardPresent).toBe(false);
    expect((await transport.transmit(SELECT_MF)).length).toBe(0);
    expect(card.received).toHaveLength(0);
  });

  it('a transmit already in flight when the card is pulled also resolves empty', async () => {
    const { card, transport } = await setup();
    const inFlight = transport.transmit(SELECT_MF);
    transport.remove();
    expect((await inFlight).length).toBe(0);
    expect(card.received).toHaveLength(0);
  });

  it('lets a test pull the card in the middle of reading a certificate', async () => {
    const { card, transport } = await setup();
    const seen: number[] = [];
    const stop = transport.onTransmit((_command, index) => {
      seen.push(index);
      if (index === 4) transport.remove();
    });
    const answers: Buffer[] = [];
    await transport.withTransaction(async () => {
      for (const c of [SELECT_MF, SELECT_PKI, SELECT_CERTS, read(0), read(200), read(400)]) {
        answers.push(await transport.transmit(c));
      }
    });
    expect(answers.map((a) => a.length)).toEqual([2, 2, 2, 202, 0, 0]);
    expect(card.received).toHaveLength(4);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    stop();
    expect(transport.transmitCount).toBe(6);
  });

  it('pulling the card before a VERIFY arrives spends no try and drops the verified state', async () => {
    const { card, transport } = await setup();
    await transport.transmit(hex(verifyApdu('730101')));
    expect(card.verified).toBe(true);
    transport.onTransmit((command) => {
      if (command[1] === 0x20) transport.remove();
    });
    expect((await transport.transmit(hex(verifyApdu('000000')))).length).toBe(0);
    expect(card.pinTriesLeft).toBe(3);
    expect(card.verified).toBe(false);
  });

  it('works again once the card is put back, with nothing verified', async () => {
    const { card, transport } = await setup();
    await transport.transmit(hex(verifyApdu('730101')));
    transport.remove();
    transport.insert();
    expect(transport.cardPresent).toBe(true);
    expect((await transport.transmit(hex('00 20 00 01'))).toString('hex')).toBe('63c3');
    expect(card.verified).toBe(false);
  });

  it('stops calling a listener after it unsubscribes', async () => {
    const { transport } = await setup();
    let calls = 0;
    const stop = transport.onTransmit(() => calls++);
    await transport.transmit(SELECT_MF);
    stop();
    await transport.transmit(SELECT_MF);
    expect(calls).toBe(1);
  });
});

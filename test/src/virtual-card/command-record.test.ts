/**
 * What the virtual card remembers of the commands it was sent: nothing unless a test asks
 * (the demo card in the app once kept every APDU, PINs included, for the life of the app:
 * 38,028 after 1,000 status reads), at most as many as asked, and never a PIN or user-code
 * byte.
 */
import { describe, expect, it } from 'vitest';
import { CardDriver } from '../../../src/card';
import { DEMO_READER, openVirtualSource } from '../../../src/sources';
import { createVirtualCard, InProcessTransport, REDACTED_BYTE } from '../../../src/virtual-card';
import { hex } from './helpers';

const secret = (s: string) => Buffer.from(s, 'latin1');
const contains = (haystack: Buffer, needle: string) => haystack.includes(Buffer.from(needle));

describe("the virtual card's record of commands", () => {
  it('the demo card keeps none, however many status reads it serves', async () => {
    const source = await openVirtualSource('fresh');
    try {
      for (let i = 0; i < 200; i++) {
        await source.withCard(DEMO_READER, (t) => new CardDriver(t).readCardSummary());
      }
      const card = source.cardIn(DEMO_READER)!;
      expect(() => card.received).toThrow(/keeps no commands/);
    } finally {
      await source.close();
    }
  });

  it('keeps at most as many as asked, the latest ones', async () => {
    const card = await createVirtualCard({ recordCommands: 5 });
    for (let i = 0; i < 40; i++) await card.process(Buffer.from([0x00, 0xca, 0x01, i, 0x00]));
    expect(card.received.map((c) => c[3])).toEqual([35, 36, 37, 38, 39]);
    card.forgetReceived();
    expect(card.received).toEqual([]);
  });

  it('never keeps a PIN or a user code: their bytes are replaced, the length kept', async () => {
    const card = await createVirtualCard({ scenario: 'locked', recordCommands: 100 });
    const driver = new CardDriver(new InProcessTransport(card));
    await driver.unblockPin(secret('12345678'), secret('Fresh9'), { confirmLastTry: false });
    await driver.changePin(secret('Fresh9'), secret('Other7'), { confirmLastTry: false });
    await driver.verifyPin(secret('Other7'), { confirmLastTry: false });
    const spending = card.received.filter(
      (c) => [0x20, 0x24, 0x2c].includes(c[1]!) && c.length > 5,
    );
    expect(spending.map((c) => c.subarray(0, 5).toString('hex'))).toEqual([
      '002c000112',
      '0024000110',
      '0020000108',
    ]);
    for (const c of spending) expect(c.subarray(5).every((b) => b === REDACTED_BYTE)).toBe(true);
    for (const c of card.received) {
      for (const s of ['12345678', 'Fresh9', 'Other7']) expect(contains(c, s)).toBe(false);
    }
    // Other commands are kept exactly as sent.
    expect(card.received.some((c) => c.equals(hex('00 A4 00 00 02 3F 00')))).toBe(true);
  });
});

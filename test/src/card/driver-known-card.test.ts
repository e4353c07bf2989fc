/**
 * Re-reading a remembered card (card-profile.md §3, "Re-reading a remembered card"): the
 * driver recognises each certificate from its first bytes (issuer and serial) and reads only
 * the ones that changed, so a known card costs at most half the APDUs of a first read, and a
 * certificate written onto the card since (an extension) is always the one reported.
 */
import { describe, expect, it } from 'vitest';
import {
  CardDriver,
  certificateIdentity,
  type CardSummary,
  type KnownCardHint,
} from '../../../src/card';
import {
  createVirtualCard,
  InProcessTransport,
  VIRTUAL_CARD_DEFAULTS,
  type VirtualCard,
} from '../../../src/virtual-card';
import { cardBeforeAndAfterExtension } from '../../helpers/extended-card';
import { NOW, RECORD_ALL } from './virtual-card-helpers';

const CARD_NUMBER = VIRTUAL_CARD_DEFAULTS.cardNumber;

async function summary(card: VirtualCard, known?: Map<string, KnownCardHint>) {
  const driver = new CardDriver(new InProcessTransport(card));
  const before = card.received.length;
  const s = await driver.readCardSummary({ known: (n) => known?.get(n) });
  return { s, sent: card.received.slice(before) };
}

function hintFrom(s: CardSummary): Map<string, KnownCardHint> {
  return new Map([
    [s.cardNumber!, { osVersion: s.osVersion, certificates: s.certificates.map((c) => c.der) }],
  ]);
}

const readBinaries = (sent: Buffer[]) => sent.filter((c) => c[1] === 0xb0).length;

describe('re-reading a remembered card', () => {
  it('fresh: 18 APDUs instead of 38, the same summary, nothing of it taken on trust but the OS version and unchanged certificates', async () => {
    const card = await createVirtualCard({
      scenario: 'fresh',
      now: () => NOW,
      recordCommands: RECORD_ALL,
    });
    const cold = await summary(card);
    expect(cold.s.apduCount).toBe(38);
    expect(cold.s.reused).toBeUndefined();

    const known = await summary(card, hintFrom(cold.s));
    expect(known.s.apduCount).toBe(18);
    expect(known.s.apduCount).toBeLessThanOrEqual(cold.s.apduCount / 2);
    expect(known.s.reused).toEqual({ osVersion: true, certificates: 4 });
    expect(known.s.problems).toEqual([]);
    expect(known.s.cardNumber).toBe(CARD_NUMBER);
    expect(known.s.osVersion).toBe(cold.s.osVersion);
    expect(known.s.pin).toEqual(cold.s.pin);
    expect(known.s.certificates).toEqual(cold.s.certificates);
    // One READ BINARY per certificate: its first 200 bytes hold issuer and serial.
    expect(readBinaries(known.sent)).toBe(1 + 2 + 4);
    // The OS version file is not selected at all.
    expect(known.sent.some((c) => c.toString('hex').toUpperCase() === '00A40000020905')).toBe(
      false,
    );
  });

  it('a card whose number is not remembered is read in full', async () => {
    const card = await createVirtualCard({
      scenario: 'fresh',
      now: () => NOW,
      recordCommands: RECORD_ALL,
    });
    const cold = await summary(card);
    const other = new Map([['TT99999999999999', hintFrom(cold.s).get(CARD_NUMBER)!]]);
    const again = await summary(card, other);
    expect(again.s.apduCount).toBe(38);
    expect(again.s.reused).toBeUndefined();
  });

  it('after an extension wrote new certificates onto the card, the new ones are read in full and reported', async () => {
    const { before, after } = await cardBeforeAndAfterExtension(NOW);
    const remembered = hintFrom((await summary(before)).s);

    const { s, sent } = await summary(after, remembered);
    expect(s.problems).toEqual([]);
    expect(s.reused).toEqual({ osVersion: true, certificates: 2 });
    const byId = Object.fromEntries(s.certificates.map((c) => [c.id, c.der]));
    expect(byId.SIGN!.equals(after.certificates.signing)).toBe(true);
    expect(byId.KEYX!.equals(after.certificates.keyExchange)).toBe(true);
    expect(byId.SIGN!.equals(before.certificates.signing)).toBe(false);
    expect(byId.CA!.equals(before.certificates.issuingCa)).toBe(true);
    // The card number, the directory, the changed ones in full and the two CAs one read each.
    const full = (der: Buffer) => Math.ceil(der.length / 200);
    expect(readBinaries(sent)).toBe(
      1 + 2 + full(after.certificates.signing) + full(after.certificates.keyExchange) + 2,
    );
  });

  it('a remembered certificate whose first bytes differ from the card (same issuer and serial) is not trusted', async () => {
    const card = await createVirtualCard({
      scenario: 'fresh',
      now: () => NOW,
      recordCommands: RECORD_ALL,
    });
    const cold = (await summary(card)).s;
    const tampered = cold.certificates.map((c) => Buffer.from(c.der));
    // A byte of the validity dates: after the issuer, still within the first read.
    const sign = tampered[0]!;
    const identity = certificateIdentity(sign);
    if (typeof identity !== 'object') throw new Error('not a certificate');
    const at = sign.indexOf(identity.issuer) + identity.issuer.length + 6;
    expect(at).toBeLessThan(200);
    sign[at] = sign[at]! ^ 0x01;
    const hint = new Map([[CARD_NUMBER, { osVersion: cold.osVersion, certificates: tampered }]]);
    const { s } = await summary(card, hint);
    expect(s.reused?.certificates).toBe(3);
    expect(s.certificates[0]!.der.equals(card.certificates.signing)).toBe(true);
  });

  it.each(['small-reads', 't0', 'gen1-cla80'] as const)(
    '%s: a re-read gives the same certificates with fewer APDUs',
    async (scenario) => {
      const card = await createVirtualCard({
        scenario,
        now: () => NOW,
        recordCommands: RECORD_ALL,
      });
      const cold = await summary(card);
      const known = await summary(card, hintFrom(cold.s));
      expect(known.s.problems).toEqual([]);
      expect(known.s.reused).toEqual({ osVersion: true, certificates: 4 });
      expect(known.s.certificates).toEqual(cold.s.certificates);
      expect(known.s.apduCount).toBeLessThanOrEqual(cold.s.apduCount / 2);
    },
  );

  it('no-cdf: without a directory there is nothing to recognise certificates by, so all are read', async () => {
    const card = await createVirtualCard({
      scenario: 'no-cdf',
      now: () => NOW,
      recordCommands: RECORD_ALL,
    });
    const cold = await summary(card);
    const known = await summary(card, hintFrom(cold.s));
    expect(known.s.reused).toEqual({ osVersion: true, certificates: 0 });
    expect(known.s.certificates).toEqual(cold.s.certificates);
    expect(known.s.apduCount).toBe(cold.s.apduCount - 2);
  });
});

/**
 * The cards people put in the reader instead of their 自然人憑證 (card-profile.md §7): every
 * `other` row of resources/atr-table.json gets its own test with a simulated card of that
 * ATR, which records what it received. Identified from the ATR, such a card is sent nothing
 * at all; a card of unknown ATR gets only the table's read-only SELECTs of public AIDs.
 */
import { describe, expect, it } from 'vitest';
import { CardDriver, defaultAtrTable, parseAtr } from '../../../src/card';
import { otherCardByNumber } from '../../../src/card/other-cards';
import { fromHex } from '../../../src/card/apdu/hex';
import { PinOperationRefused } from '../../../src/core/errors';
import { InProcessTransport, OtherCard } from '../../../src/virtual-card';
import { atrWithHistorical } from './fake-card';

const otherRows = defaultAtrTable.families.filter((r) => r.family === 'other');
const probes = defaultAtrTable.aidProbes ?? [];
const hex = (b: Buffer) => b.toString('hex').toUpperCase();

function cardWith(atr: Buffer, applications: Buffer[] = []) {
  const card = new OtherCard({ atr, applications });
  return { card, driver: new CardDriver(new InProcessTransport(card, { readerName: 'R' })) };
}

describe('the ATR table names the other cards, each with its public source', () => {
  it('has rows for the NHI card, bank cards, SIMs and more, each with a source and a kind', () => {
    const kinds = new Set(otherRows.map((r) => r.otherCard));
    for (const k of ['nhi', 'bank', 'sim', 'health-professional', 'transport']) {
      expect(kinds.has(k as never), k).toBe(true);
    }
    for (const r of [...otherRows, ...probes]) {
      expect(r.source, JSON.stringify(r)).toMatch(/\S{10,}/);
    }
    for (const r of otherRows) expect(r.pinChannel).toBe('none');
  });

  it('no ATR is listed twice, and none is one of the 自然人憑證 families', () => {
    const atrs = defaultAtrTable.families.filter((r) => r.atr).map((r) => hex(fromHex(r.atr!)));
    expect(new Set(atrs).size).toBe(atrs.length);
  });
});

describe.each(otherRows.map((r) => [r.atr!, r] as const))('ATR %s', (atrHex, row) => {
  it(`is a well-formed ATR (TCK checks) and is told as "${row.otherCard}" without sending anything`, async () => {
    const atr = fromHex(atrHex);
    const parsed = parseAtr(atr);
    if (parsed.tck !== null) expect(parsed.tckValid).toBe(true);
    const { card, driver } = cardWith(atr);
    const identity = await driver.identify();
    expect(identity).toEqual({
      family: 'other',
      pinChannel: 'none',
      layout: null,
      otherCard: { kind: row.otherCard, how: 'atr', certain: row.certain !== false },
    });
    const summary = await driver.readCardSummary();
    expect(summary.problems).toEqual([]);
    expect(summary.pin).toBeNull();
    await expect(
      driver.verifyPin(Buffer.from('730101'), { confirmLastTry: true }),
    ).rejects.toBeInstanceOf(PinOperationRefused);
    expect(card.received).toEqual([]);
  });
});

describe('a card the ATR does not name', () => {
  const unknownAtr = atrWithHistorical(Buffer.from('NOBODY', 'latin1'));

  it.each(probes.map((p) => [p.otherCard, p] as const))(
    'that accepts the public AID of a %s card is that card, and gets nothing more',
    async (_kind, probe) => {
      const { card, driver } = cardWith(unknownAtr, [fromHex(probe.aid)]);
      const identity = await driver.identify();
      expect(identity).toMatchObject({
        family: 'other',
        pinChannel: 'none',
        otherCard: { kind: probe.otherCard, how: 'aid', certain: true },
      });
      // Only SELECT by name, the probes up to the one that matched.
      const upTo = probes.indexOf(probe) + 1;
      expect(card.received).toHaveLength(upTo);
      expect(card.received.every((c) => c[1] === 0xa4 && c[2] === 0x04)).toBe(true);
      expect(hex(card.received.at(-1)!.subarray(5, 5 + card.received.at(-1)![4]!))).toBe(
        hex(fromHex(probe.aid)),
      );
    },
  );

  it('that accepts none stays an unknown card: only SELECTs, never a PIN command', async () => {
    const { card, driver } = cardWith(unknownAtr);
    expect((await driver.identify()).family).toBe('unknown');
    await driver.readCardSummary();
    expect(card.received.every((c) => c[1] === 0xa4)).toBe(true);
    expect(card.received.filter((c) => c[2] === 0x04).slice(0, probes.length).length).toBe(
      probes.length,
    );
  });

  it('the NHI SELECT is byte for byte the published command', async () => {
    const { card, driver } = cardWith(unknownAtr);
    await driver.identify();
    expect(hex(card.received[0]!)).toBe('00A4040010D1580000010000000000000000001100');
  });
});

describe('a card of MOICA make whose number is not a 自然人憑證 number', () => {
  it('TP and TT numbers are 自然人憑證; any other is probably another GPKI card', () => {
    expect(otherCardByNumber('TP03000012345678')).toBeNull();
    expect(otherCardByNumber('TTAJ000000000321')).toBeNull();
    expect(otherCardByNumber(null)).toBeNull();
    expect(otherCardByNumber('AB12345678901234')).toEqual({
      kind: 'gpki',
      how: 'card-number',
      certain: false,
    });
  });
});

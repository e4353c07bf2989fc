import { describe, expect, it } from 'vitest';
import { createVirtualCard, SCENARIOS, type ScenarioName } from '../../../src/virtual-card';

/** ISO/IEC 7816-3: TCK makes the XOR of T0..TCK zero. */
const xorAfterTs = (atr: Buffer): number => atr.subarray(1).reduce((x, b) => x ^ b, 0);

describe('ATR', () => {
  it('is 3B 8A 80 01 + "CCM-VCARD" + version 01 + a correct TCK on the virtual family', async () => {
    const card = await createVirtualCard({ scenario: 'fresh' });
    const atr = card.atr;
    expect(atr.subarray(0, 4).toString('hex')).toBe('3b8a8001');
    expect(atr.subarray(4, 13).toString('ascii')).toBe('CCM-VCARD');
    expect(atr[13]).toBe(0x01);
    expect(atr.length).toBe(15);
    expect(xorAfterTs(atr)).toBe(0);
    expect(atr.toString('hex').toUpperCase()).toBe('3B8A800143434D2D56434152440128');
  });

  it('is the MOICA gen-1 ATR on vendor-gen1 and "OTHERPKI" on unknown-atr', async () => {
    const vendor = await createVirtualCard({ scenario: 'vendor-gen1' });
    expect(vendor.atr.toString('hex').toUpperCase()).toBe('3BB813008131FA524348544D4F494341A5');
    expect(xorAfterTs(vendor.atr)).toBe(0);
    const other = await createVirtualCard({ scenario: 'unknown-atr' });
    expect(other.atr.subarray(0, 4).toString('hex')).toBe('3b888001');
    expect(other.atr.subarray(4, 12).toString('ascii')).toBe('OTHERPKI');
    expect(xorAfterTs(other.atr)).toBe(0);
  });

  it('keeps the virtual ATR in every other scenario (gen1-cla80 and t0 included)', async () => {
    const own = new Set<ScenarioName>(['vendor-gen1', 'unknown-atr']);
    const fresh = (await createVirtualCard()).atr;
    for (const scenario of SCENARIOS.filter((s) => !own.has(s))) {
      expect((await createVirtualCard({ scenario })).atr, scenario).toEqual(fresh);
    }
  });

  it('hands out a copy, so a caller cannot change the card', async () => {
    const card = await createVirtualCard();
    card.atr.fill(0);
    expect(card.atr[0]).toBe(0x3b);
  });
});

/**
 * "這是你的健保卡，不是自然人憑證" in `status` (CLI), the diagnosis and the card-status report
 * (card-profile.md §7), for a card named by its ATR, one named by a public AID, and a card of
 * MOICA's make with another kind of number. The simulated cards record what they received.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultAtrTable } from '../../../src/card';
import { fromHex } from '../../../src/card/apdu/hex';
import { runDiagnostics } from '../../../src/service/diagnostics';
import { identifyCard } from '../../../src/sources';
import { createVirtualSource, type VirtualCardSource } from '../../../src/sources/virtual-source';
import { OtherCard } from '../../../src/virtual-card';
import type { CliServices } from '../../../src/cli/context';
import { atrWithHistorical } from '../card/fake-card';
import { NOW, run } from '../cli/run-cli';
import { baseDeps, only, opened } from './diagnostics/helpers';

const READER = 'Reader A';
const NHI_ATR = fromHex(
  defaultAtrTable.families.find((r) => r.otherCard === 'nhi' && r.certain !== false)!.atr!,
);
const NHI_AID = fromHex(defaultAtrTable.aidProbes!.find((p) => p.otherCard === 'nhi')!.aid);
const UNKNOWN_ATR = atrWithHistorical(Buffer.from('NOBODY', 'latin1'));

let source: VirtualCardSource | null = null;
afterEach(async () => {
  await source?.close();
  source = null;
});

async function sourceWith(card: OtherCard): Promise<VirtualCardSource> {
  const s = await createVirtualSource([{ reader: READER, card: null }], {
    identify: identifyCard,
    now: () => NOW,
  });
  await s.insertCard(READER, card);
  source = s;
  return s;
}

const services = (card: OtherCard): CliServices => ({
  now: () => NOW,
  openVirtual: async () => sourceWith(card),
});

describe('citizen-card status and readers', () => {
  it('an NHI card by its ATR: says so, exit 1, and the card received nothing', async () => {
    const card = new OtherCard({ atr: NHI_ATR });
    const r = await run(['status', '--virtual', 'fresh'], { services: services(card) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('This is your NHI card (健保卡), not your 自然人憑證');
    expect(r.stderr).toContain('Put your 自然人憑證');
    expect(card.received).toEqual([]);
  });

  it('in Traditional Chinese, and in --json as otherCard', async () => {
    const zh = await run(['status', '--virtual', 'fresh'], {
      services: services(new OtherCard({ atr: NHI_ATR })),
      lang: 'zh_TW.UTF-8',
    });
    expect(zh.stdout).toContain('這是你的健保卡，不是自然人憑證。');
    const json = await run(['status', '--virtual', 'fresh', '--json'], {
      services: services(new OtherCard({ atr: NHI_ATR })),
    });
    expect(JSON.parse(json.stdout)).toMatchObject({
      family: 'other',
      pinChannel: 'none',
      otherCard: { kind: 'nhi', how: 'atr', certain: true },
      problems: [],
    });
  });

  it('an NHI card of an unknown ATR is told by its public AID, with nothing but SELECTs', async () => {
    const card = new OtherCard({ atr: UNKNOWN_ATR, applications: [NHI_AID] });
    const r = await run(['status', '--virtual', 'fresh', '--json'], { services: services(card) });
    expect(JSON.parse(r.stdout).otherCard).toEqual({ kind: 'nhi', how: 'aid', certain: true });
    expect(card.received.every((c) => c[1] === 0xa4)).toBe(true);
  });

  it('readers names the card from its ATR alone', async () => {
    const card = new OtherCard({ atr: NHI_ATR });
    const r = await run(['readers', '--virtual', 'fresh'], { services: services(card) });
    expect(r.stdout).toContain('other (another card, not a 自然人憑證; read-only)');
    expect(r.stdout).toContain('This is your NHI card');
    expect(card.received).toEqual([]);
  });
});

describe('diagnose', () => {
  it('one card.other error for an NHI card, instead of reading it', async () => {
    const card = new OtherCard({ atr: NHI_ATR });
    const s = await sourceWith(card);
    const report = await runDiagnostics(baseDeps({ openSource: async () => opened(s) }));
    const f = only(report, 'card.other', READER);
    expect(f.severity).toBe('error');
    expect(f.title).toBe(
      'This is your NHI card (健保卡), not your 自然人憑證 (Citizen Digital Certificate).',
    );
    expect(f.data).toMatchObject({ otherCard: { kind: 'nhi', how: 'atr' } });
    expect(report.findings.some((x) => x.id === 'card.atr' || x.id === 'card.read')).toBe(false);
    expect(card.received).toEqual([]);
  });

  it('a card of MOICA make whose number is not TP/TT: a warning, "probably", number masked', async () => {
    const s = await createVirtualSource(
      [
        {
          reader: READER,
          card: {
            scenario: 'vendor-gen1',
            now: () => NOW,
            holder: { cardNumber: 'AB03000012345678' },
          },
        },
      ],
      { identify: identifyCard, now: () => NOW },
    );
    source = s;
    const report = await runDiagnostics(baseDeps({ openSource: async () => opened(s) }));
    const f = only(report, 'card.other', READER);
    expect(f.severity).toBe('warning');
    expect(f.title).toContain('This is probably your government certificate card of another kind');
    expect(f.cause).toContain('does not start with TP or TT');
    expect(JSON.stringify(report)).not.toContain('AB03000012345678');
  });
});

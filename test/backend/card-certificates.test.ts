/**
 * The app's status view and the diagnosis read the same certificates the same way: one
 * that cannot be parsed is named and the rest still shown, and both speak about the same
 * holder certificate (signing, else key exchange), whatever order the card lists them in.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { statusView } from '../../src/backend/status-view';
import { CardDriver, type CardSummary } from '../../src/card';
import { createVirtualSource, DEMO_READER } from '../../src/card-sources/virtual-source';
import { parseCardCertificates } from '../../src/certs/card-certificates';
import { certificateFindings } from '../../src/diagnostics/steps/certificates';
import { VIRTUAL_CARD_DEFAULTS } from '../../src/virtual-card/defaults';

const NOW = new Date('2026-11-27T04:00:00Z');
/** A SEQUENCE holding one INTEGER: well-formed DER, not a certificate. */
const BROKEN = { id: 'BROKEN', label: 'Damaged', der: Buffer.from('3003020100', 'hex') };

let summary: CardSummary;

beforeAll(async () => {
  const now = () => NOW;
  const source = await createVirtualSource(
    [{ reader: DEMO_READER, card: { scenario: 'fresh', now } }],
    { now },
  );
  try {
    summary = await source.withCard(DEMO_READER, (t) => new CardDriver(t).readCardSummary());
  } finally {
    await source.close();
  }
});

/** The card's summary with its certificates listed in this order (by ID). */
function listing(...ids: string[]): CardSummary {
  const all = [...summary.certificates, BROKEN];
  return { ...summary, certificates: ids.map((id) => all.find((c) => c.id === id)!) };
}

function bothViews(card: CardSummary) {
  const parsed = parseCardCertificates(card.certificates);
  return {
    view: statusView(card, parsed, NOW),
    findings: certificateFindings(DEMO_READER, card, parsed, NOW),
  };
}

describe("a card's certificates, as the status view and the diagnosis see them", () => {
  it('a damaged certificate is named in both, and the others are still shown', () => {
    const { view, findings } = bothViews(listing('ROOT', 'BROKEN', 'CA', 'KEYX', 'SIGN'));
    expect(view.certificates.map((c) => c.id)).toEqual(['ROOT', 'CA', 'KEYX', 'SIGN']);
    expect(view.problems).toEqual([
      expect.objectContaining({
        item: 'certificate:BROKEN',
        code: 'bad-certificate',
        messageKey: 'certs.error.notCertificate',
      }),
    ]);
    const damaged = findings.filter((f) => f.data.id === 'BROKEN');
    expect(damaged).toEqual([expect.objectContaining({ id: 'certificate', severity: 'warning' })]);
    expect(damaged[0]!.data.error).toBe('bad-certificate');
  });

  it('both speak about the signing certificate, even when the card lists it last', () => {
    const { view, findings } = bothViews(listing('ROOT', 'CA', 'KEYX', 'SIGN'));
    expect(view.holderName).toBe(VIRTUAL_CARD_DEFAULTS.holderName);
    expect(view.advice).not.toBeNull();
    expect(findings.find((f) => f.id === 'advice')?.data.certificateId).toBe('SIGN');
  });

  it('without a signing certificate, both fall back to the key-exchange one', () => {
    const { view, findings } = bothViews(listing('ROOT', 'CA', 'KEYX'));
    expect(view.holderName).toBe(VIRTUAL_CARD_DEFAULTS.holderName);
    expect(view.advice).not.toBeNull();
    expect(findings.find((f) => f.id === 'advice')?.data.certificateId).toBe('KEYX');
  });

  it('only CA certificates: no holder, no advice, in either', () => {
    const { view, findings } = bothViews(listing('ROOT', 'CA'));
    expect(view.holderName).toBeNull();
    expect(view.advice).toBeNull();
    expect(findings.some((f) => f.id === 'advice')).toBe(false);
  });
});

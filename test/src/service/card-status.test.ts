/**
 * One card-status builder for the app's Card screen (`card:status`) and `citizen-card
 * status`: both read a card the same way, speak about the same holder certificate
 * (signing, else key exchange, else any that is not a CA's) whatever order the card lists
 * them in, name what could not be read or advised on, and still show the rest. The
 * diagnosis parses the same certificates the same way.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCardStatus, statusView } from '../../../src/service/card-status';
import { createCardBackend } from '../../../src/service/handlers';
import { CardDriver, type CardSummary } from '../../../src/card';
import { createVirtualSource, DEMO_READER } from '../../../src/sources/virtual-source';
import { parseCardCertificates } from '../../../src/certs/card-certificates';
import { certificateFindings } from '../../../src/service/diagnostics/steps/certificates';
import { type CertificateSet, type VirtualCard } from '../../../src/virtual-card';
import { VIRTUAL_CARD_DEFAULTS } from '../../../src/virtual-card/defaults';
import { defaultCardWith } from '../../helpers/extended-card';
import { run } from '../cli/run-cli';
import {
  committedKey,
  freshKey,
  holderSubject,
  makeCert,
  TEST_ISSUING_SUBJECT,
} from '../certs/fixtures';

const NOW = new Date('2026-11-27T04:00:00Z');
/** A SEQUENCE holding one INTEGER: well-formed DER, not a certificate. */
const BROKEN = { id: 'BROKEN', label: 'Damaged', der: Buffer.from('3003020100', 'hex') };
/**
 * Someone else's end-entity certificate without keyUsage (role 'other'), valid for a year
 * longer than the holder's: advice about it would differ from advice about the holder's.
 */
const OTHER = {
  id: 'OTHER',
  label: 'Other',
  der: makeCert({
    subject: holderSubject('陳其他', '0000000087654321'),
    issuer: TEST_ISSUING_SUBJECT,
    key: freshKey(),
    signer: committedKey('test-issuing-ca'),
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2030-01-01T00:00:00Z'),
  }),
};

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
  const all = [...summary.certificates, BROKEN, OTHER];
  return { ...summary, certificates: ids.map((id) => all.find((c) => c.id === id)!) };
}

function bothViews(card: CardSummary) {
  const report = buildCardStatus(card, { now: NOW });
  return {
    view: statusView(report, NOW),
    findings: certificateFindings(DEMO_READER, card, parseCardCertificates(card.certificates), NOW),
    cli: report.status,
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

  it('the CLI speaks about the same holder certificate as the app, in every listing', () => {
    for (const ids of [
      ['ROOT', 'CA', 'KEYX', 'SIGN'],
      ['SIGN', 'KEYX', 'CA', 'ROOT'],
      ['ROOT', 'CA', 'KEYX'],
      ['ROOT', 'CA', 'OTHER', 'KEYX'],
      ['OTHER', 'ROOT', 'CA'],
      ['ROOT', 'CA'],
    ]) {
      const { view, cli } = bothViews(listing(...ids));
      expect({ ids, holder: cli.holderName, advice: cli.advice }).toEqual({
        ids,
        holder: view.holderName,
        advice: view.advice,
      });
    }
  });

  it('an end-entity certificate listed before the key-exchange one does not take its place', () => {
    const { view, findings, cli } = bothViews(listing('ROOT', 'CA', 'OTHER', 'KEYX'));
    expect(findings.find((f) => f.id === 'advice')?.data.certificateId).toBe('KEYX');
    expect(view.holderName).toBe(VIRTUAL_CARD_DEFAULTS.holderName);
    expect(cli.holderName).toBe(VIRTUAL_CARD_DEFAULTS.holderName);
    expect(cli.advice?.expiresOn).toBe(view.advice?.expiresOn);
    expect(cli.advice?.expiresOn).not.toBe('2030-01-01');
  });

  it("with only a certificate of no known role, that one is the holder's in all three", () => {
    const { view, findings, cli } = bothViews(listing('OTHER', 'ROOT', 'CA'));
    expect(findings.find((f) => f.id === 'advice')?.data.certificateId).toBe('OTHER');
    expect(view.holderName).toBe('陳其他');
    expect(cli.holderName).toBe('陳其他');
    expect(cli.advice?.expiresOn).toBe('2030-01-01');
  });

  it('only CA certificates: no holder, no advice, in either', () => {
    const { view, findings } = bothViews(listing('ROOT', 'CA'));
    expect(view.holderName).toBeNull();
    expect(view.advice).toBeNull();
    expect(findings.some((f) => f.id === 'advice')).toBe(false);
  });
});

/** A card like `fresh` whose certificates are replaced by `certificates` (by slot). */
async function cardWith(certificates: Partial<CertificateSet>): Promise<VirtualCard> {
  const source = await createVirtualSource(
    [{ reader: DEMO_READER, card: { scenario: 'fresh', now: () => NOW } }],
    { now: () => NOW },
  );
  const fresh = source.cardIn(DEMO_READER)!;
  await source.close();
  return defaultCardWith({ ...fresh.certificates, ...certificates });
}

/** A source with `card` in the demo reader. */
async function holding(card: VirtualCard) {
  const source = await createVirtualSource([{ reader: DEMO_READER }], { now: () => NOW });
  await source.insertCard(DEMO_READER, card);
  return source;
}

/** `citizen-card status --json` and the app's `card:status` on the very same card. */
async function cliAndApp(card: VirtualCard) {
  const cli = await run(['status', '--virtual', 'fresh', '--json'], {
    services: { now: () => NOW, openVirtual: () => holding(card) },
  });
  const source = await holding(card);
  const backend = createCardBackend({
    source,
    appInfo: {
      name: 'test',
      version: '0',
      runtime: 'browser',
      platform: 'linux',
      demoScenario: null,
    },
    now: () => NOW,
    log: () => undefined,
  });
  try {
    const result = await backend.handlers['card:status']({ reader: DEMO_READER });
    return { cli, json: JSON.parse(cli.stdout), app: result };
  } finally {
    backend.close();
    await source.close();
  }
}

describe('the CLI and the app build the same status', () => {
  it('the same card gives the same holder, advice, certificates and counters', async () => {
    const { cli, json, app } = await cliAndApp(await cardWith({}));
    expect(cli.code).toBe(0);
    if (!app.ok) throw new Error(JSON.stringify(app.error));
    const view = app.value;
    expect(json.problems).toEqual([]);
    expect(view.problems).toEqual([]);
    for (const key of [
      'cardNumber',
      'holderName',
      'pin',
      'userCode',
      'advice',
      'family',
    ] as const) {
      expect({ key, value: json[key] }).toEqual({ key, value: view[key] });
    }
    expect(json.certificates.map((c: { serialNumber: string }) => c.serialNumber)).toEqual(
      view.certificates.map((c) => c.serialNumber),
    );
  });

  it('a signing certificate that expires before it starts: both still show the card and say the advice is missing', async () => {
    const backwards = makeCert({
      subject: holderSubject(VIRTUAL_CARD_DEFAULTS.holderName, '0000000012345678'),
      issuer: TEST_ISSUING_SUBJECT,
      key: freshKey(),
      signer: committedKey('test-issuing-ca'),
      notBefore: new Date('2027-01-01T00:00:00Z'),
      notAfter: new Date('2025-01-01T00:00:00Z'),
      keyUsage: { digitalSignature: true, nonRepudiation: true },
    });
    const { cli, json, app } = await cliAndApp(await cardWith({ signing: backwards }));
    // The CLI prints what it read and exits 1 for the incomplete report.
    expect(cli.code).toBe(1);
    expect(json.cardNumber).toBe(VIRTUAL_CARD_DEFAULTS.cardNumber);
    expect(json.advice).toBeNull();
    expect(json.problems).toEqual([expect.objectContaining({ item: 'advice' })]);
    // The app used to throw here (an internal error instead of the card).
    if (!app.ok) throw new Error(`card:status failed: ${JSON.stringify(app.error)}`);
    expect(app.value.cardNumber).toBe(VIRTUAL_CARD_DEFAULTS.cardNumber);
    expect(app.value.advice).toBeNull();
    expect(app.value.problems).toEqual([
      expect.objectContaining({ item: 'advice', code: json.problems[0].code }),
    ]);
    expect(app.value.certificates.map((c) => c.id)).toEqual(
      json.certificates.map((c: { id: string }) => c.id),
    );
  });
});

/**
 * The driver against the project's virtual card, every scenario end to end: identify,
 * the one-transaction summary, certificates that parse as X.509, and the PIN paths each
 * scenario allows. `card.received` is the card's own record of what it was sent.
 */
import { defaultAtrTable } from '../../../src/card';
import { describe, expect, it } from 'vitest';
import { SCENARIOS, type ScenarioName } from '../../../src/virtual-card';
import { NOW, parseDer, pinCommands, rig } from './virtual-card-helpers';

const CARD_NUMBER = 'TP03000012345678';
const OS_VERSION = 'CCM VC01';
const CDF_IDS = ['SIGN', 'KEYX', 'CA', 'ROOT'];
const SCAN_IDS = ['08F2@0000', '08F2@0700', '08F2@0E00', '08F2@1500'];
const DAY = 86_400_000;

interface Expect {
  family: string;
  pinChannel: string;
  cla: number;
  pin: { triesLeft: number; blocked: boolean } | null;
  userCode: { triesLeft: number; blocked: boolean } | null;
  ids: string[];
}

const iso = (pin: number, userCode: number, cla = 0x00): Expect => ({
  family: 'virtual',
  pinChannel: 'iso',
  cla,
  pin: { triesLeft: pin, blocked: pin === 0 },
  userCode: { triesLeft: userCode, blocked: userCode === 0 },
  ids: CDF_IDS,
});

const EXPECTED: Record<ScenarioName, Expect> = {
  fresh: iso(3, 5),
  'one-try-left': iso(1, 5),
  locked: iso(0, 5),
  'user-code-blocked': iso(0, 0),
  expiring: iso(3, 5),
  'expired-extendable': iso(3, 5),
  'expired-reapply': iso(3, 5),
  extended: iso(3, 5),
  suspended: iso(3, 5),
  revoked: iso(3, 5),
  'gen1-cla80': iso(3, 5, 0x80),
  t0: iso(3, 5),
  'small-reads': iso(3, 5),
  'no-cdf': { ...iso(3, 5), ids: SCAN_IDS },
  'vendor-gen1': {
    family: 'moica-gen1',
    pinChannel: 'vendor',
    cla: 0x80,
    pin: null,
    userCode: null,
    ids: CDF_IDS,
  },
  'sign-broken': iso(3, 5),
  'sign-refused': iso(3, 5),
  'unknown-atr': {
    family: 'unknown',
    pinChannel: 'none',
    cla: 0x00,
    pin: null,
    userCode: null,
    ids: CDF_IDS,
  },
};

describe.each([...SCENARIOS])('scenario %s', (scenario) => {
  const want = EXPECTED[scenario];

  it('identifies the card and reads the whole summary in one transaction', async () => {
    const { card, driver } = await rig(scenario);
    const s = await driver.readCardSummary();
    expect(s.identity).toEqual({
      family: want.family,
      pinChannel: want.pinChannel,
      layout: { cla: want.cla, root: '3F00' },
    });
    expect(s.problems).toEqual([]);
    expect(s.cardNumber).toBe(CARD_NUMBER);
    expect(s.osVersion).toBe(OS_VERSION);
    expect(s.reader).toBe('Virtual card (in process)');
    expect(s.certificates.map((c) => c.id)).toEqual(want.ids);
    if (want.pin)
      expect(s.pin).toMatchObject({
        ...want.pin,
        maxTries: 3,
        lastTry: want.pin.triesLeft === 1,
        source: 'card',
      });
    else expect(s.pin).toBeNull();
    if (want.userCode)
      expect(s.userCode).toMatchObject({ ...want.userCode, maxTries: 5, source: 'card' });
    else expect(s.userCode).toBeNull();
    expect(s.apduCount).toBe(card.received.length);
    // Every command after the probe uses the CLA the probe found. A card of unknown family
    // first gets the read-only SELECTs of public AIDs (card-profile.md §7).
    const aidProbes = want.family === 'unknown' ? (defaultAtrTable.aidProbes ?? []).length : 0;
    const probeLength = aidProbes + (want.cla === 0x80 ? 2 : 3);
    expect(card.received.slice(probeLength).every((c) => c[0] === want.cla)).toBe(true);
  });

  it('reads exactly the certificates the card holds, as DER that parses', async () => {
    const { card, driver } = await rig(scenario);
    const certs = await driver.readCertificates();
    const held = [
      card.certificates.signing,
      card.certificates.keyExchange,
      card.certificates.issuingCa,
      card.certificates.rootCa,
    ];
    expect(certs.map((c) => c.der)).toEqual(held);
    const [signing, keyExchange, issuing, root] = certs.map((c) => parseDer(c.der));
    expect(signing!.checkIssued(issuing!)).toBe(true);
    expect(keyExchange!.checkIssued(issuing!)).toBe(true);
    expect(issuing!.checkIssued(root!)).toBe(true);
    expect(signing!.subject).toContain('C=TW');
    if (want.ids === CDF_IDS)
      expect(certs.map((c) => c.label).every((l) => l.length > 0)).toBe(true);
  });

  if (want.pinChannel !== 'iso') {
    it('never receives INS 20/24/2C, whatever the driver is asked', async () => {
      const { card, driver } = await rig(scenario);
      await driver.readCardSummary();
      expect(await driver.readPinStatus()).toBeNull();
      const reason = want.pinChannel === 'vendor' ? 'vendor-card' : 'unknown-card';
      const yes = { confirmLastTry: true };
      await expect(driver.verifyPin(Buffer.from('730101'), yes)).rejects.toMatchObject({ reason });
      await expect(
        driver.changePin(Buffer.from('730101'), Buffer.from('111111'), yes),
      ).rejects.toMatchObject({ reason });
      await expect(
        driver.unblockPin(Buffer.from('12345678'), Buffer.from('111111'), yes),
      ).rejects.toMatchObject({ reason });
      expect(pinCommands(card)).toEqual([]);
    });
  }
});

describe('certificate dates per scenario (clock fixed at NOW)', () => {
  const notAfter = async (scenario: ScenarioName) => {
    const { driver } = await rig(scenario);
    const [signing] = await driver.readCertificates();
    return new Date(parseDer(signing!.der).validTo).getTime();
  };

  it('puts each scenario in its window', async () => {
    const now = NOW.getTime();
    expect(await notAfter('fresh')).toBeGreaterThan(now + 365 * DAY);
    for (const s of ['expiring', 'extended'] as const) {
      const t = await notAfter(s);
      expect(t, s).toBeGreaterThan(now);
      expect(t, s).toBeLessThan(now + 61 * DAY);
    }
    expect(await notAfter('expired-extendable')).toBeLessThan(now);
    expect(await notAfter('expired-extendable')).toBeGreaterThan(now - 3 * 365 * DAY);
    expect(await notAfter('expired-reapply')).toBeLessThan(now - 3 * 365 * DAY);
  });
});

describe('transfer quirks', () => {
  it('t0: answers come through GET RESPONSE and 6Cxx resends', async () => {
    const { card, driver } = await rig('t0');
    await driver.readCardSummary();
    expect(card.received.some((c) => c[1] === 0xc0)).toBe(true);
  });

  it('small-reads: one refused 200-byte read, then 16-byte reads for good', async () => {
    const { card, driver } = await rig('small-reads');
    await driver.readCardSummary();
    await driver.readCertificates();
    const reads = card.received.filter((c) => c[1] === 0xb0);
    expect(reads.filter((c) => c[4] === 0xc8)).toHaveLength(1);
    expect(reads.filter((c) => c[4] !== 0xc8).every((c) => c[4]! <= 16)).toBe(true);
  });

  it('reads a CDF with explicit length tags and a card that answers 9000 past the end', async () => {
    const explicit = await rig('fresh', { cdfLengthTagging: 'explicit', readPastEnd: 'ok' });
    expect((await explicit.driver.readCertificates()).map((c) => c.id)).toEqual(CDF_IDS);
    expect(await explicit.driver.readOsVersion()).toBe(OS_VERSION);
  });

  it('fresh: the summary costs the minimum documented on readCardSummary', async () => {
    const { card, driver } = await rig('fresh');
    const s = await driver.readCardSummary();
    const sizes = [
      card.certificates.signing,
      card.certificates.keyExchange,
      card.certificates.issuingCa,
      card.certificates.rootCa,
    ].map((c) => c.length);
    const rx = card.received.map((c) => c.toString('hex').toUpperCase());
    const cdfReads = rx.indexOf('00A400000208F2') - rx.indexOf('00A40000024104') - 1;
    expect(cdfReads).toBe(2); // 512-byte CDF whose objects run past the first 200 bytes
    const minimum =
      3 + 5 + 3 + cdfReads + 1 + sizes.reduce((n, l) => n + Math.ceil(l / 200), 0) + 2;
    expect(s.apduCount).toBe(minimum);
  });
});

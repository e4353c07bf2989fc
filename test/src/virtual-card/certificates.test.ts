import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import {
  createVirtualCard,
  DEFAULT_KEYS_DIR,
  SCENARIOS,
  type CertificateSet,
  type ScenarioName,
} from '../../../src/virtual-card';
import { readAll, readTlv } from './tlv';

const NOW = new Date('2026-11-27T03:00:00Z');
const certsOf = async (scenario: ScenarioName, now = NOW, name?: string): Promise<CertificateSet> =>
  (await createVirtualCard({ scenario, now: () => now, holder: name ? { name } : undefined }))
    .certificates;

const parse = (der: Buffer): forge.pki.Certificate =>
  forge.pki.certificateFromAsn1(forge.asn1.fromDer(der.toString('binary')));

interface ExtensionView {
  id: string;
  critical?: boolean;
  value: string;
  [k: string]: unknown;
}
const extension = (cert: forge.pki.Certificate, name: string): ExtensionView =>
  cert.getExtension(name) as ExtensionView;

/** keyIdentifier [0] inside the AuthorityKeyIdentifier SEQUENCE. */
function authorityKeyId(cert: forge.pki.Certificate): string {
  const seq = readTlv(Buffer.from(extension(cert, 'authorityKeyIdentifier').value, 'binary'));
  const keyId = readAll(seq.value).find((t) => t.tag === 0x80)!;
  return keyId.value.toString('hex');
}

const subjectKeyId = (cert: forge.pki.Certificate): string =>
  extension(cert, 'subjectKeyIdentifier').subjectKeyIdentifier as string;

describe('the certificate chain', () => {
  it('verifies with node-forge: root → issuing CA → signing and key-exchange', async () => {
    const set = await certsOf('fresh');
    const [root, issuing, signing, exchange] = [
      set.rootCa,
      set.issuingCa,
      set.signing,
      set.keyExchange,
    ].map(parse) as [
      forge.pki.Certificate,
      forge.pki.Certificate,
      forge.pki.Certificate,
      forge.pki.Certificate,
    ];
    expect(root.verify(root)).toBe(true);
    expect(root.verify(issuing)).toBe(true);
    expect(issuing.verify(signing)).toBe(true);
    expect(issuing.verify(exchange)).toBe(true);
    // A signature that checks out only because nothing is checked would pass this test too.
    const tampered = Buffer.from(set.signing);
    const at = tampered.indexOf('127.0.0.1:9/ocsp');
    expect(at).toBeGreaterThan(0);
    tampered[at] = '2'.charCodeAt(0);
    expect(issuing.verify(parse(tampered))).toBe(false);
    const store = forge.pki.createCaStore([root]);
    expect(
      forge.pki.verifyCertificateChain(store, [signing, issuing], { validityCheckDate: NOW }),
    ).toBe(true);
    expect(
      forge.pki.verifyCertificateChain(store, [exchange, issuing], { validityCheckDate: NOW }),
    ).toBe(true);
  });

  it('uses RSA-2048 keys and SHA-256 signatures throughout', async () => {
    const set = await certsOf('fresh');
    for (const der of Object.values(set)) {
      const cert = parse(der);
      expect(cert.signatureOid).toBe(forge.pki.oids.sha256WithRSAEncryption);
      expect((cert.publicKey as forge.pki.rsa.PublicKey).n.bitLength()).toBe(2048);
    }
  });

  it('marks the CAs with basicConstraints CA true and the holder certificates as not CA', async () => {
    const set = await certsOf('fresh');
    for (const der of [set.rootCa, set.issuingCa]) {
      const bc = extension(parse(der), 'basicConstraints');
      expect(bc.cA).toBe(true);
      expect(bc.critical).toBe(true);
      expect(extension(parse(der), 'keyUsage').keyCertSign).toBe(true);
    }
    for (const der of [set.signing, set.keyExchange]) {
      expect(extension(parse(der), 'basicConstraints').cA).toBeFalsy();
      expect(new X509Certificate(der).ca).toBe(false);
    }
  });

  it('links every certificate to its issuer by AKI = issuer SKI, SKI = SHA-1 of its key', async () => {
    const set = await certsOf('fresh');
    const [root, issuing, signing, exchange] = [
      set.rootCa,
      set.issuingCa,
      set.signing,
      set.keyExchange,
    ].map(parse) as [
      forge.pki.Certificate,
      forge.pki.Certificate,
      forge.pki.Certificate,
      forge.pki.Certificate,
    ];
    expect(authorityKeyId(root)).toBe(subjectKeyId(root));
    expect(authorityKeyId(issuing)).toBe(subjectKeyId(root));
    expect(authorityKeyId(signing)).toBe(subjectKeyId(issuing));
    expect(authorityKeyId(exchange)).toBe(subjectKeyId(issuing));
    for (const der of Object.values(set)) {
      const spkiBitString = new X509Certificate(der).publicKey.export({
        type: 'pkcs1',
        format: 'der',
      });
      expect(subjectKeyId(parse(der))).toBe(createHash('sha1').update(spkiBitString).digest('hex'));
    }
  });

  it('gives the holder certificates the key usages of the card profile', async () => {
    const set = await certsOf('fresh');
    const sign = extension(parse(set.signing), 'keyUsage');
    expect([sign.digitalSignature, sign.nonRepudiation, sign.keyEncipherment]).toEqual([
      true,
      true,
      false,
    ]);
    const keyx = extension(parse(set.keyExchange), 'keyUsage');
    expect([keyx.keyEncipherment, keyx.dataEncipherment, keyx.digitalSignature]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('carries certificate policies, a CRL distribution point and OCSP/CA-issuer URLs: loopback by default, or as chosen', async () => {
    const set = await certsOf('fresh');
    for (const der of [set.signing, set.keyExchange]) {
      const cert = parse(der);
      expect(extension(cert, 'certificatePolicies')).toBeTruthy();
      expect(extension(cert, 'cRLDistributionPoints').value).toContain('http://127.0.0.1:9/crl/');
      const aia = new X509Certificate(der).infoAccess ?? '';
      expect(aia).toContain('OCSP - URI:http://127.0.0.1:9/ocsp');
      expect(aia).toContain('CA Issuers - URI:http://127.0.0.1:9/ca/');
    }
    const chosen = await createVirtualCard({
      now: () => NOW,
      revocationUrls: { ocsp: 'http://127.0.0.1:4321/o', crl: 'http://127.0.0.1:4321/c.crl' },
    });
    const aia = new X509Certificate(chosen.certificates.signing).infoAccess ?? '';
    expect(aia).toContain('OCSP - URI:http://127.0.0.1:4321/o');
    expect(aia).toContain('CA Issuers - URI:http://127.0.0.1:9/ca/');
    expect(
      extension(parse(chosen.certificates.keyExchange), 'cRLDistributionPoints').value,
    ).toContain('http://127.0.0.1:4321/c.crl');
    // Nothing about the test CAs can pass for a real MOICA CA.
    expect(new X509Certificate(set.rootCa).subject).toContain('TEST');
    expect(new X509Certificate(set.issuingCa).subject).toContain('TEST');
  });

  it('has a MOICA-like holder subject: C=TW, CN as UTF8String that survives, 16-digit serialNumber', async () => {
    for (const name of ['王小明', '陳𠮷', '歐陽 Lee']) {
      const set = await certsOf('fresh', NOW, name);
      const cert = parse(set.signing);
      const cn = cert.subject.getField('CN') as { value: string; valueTagClass: number };
      expect(cn.valueTagClass).toBe(forge.asn1.Type.UTF8);
      expect(forge.util.decodeUtf8(cn.value)).toBe(name);
      expect(cert.subject.getField('C').value).toBe('TW');
      expect(cert.subject.getField({ type: '2.5.4.5' }).value).toMatch(/^\d{16}$/);
      expect(new X509Certificate(set.keyExchange).subject).toContain(`CN=${name}`);
    }
  });

  it('is signed with the committed keys listed in the keys README', async () => {
    const set = await certsOf('fresh');
    const readme = readFileSync(`${DEFAULT_KEYS_DIR}/README.md`, 'utf8');
    const pinned = (name: string): string =>
      new RegExp(`\`${name}\` \\| \`([0-9a-f]{64})\``).exec(readme)![1]!;
    const spkiHash = (der: Buffer): string =>
      createHash('sha256')
        .update(new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex');
    expect(spkiHash(set.rootCa)).toBe(pinned('test-root-ca'));
    expect(spkiHash(set.issuingCa)).toBe(pinned('test-issuing-ca'));
    expect(spkiHash(set.signing)).toBe(pinned('holder-signing'));
    expect(spkiHash(set.keyExchange)).toBe(pinned('holder-key-exchange'));
  });

  it('gives every certificate its own serial number', async () => {
    const set = await certsOf('fresh');
    const serials = Object.values(set).map((der) => new X509Certificate(der).serialNumber);
    expect(new Set(serials).size).toBe(4);
  });
});

// The advisor's calendar (citizen-rules.md), written out again here so the scenarios are
// checked against the rules rather than against the card's own date code.
const taipeiDate = (d: Date): string =>
  new Date(d.getTime() + 8 * 3600e3).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string): number =>
  (Date.parse(to) - Date.parse(from)) / 86400e3;
function plusYears(date: string, n: number): string {
  const y = Number(date.slice(0, 4)) + n;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const md = date.slice(5) === '02-29' && !leap ? '02-28' : date.slice(5);
  return `${y}-${md}`;
}

interface Reading {
  extended: boolean;
  daysLeft: number;
  /** Last day of extension (original) or online renewal (extended), and their first day. */
  windowFrom: string;
  windowTo: string;
  notBeforeDate: string;
  expiresOn: string;
}

function read(der: Buffer, today: string): Reading {
  const cert = parse(der);
  const notBeforeDate = taipeiDate(cert.validity.notBefore);
  const expiresOn = taipeiDate(cert.validity.notAfter);
  const extended = Math.abs(daysBetween(plusYears(notBeforeDate, 5), expiresOn)) > 31;
  const windowFrom = new Date(Date.parse(expiresOn) - 60 * 86400e3).toISOString().slice(0, 10);
  return {
    extended,
    daysLeft: daysBetween(today, expiresOn),
    windowFrom,
    windowTo: extended ? expiresOn : plusYears(expiresOn, 3),
    notBeforeDate,
    expiresOn,
  };
}

const inWindow = (r: Reading, today: string): boolean =>
  r.windowFrom <= today && today <= r.windowTo;

const CLOCKS = [
  '2026-11-27T03:00:00Z',
  '2028-02-29T12:00:00Z', // a leap day
  '2026-02-28T16:00:00Z', // 1 March, 00:00 in Taipei
  '2026-03-01T15:59:59Z', // 1 March, 23:59:59 in Taipei
  '2031-12-31T20:00:00Z', // already New Year in Taipei
];

describe.each(CLOCKS)('certificate dates with the clock at %s', (clock) => {
  const now = new Date(clock);
  const today = taipeiDate(now);

  it('fresh and the non-date scenarios: original, issued about a year ago, years left', async () => {
    const r = read((await certsOf('fresh', now)).signing, today);
    expect(r.extended).toBe(false);
    expect(daysBetween(r.notBeforeDate, today)).toBe(365);
    expect(r.daysLeft).toBeGreaterThan(3 * 365);
    expect(inWindow(r, today)).toBe(false);
  });

  it('expiring: original, 30 days left, inside the extension window (R-EXT)', async () => {
    const r = read((await certsOf('expiring', now)).signing, today);
    expect(r.extended).toBe(false);
    expect(r.daysLeft).toBe(30);
    expect(inWindow(r, today)).toBe(true);
  });

  it('expired-extendable: original, expired 100 days ago, extension still open', async () => {
    const r = read((await certsOf('expired-extendable', now)).keyExchange, today);
    expect(r.extended).toBe(false);
    expect(r.daysLeft).toBe(-100);
    expect(inWindow(r, today)).toBe(true);
  });

  it('expired-reapply: original, expired more than 3 years ago, nothing open (R-EXPIRED-LATE)', async () => {
    const r = read((await certsOf('expired-reapply', now)).signing, today);
    expect(r.extended).toBe(false);
    expect(r.daysLeft).toBeLessThan(-3 * 365);
    expect(r.windowTo < today).toBe(true);
  });

  it('extended: notAfter = notBefore + 8 years, 30 days left, online renewal open', async () => {
    const r = read((await certsOf('extended', now)).signing, today);
    expect(r.extended).toBe(true);
    expect(plusYears(r.notBeforeDate, 8)).toBe(r.expiresOn);
    expect(r.daysLeft).toBe(30);
    expect(inWindow(r, today)).toBe(true);
  });

  it('holder certificates run from 00:00:00 to 23:59:59 Taipei time, inside the CA validity', async () => {
    for (const scenario of ['fresh', 'expired-reapply', 'extended'] as const) {
      const set = await certsOf(scenario, now);
      const leaf = parse(set.signing);
      expect(leaf.validity.notBefore.toISOString()).toMatch(/T16:00:00\.000Z$/);
      expect(leaf.validity.notAfter.toISOString()).toMatch(/T15:59:59\.000Z$/);
      for (const ca of [parse(set.issuingCa), parse(set.rootCa)]) {
        expect(ca.validity.notBefore <= leaf.validity.notBefore).toBe(true);
        expect(ca.validity.notAfter >= leaf.validity.notAfter).toBe(true);
      }
    }
  });
});

describe('signing cost', () => {
  it('reuses the signed chain for the same day; creating a card again is fast', async () => {
    const first = await certsOf('expiring');
    const started = performance.now();
    for (const scenario of SCENARIOS) await createVirtualCard({ scenario, now: () => NOW });
    const again = await certsOf('expiring');
    const elapsed = performance.now() - started;
    expect(again.signing.equals(first.signing)).toBe(true);
    // Every scenario once (several chains signed) plus a cached one: still well under a second.
    expect(elapsed).toBeLessThan(1000);
    const t = performance.now();
    await createVirtualCard({ scenario: 'expiring', now: () => NOW });
    expect(performance.now() - t).toBeLessThan(100);
  });

  it('signs new dates on another day', async () => {
    const today = await certsOf('expiring');
    const tomorrow = await certsOf('expiring', new Date(NOW.getTime() + 86400e3));
    expect(tomorrow.signing.equals(today.signing)).toBe(false);
    const shift =
      parse(tomorrow.signing).validity.notAfter.getTime() -
      parse(today.signing).validity.notAfter.getTime();
    expect(shift).toBe(86400e3);
  });
});

import { createHash, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  certificateToText,
  classifyRole,
  moicaGeneration,
  parseCertificate,
  parseCertificates,
  toPem,
} from '../../../src/certs';
import {
  BMP,
  committedKey,
  DAY,
  freshKey,
  holderSubject,
  keyIdOf,
  makeCert,
  PRINTABLE,
  TEST_ISSUING_SUBJECT,
  UTF8,
  virtualCardChain,
} from './fixtures';

const NOW = new Date('2026-11-27T04:00:00Z');
const chain = virtualCardChain(NOW);
const issuingKey = committedKey('test-issuing-ca');

// MOICA generation key identifiers, as docs/trust-anchors.md lists them with their sources.
const MOICA_G2_SKI = 'fa9b3467090a9822f762488b8226a645c5c322a4';
const MOICA_G3_SKI = '4720a3b1264bcd6d48acf2640886972c7454115f';
const MOICA_G1_SKI = 'b620c8cfbe518aa454b978d304d10ab2cc7e2f46';

function holderWithName(name: string, tag: number): Buffer {
  return makeCert({
    subject: holderSubject(name, '0000000012345678', tag),
    issuer: TEST_ISSUING_SUBJECT,
    key: committedKey('holder-signing'),
    signer: issuingKey,
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2031-01-01T00:00:00Z'),
    ca: false,
    keyUsage: { digitalSignature: true, nonRepudiation: true },
  });
}

describe('names keep Chinese text whatever the string type', () => {
  it.each([
    ['UTF8String', UTF8],
    ['BMPString', BMP],
  ])('reads a Chinese CN stored as %s', (_type, tag) => {
    const cert = parseCertificate(holderWithName('陳美玲', tag));
    expect(cert.subjectCN).toBe('陳美玲');
    expect(cert.summary.subject).toBe('C=TW, CN=陳美玲, serialNumber=0000000012345678');
    expect(cert.summary.subjectSerialNumber).toBe('0000000012345678');
    expect(cert.summary.issuer).toBe('C=TW, O=Citizen Card Manager, OU=虛擬卡測試簽發中心');
  });

  it('stores the BMPString as UCS-2 big-endian in the DER it reads', () => {
    const der = holderWithName('陳美玲', BMP);
    // 陳 U+9673, 美 U+7F8E, 玲 U+73B2, tagged 0x1E (BMPString) with length 6.
    expect(der.includes(Buffer.from('1e0696737f8e73b2', 'hex'))).toBe(true);
  });

  it('reads a PrintableString ASCII name, and escapes DN special characters', () => {
    const cert = parseCertificate(holderWithName('WANG, Hsiao-Ming', PRINTABLE));
    expect(cert.subjectCN).toBe('WANG, Hsiao-Ming');
    expect(cert.summary.subject).toBe('C=TW, CN=WANG\\, Hsiao-Ming, serialNumber=0000000012345678');
  });

  it('keeps characters outside the BMP in UTF8String names', () => {
    const cert = parseCertificate(holderWithName('林𠀋', UTF8));
    expect(cert.subjectCN).toBe('林𠀋');
  });
});

describe('DER and PEM input', () => {
  const der = chain.signing;
  const fromDer = parseCertificate(der);

  it('gives the same certificate from DER, PEM text and a PEM Buffer', () => {
    const pem = toPem(der);
    expect(parseCertificate(pem).summary).toEqual(fromDer.summary);
    expect(parseCertificate(Buffer.from(pem)).summary).toEqual(fromDer.summary);
    expect(parseCertificate(pem).der.equals(der)).toBe(true);
  });

  it('accepts CRLF line ends, a BOM and explanatory text around the block (RFC 7468)', () => {
    const pem =
      '\uFEFFSubject: 王小明\r\n' + toPem(der).replace(/\n/g, '\r\n') + 'trailing note\r\n';
    expect(parseCertificate(pem).summary.sha256).toBe(fromDer.summary.sha256);
  });

  it('reads PEM saved as UTF-16 (little- or big-endian, with a byte-order mark) and Uint8Array DER', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(toPem(der), 'utf16le')]);
    const be = Buffer.from(Buffer.from(toPem(der), 'utf16le')).swap16();
    const beWithBom = Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
    expect(parseCertificate(le).summary.sha256).toBe(fromDer.summary.sha256);
    expect(parseCertificate(beWithBom).summary.sha256).toBe(fromDer.summary.sha256);
    expect(parseCertificate(new Uint8Array(der)).summary.sha256).toBe(fromDer.summary.sha256);
  });

  it('writes PEM in 64-character lines that read back to the same DER', () => {
    const pem = toPem(der);
    const body = pem.split('\n').slice(1, -2);
    expect(pem.startsWith('-----BEGIN CERTIFICATE-----\n')).toBe(true);
    expect(pem.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
    expect(body.slice(0, -1).every((l) => l.length === 64)).toBe(true);
    expect(body.at(-1)!.length).toBeLessThanOrEqual(64);
  });

  it('reads every certificate of a PEM bundle with parseCertificates', () => {
    const bundle = [chain.signing, chain.issuing, chain.root].map(toPem).join('');
    const certs = parseCertificates(bundle);
    expect(certs.map((c) => c.role)).toEqual(['signing', 'issuing-ca', 'root-ca']);
  });
});

describe('summary fields', () => {
  const notBefore = new Date('2026-03-01T00:00:00Z');
  const notAfter = new Date('2031-02-28T15:59:59Z');
  const der = makeCert({
    subject: holderSubject('王小明', '1234567890123456'),
    issuer: TEST_ISSUING_SUBJECT,
    key: committedKey('holder-signing'),
    signer: issuingKey,
    serial: '00c3a5e1ff', // leading 00 because the first content byte has its high bit set
    notBefore,
    notAfter,
    ca: false,
    keyUsage: { digitalSignature: true, nonRepudiation: true },
    extKeyUsage: { clientAuth: true, emailProtection: true },
    authorityKeyId: MOICA_G3_SKI,
    policies: ['2.16.886.101.0.3.1', '2.16.886.1.100.2.1'],
    crlUrls: ['https://crl-moica.moi.gov.tw/crl/MOICA-G3-complete.crl'],
    ocspUrls: ['http://ocsp.example.test/'],
    caIssuerUrls: ['https://moica.nat.gov.tw/repository/Certs/MOICA-G3.cer'],
  });
  const cert = parseCertificate(der, { id: 'SIGN', label: '簽章憑證' });
  const oracle = new X509Certificate(der);

  it('has id and label from the caller, role from the key usage', () => {
    expect(cert.summary.id).toBe('SIGN');
    expect(cert.summary.label).toBe('簽章憑證');
    expect(cert.summary.role).toBe('signing');
  });

  it('gives the serial as upper-case hex of the DER content, as OpenSSL reads it', () => {
    expect(cert.summary.serialNumber).toBe('00C3A5E1FF');
    expect(cert.summary.serialNumber.replace(/^00/, '')).toBe(oracle.serialNumber.toUpperCase());
  });

  it('gives exact validity instants and ISO 8601 UTC strings with Z', () => {
    expect(cert.notBefore.getTime()).toBe(notBefore.getTime());
    expect(cert.notAfter.getTime()).toBe(notAfter.getTime());
    expect(cert.summary.notBefore).toBe('2026-03-01T00:00:00Z');
    expect(cert.summary.notAfter).toBe('2031-02-28T15:59:59Z');
    expect(new Date(oracle.validTo).getTime()).toBe(notAfter.getTime());
  });

  it('names key usages and extended key usages', () => {
    expect(cert.summary.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(cert.summary.extKeyUsage).toEqual(['clientAuth', 'emailProtection']);
    expect(cert.summary.isCA).toBe(false);
    expect(cert.pathLen).toBeNull();
  });

  it('computes SHA-1 and SHA-256 fingerprints of the DER in lower-case hex', () => {
    expect(cert.summary.sha1).toBe(oracle.fingerprint.replace(/:/g, '').toLowerCase());
    expect(cert.summary.sha256).toBe(oracle.fingerprint256.replace(/:/g, '').toLowerCase());
    expect(cert.summary.sha256).toBe(createHash('sha256').update(der).digest('hex'));
  });

  it('reports the key type and size', () => {
    expect(cert.summary.keyType).toBe('RSA');
    expect(cert.summary.keySize).toBe(oracle.publicKey.asymmetricKeyDetails?.modulusLength);
    expect(cert.summary.keySize).toBe(2048);
    expect(
      parseCertificate(makeCert({ ...selfSignedSpec(), key: freshKey(1024) })).summary.keySize,
    ).toBe(1024);
  });

  it('reads policies, CRL, OCSP and CA-issuer URLs and key identifiers', () => {
    expect(cert.policies).toEqual(['2.16.886.101.0.3.1', '2.16.886.1.100.2.1']);
    expect(cert.crlUrls).toEqual(['https://crl-moica.moi.gov.tw/crl/MOICA-G3-complete.crl']);
    expect(cert.ocspUrls).toEqual(['http://ocsp.example.test/']);
    expect(cert.caIssuerUrls).toEqual(['https://moica.nat.gov.tw/repository/Certs/MOICA-G3.cer']);
    expect(cert.authorityKeyId).toBe(MOICA_G3_SKI);
    expect(cert.subjectKeyId).toBe(keyIdOf(committedKey('holder-signing').publicKey));
  });

  it('tells which MOICA generation issued a holder certificate from its AKI', () => {
    expect(moicaGeneration(cert)).toBe('G3');
    expect(moicaGeneration({ authorityKeyId: MOICA_G2_SKI })).toBe('G2');
    expect(moicaGeneration({ authorityKeyId: MOICA_G1_SKI })).toBe('G1');
    expect(moicaGeneration(parseCertificate(chain.signing))).toBeNull();
    expect(moicaGeneration({ authorityKeyId: null })).toBeNull();
  });

  it('reads dates from 2050 on, which X.509 stores as GeneralizedTime', () => {
    const late = new Date('2055-06-30T12:34:56Z');
    const c = parseCertificate(makeCert({ ...selfSignedSpec(), notAfter: late }));
    expect(c.der.includes(Buffer.from('20550630123456Z'))).toBe(true);
    expect(c.summary.notAfter).toBe('2055-06-30T12:34:56Z');
  });

  it('renders every field as text in Chinese and English, dates in both calendars', () => {
    const zh = certificateToText(cert, 'zh-TW', { at: new Date('2027-01-10T00:00:00Z') });
    // 2031-02-28T15:59:59Z is 23:59:59 on 2031-02-28 in Taipei.
    expect(zh).toContain('到期時間: 民國120年2月28日 (2031-02-28) 23:59:59');
    expect(zh).toContain('生效時間: 民國115年3月1日 (2026-03-01) 08:00:00');
    expect(zh).toContain('主體: C=TW, CN=王小明, serialNumber=1234567890123456');
    expect(zh).toContain('用途: 簽章憑證');
    expect(zh).toContain('MOICA 簽發 CA 世代: G3');
    expect(zh).toContain('數位簽章 (digitalSignature), 不可否認 (nonRepudiation)');
    expect(zh).toContain('狀態: 有效');
    expect(zh).toContain('簽發者金鑰識別碼: 4720 A3B1 264B CD6D 48AC F264 0886 972C 7454 115F');
    expect(zh).toContain(cert.summary.sha256);
    const en = certificateToText(cert, 'en', { at: new Date('2032-01-01T00:00:00Z') });
    expect(en).toContain('Valid until: 28 February 2031 (ROC 120/02/28) 23:59:59 Taipei time');
    expect(en).toContain('Status: Expired');
    expect(en).toContain('Key: RSA 2048 bits');
    expect(en).not.toMatch(/certs\./); // every label found its text
  });
});

function selfSignedSpec() {
  return {
    subject: [{ shortName: 'CN', value: 'Throwaway' }],
    key: committedKey('holder-key-exchange'),
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
  };
}

describe('role classification', () => {
  it('tells the signing certificate from the key-exchange one, and CAs apart', () => {
    expect(parseCertificate(chain.signing).role).toBe('signing');
    expect(parseCertificate(chain.keyExchange).role).toBe('key-exchange');
    expect(parseCertificate(chain.issuing).role).toBe('issuing-ca');
    expect(parseCertificate(chain.root).role).toBe('root-ca');
    expect(parseCertificate(chain.root).selfSigned).toBe(true);
    expect(parseCertificate(chain.issuing).pathLen).toBe(0);
  });

  it('classifies from key usage alone', () => {
    const ee = { isCA: false, selfSigned: false };
    expect(classifyRole({ ...ee, keyUsage: ['nonRepudiation'] })).toBe('signing');
    expect(classifyRole({ ...ee, keyUsage: ['digitalSignature'] })).toBe('signing');
    expect(classifyRole({ ...ee, keyUsage: ['keyEncipherment'] })).toBe('key-exchange');
    expect(classifyRole({ ...ee, keyUsage: ['dataEncipherment'] })).toBe('key-exchange');
    expect(classifyRole({ ...ee, keyUsage: ['digitalSignature', 'keyEncipherment'] })).toBe(
      'key-exchange',
    );
    expect(classifyRole({ ...ee, keyUsage: null })).toBe('other');
    expect(classifyRole({ isCA: true, selfSigned: true, keyUsage: null })).toBe('root-ca');
    expect(classifyRole({ isCA: true, selfSigned: false, keyUsage: null })).toBe('issuing-ca');
  });

  it('does not call a CA self-signed when its names match but its key identifiers do not', () => {
    // MOICA generations share one DN: a same-name certificate is not thereby a root.
    const der = makeCert({
      subject: TEST_ISSUING_SUBJECT,
      key: committedKey('test-issuing-ca'),
      signer: committedKey('test-root-ca'),
      notBefore: NOW,
      notAfter: new Date(NOW.getTime() + DAY),
      ca: true,
    });
    const cert = parseCertificate(der);
    expect(cert.selfSigned).toBe(false);
    expect(cert.role).toBe('issuing-ca');
  });
});

import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import {
  CertificateParseError,
  parseCertificate,
  parseCertificates,
  toPem,
} from '../../../src/certs';
import { hasMessage, localizeError, t } from '../../../src/core/i18n';
import { committedKey, virtualCardChain } from './fixtures';

const chain = virtualCardChain(new Date('2026-11-27T04:00:00Z'));
const der = chain.signing;
const pem = toPem(der);

/** Deterministic bytes (a tiny LCG), so a failure can be reproduced. */
function pseudoRandom(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function csrDer(): Buffer {
  const key = committedKey('holder-signing');
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = key.publicKey;
  csr.setSubject([{ shortName: 'CN', value: 'request' }]);
  csr.sign(key.privateKey, forge.md.sha256.create());
  return Buffer.from(
    forge.asn1.toDer(forge.pki.certificationRequestToAsn1(csr)).getBytes(),
    'latin1',
  );
}

function pkcs7Der(): Buffer {
  const p7 = forge.pkcs7.createSignedData();
  p7.addCertificate(forge.pki.certificateFromAsn1(forge.asn1.fromDer(der.toString('latin1'))));
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'latin1');
}

/** The same certificate with its outer length written in a longer form than DER allows. */
function nonMinimalLength(): Buffer {
  // 30 82 hi lo → 30 83 00 hi lo
  return Buffer.concat([Buffer.from([0x30, 0x83, 0x00]), der.subarray(2)]);
}

/** The same certificate with the outer SEQUENCE re-framed with an indefinite length. */
function indefiniteLength(): Buffer {
  return Buffer.concat([Buffer.from([0x30, 0x80]), der.subarray(4), Buffer.from([0, 0])]);
}

/** A validity date that does not exist (30 February), keeping every length intact. */
function impossibleDate(): Buffer {
  const copy = Buffer.from(der);
  // The first UTCTime (tag 17, 13 characters) is notBefore.
  const at = copy.indexOf(Buffer.from('170d', 'hex'));
  copy.write('260230000000Z', at + 2, 'latin1');
  return copy;
}

const cases: Array<[string, Buffer | string, string]> = [
  ['an empty Buffer', Buffer.alloc(0), 'empty'],
  ['an empty string', '', 'empty'],
  ['only whitespace', '  \n\t\n', 'empty'],
  ['random bytes', pseudoRandom(700, 7), 'notCertificateData'],
  [
    'random bytes that start like a SEQUENCE',
    Buffer.concat([Buffer.from([0x30, 0x82, 0x02, 0x00]), pseudoRandom(512, 9)]),
    'badStructure',
  ],
  ['a length field of 5 bytes', Buffer.from('3085ffffffffff00', 'hex'), 'badStructure'],
  ['odd-length UTF-16 text', Buffer.from([0xfe, 0xff, 0x00]), 'notCertificateData'],
  ['plain text', 'hello, this is not a certificate', 'notCertificateData'],
  ['truncated DER', der.subarray(0, der.length - 100), 'truncated'],
  ['only a DER header', der.subarray(0, 3), 'tooShort'],
  ['trailing junk after the DER', Buffer.concat([der, Buffer.from([0, 0, 0x41])]), 'trailingData'],
  ['a second certificate glued on', Buffer.concat([der, chain.root]), 'trailingData'],
  ['a non-minimal DER length', nonMinimalLength(), 'notDer'],
  ['an indefinite (BER) length', indefiniteLength(), 'notDer'],
  [
    'a PEM public key',
    '-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n',
    'wrongPemLabel',
  ],
  [
    'a PEM private key',
    forge.pki.privateKeyToPem(committedKey('holder-signing').privateKey),
    'privateKey',
  ],
  ['PEM with bad base64', pem.replace(/\n([A-Za-z0-9+/]{10})/, '\n$1!'), 'pemBadBase64'],
  [
    'PEM with a missing base64 character',
    pem.replace(/\n([A-Za-z0-9+/]{10})[A-Za-z0-9+/]/, '\n$1'),
    'pemBadBase64',
  ],
  ['PEM without its END line', pem.replace('-----END CERTIFICATE-----', ''), 'pemUnterminated'],
  ['two PEM certificates', pem + toPem(chain.root), 'pemMultiple'],
  ['PEM around truncated DER', toPem(der.subarray(0, 500)), 'truncated'],
  ['a certificate request (CSR)', csrDer(), 'notCertificate'],
  ['a PKCS#7 bundle', pkcs7Der(), 'pkcs7'],
  ['a date that does not exist', impossibleDate(), 'badStructure'],
];

describe('malformed input gives CertificateParseError with a translated message', () => {
  it.each(cases)('%s', (_name, input, reason) => {
    let caught: unknown;
    try {
      parseCertificate(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CertificateParseError);
    const err = caught as CertificateParseError;
    expect(err.code).toBe('bad-certificate');
    expect(err.reason).toBe(reason);
    expect(hasMessage(err.messageKey)).toBe(true);
    const zh = localizeError(err, 'zh-TW');
    const en = localizeError(err, 'en');
    expect(zh).not.toBe(err.messageKey);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(en).not.toMatch(/\{\w+\}/); // every placeholder was filled
    expect(zh).not.toMatch(/\{\w+\}/);
  });

  it('says how many bytes were expected and found for a truncated certificate', () => {
    const cut = der.subarray(0, der.length - 100);
    expect(() => parseCertificate(cut)).toThrow(CertificateParseError);
    try {
      parseCertificate(cut);
    } catch (err) {
      expect(localizeError(err, 'en')).toContain(
        `should have ${der.length} bytes but has ${cut.length}`,
      );
    }
  });

  it('names the damaged field', () => {
    expect(() => parseCertificate(impossibleDate())).toThrow(
      expect.objectContaining({ params: { what: 'validity notBefore' } }),
    );
  });

  it('reads both certificates of the two-certificate PEM with parseCertificates', () => {
    expect(parseCertificates(pem + toPem(chain.root))).toHaveLength(2);
  });

  it('never lets a raw exception through when any single byte is damaged', () => {
    // Every 7th position, three different corruptions each: either a certificate still
    // comes out, or a CertificateParseError does; never a TypeError or a forge error.
    let rejected = 0;
    for (let pos = 0; pos < der.length; pos += 7) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const copy = Buffer.from(der);
        copy[pos] = copy[pos]! ^ mask;
        try {
          parseCertificate(copy);
        } catch (err) {
          if (!(err instanceof CertificateParseError)) throw err;
          rejected++;
        }
      }
    }
    expect(rejected).toBeGreaterThan(0);
  });

  it('refuses input far bigger than any certificate before parsing it', () => {
    expect(() => parseCertificate(Buffer.concat([der, Buffer.alloc(300_000)]))).toThrow(
      expect.objectContaining({ reason: 'tooLarge' }),
    );
  });

  it('has a zh-TW and an English text for every reason', () => {
    for (const [, , reason] of cases) {
      const key = `certs.error.${reason}`;
      expect(t('zh-TW', key)).not.toBe(t('en', key));
    }
  });
});

import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateIdentity, sameIdentity } from '../../../src/card';
import { createVirtualCard } from '../../../src/virtual-card';
import { NOW } from './virtual-card-helpers';

const card = await createVirtualCard({ scenario: 'fresh', now: () => NOW });
const der = card.certificates.signing;

describe('a certificate named by its first bytes', () => {
  it('gives the issuer, serial and size the certificate itself has', () => {
    const id = certificateIdentity(der);
    if (typeof id !== 'object') throw new Error(String(id));
    const x509 = new X509Certificate(der);
    expect(id.size).toBe(der.length);
    // The INTEGER's value is the serial node:crypto prints.
    expect(id.serial.subarray(2).toString('hex').toUpperCase()).toBe(x509.serialNumber);
    expect(id.issuer.toString('utf8')).toContain('CCM TEST Issuing CA');
  });

  it('needs only the bytes up to the end of the issuer', () => {
    const id = certificateIdentity(der);
    if (typeof id !== 'object') throw new Error(String(id));
    const end = der.indexOf(id.issuer) + id.issuer.length;
    expect(end).toBeLessThanOrEqual(200);
    expect(certificateIdentity(der.subarray(0, end))).toEqual(id);
    expect(certificateIdentity(der.subarray(0, end - 1))).toBe('short');
    expect(certificateIdentity(der.subarray(0, 3))).toBe('short');
  });

  it('says "bad" for bytes that do not start a certificate', () => {
    expect(certificateIdentity(Buffer.from('0403010203', 'hex'))).toBe('bad');
    expect(certificateIdentity(Buffer.from('3003020100', 'hex'))).toBe('bad');
    expect(certificateIdentity(Buffer.from('300830060404deadbeef', 'hex'))).toBe('bad');
  });

  it('tells two certificates of one issuer apart by their serials', () => {
    const a = certificateIdentity(card.certificates.signing);
    const b = certificateIdentity(card.certificates.keyExchange);
    if (typeof a !== 'object' || typeof b !== 'object') throw new Error('not certificates');
    expect(a.issuer.equals(b.issuer)).toBe(true);
    expect(sameIdentity(a, b)).toBe(false);
    expect(sameIdentity(a, { ...a })).toBe(true);
  });
});

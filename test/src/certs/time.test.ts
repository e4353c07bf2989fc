import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { CertificateParseError } from '../../../src/certs';
import { decodeTime } from '../../../src/certs/time';

const { asn1 } = forge;
const utc = (s: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, s);
const gen = (s: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.GENERALIZEDTIME, false, s);

describe('certificate times', () => {
  it('reads UTCTime with the RFC 5280 century rule', () => {
    expect(decodeTime(utc('260228160000Z'), 't').toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(decodeTime(utc('491231235959Z'), 't').toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(decodeTime(utc('500101000000Z'), 't').toISOString()).toBe('1950-01-01T00:00:00.000Z');
  });

  it("reads an old card's UTCTime without seconds", () => {
    expect(decodeTime(utc('0306011200Z'), 't').toISOString()).toBe('2003-06-01T12:00:00.000Z');
  });

  it('reads GeneralizedTime, with fractions of a second', () => {
    expect(decodeTime(gen('20550630123456Z'), 't').toISOString()).toBe('2055-06-30T12:34:56.000Z');
    expect(decodeTime(gen('20550630123456.5Z'), 't').toISOString()).toBe(
      '2055-06-30T12:34:56.500Z',
    );
  });

  it.each([
    ['local time without Z', utc('260228160000')],
    ['an offset instead of Z', utc('260228160000+0800')],
    ['30 February', utc('260230000000Z')],
    ['hour 24', gen('20260228240000Z')],
    ['letters', utc('26AB28160000Z')],
    ['an INTEGER', asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, '\x01')],
  ])('rejects %s', (_name, node) => {
    expect(() => decodeTime(node, 'validity')).toThrow(CertificateParseError);
  });
});

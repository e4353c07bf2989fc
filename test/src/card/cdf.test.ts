import { describe, expect, it } from 'vitest';
import {
  cdfIsComplete,
  derElementSize,
  parseCdf,
  readTlv,
  TruncatedTlvError,
} from '../../../src/card';
import { MalformedResponseError } from '../../../src/core/errors';
import { cdf, cdfObject, int, octets, PATH_08F2, seq, tlv, utf8 } from './der';

const ENTRIES = [
  { label: 'Signature', id: 'SIGN', offset: 0x0000, length: 0x04c2 },
  { label: 'Key exchange', id: 'KEYX', offset: 0x0700, length: 0x04c0 },
  { label: 'CA', id: 'CA', authority: true, offset: 0x0e00, length: 0x0512 },
  { label: 'Root', id: 'ROOT', authority: true, offset: 0x1500, length: 0x0560 },
];

const expected = ENTRIES.map((e) => ({
  id: e.id,
  label: e.label,
  authority: e.authority === true,
  offset: e.offset,
  length: e.length,
}));

describe('CDF parsing', () => {
  it('reads implicitly tagged Path lengths (80 len value)', () => {
    const parsed = parseCdf(cdf(ENTRIES, { lengthTag: 'implicit' }, 0xff, 512));
    expect(parsed.complete).toBe(true);
    expect(parsed.entries).toMatchObject(expected);
    expect(parsed.entries[0]!.path.toString('hex')).toBe('3f00503008f2');
    expect(parsed.entries[0]!.idHex).toBe('5349474E');
  });

  it('reads explicitly tagged Path lengths (A0 len 02 len value)', () => {
    const parsed = parseCdf(cdf(ENTRIES, { lengthTag: 'explicit' }, 0xff, 512));
    expect(parsed.entries).toMatchObject(expected);
  });

  it('reads typeAttributes tagged implicitly and a Path wrapped in an explicit [0]', () => {
    expect(parseCdf(cdf(ENTRIES, { typeAttributes: 'implicit' })).entries).toMatchObject(expected);
    expect(
      parseCdf(cdf(ENTRIES, { wrapValue: true, lengthTag: 'explicit' })).entries,
    ).toMatchObject(expected);
    expect(
      parseCdf(cdf(ENTRIES, { wrapValue: true, typeAttributes: 'implicit' })).entries,
    ).toMatchObject(expected);
  });

  it('stops at 00 padding as well as FF padding', () => {
    const withZeros = cdf(ENTRIES, {}, 0x00, 400);
    expect(parseCdf(withZeros)).toMatchObject({ complete: true, entries: expected });
    // Bytes after the padding are never looked at.
    const junkAfter = Buffer.concat([
      cdf(ENTRIES.slice(0, 1), {}, 0x00, 100),
      Buffer.from('30FF', 'hex'),
    ]);
    expect(parseCdf(junkAfter).entries).toHaveLength(1);
  });

  it('says incomplete (not an error) when the data ends at an object boundary', () => {
    const body = cdf(ENTRIES.slice(0, 2));
    expect(parseCdf(body)).toMatchObject({ complete: false });
    expect(cdfIsComplete(body)).toBe(false);
  });

  it('asks for more bytes when the data ends inside an object', () => {
    const body = cdf(ENTRIES, {}, 0xff, 512);
    expect(() => parseCdf(body.subarray(0, 100))).toThrow(TruncatedTlvError);
    expect(cdfIsComplete(body.subarray(0, 100))).toBe(false);
    expect(cdfIsComplete(body)).toBe(true);
  });

  it('skips certificate objects of other types and those without a Path', () => {
    const other = tlv(0xa0, seq(seq(utf8('attr cert')), seq(octets('ATTR')), tlv(0xa1, seq())));
    const url = seq(
      seq(utf8('by url')),
      seq(octets('URL1')),
      tlv(0xa1, seq(tlv(0x16, Buffer.from('http://x')))),
    );
    const parsed = parseCdf(
      Buffer.concat([other, url, cdfObject(ENTRIES[0]!), Buffer.from([0xff])]),
    );
    expect(parsed.entries.map((e) => e.id)).toEqual(['SIGN']);
  });

  it('uses the id when there is no label, hex for a binary id, and index 0 when absent', () => {
    const parsed = parseCdf(
      Buffer.concat([
        cdfObject({ id: 'SIGN', length: 300 }),
        cdfObject({ id: Buffer.from([0x45, 0x01]), label: 'bin' }),
        Buffer.from([0]),
      ]),
    );
    expect(parsed.entries[0]).toMatchObject({ id: 'SIGN', label: 'SIGN', offset: 0, length: 300 });
    expect(parsed.entries[1]).toMatchObject({ id: '4501', offset: 0, length: undefined });
  });

  it('decodes BMPString labels', () => {
    const bmp = tlv(0x1e, Buffer.from('\u7c3d\u7ae0', 'utf16le').swap16());
    const obj = seq(seq(bmp), seq(octets('SIGN')), tlv(0xa1, seq(seq(octets(PATH_08F2), int(0)))));
    expect(parseCdf(obj).entries[0]!.label).toBe('簽章');
  });

  it('rejects data that is not a CDF', () => {
    expect(() => parseCdf(Buffer.from('0403414243', 'hex'))).toThrow(MalformedResponseError);
    // A SEQUENCE whose inner lengths overrun it.
    const overrun = () => parseCdf(Buffer.from('300430050000', 'hex'));
    expect(overrun).toThrow(MalformedResponseError);
    expect(overrun).not.toThrow(TruncatedTlvError);
    expect(() => parseCdf(seq(seq(), seq(octets('X'))))).toThrow(MalformedResponseError);
    expect(cdfIsComplete(Buffer.from('0403414243', 'hex'))).toBe(true);
  });
});

describe('TLV reader', () => {
  it('reads multi-byte tags and long lengths', () => {
    const t = readTlv(Buffer.from('9F2081' + '81' + 'AA'.repeat(0x81), 'hex').subarray(0), 0);
    expect(t.tag).toBe(0x9f20);
    expect(t.tagNumber).toBe(0x20);
    expect(t.tagClass).toBe('context');
    expect(t.value.length).toBe(0x81);
  });

  it('refuses indefinite lengths', () => {
    expect(() => readTlv(Buffer.from('3080', 'hex'), 0)).toThrow(MalformedResponseError);
  });

  it('works out a DER element size from its header alone', () => {
    expect(derElementSize(Buffer.from('308204C0', 'hex'))).toBe(0x4c4);
    expect(derElementSize(Buffer.from('3081', 'hex'))).toBeUndefined();
    expect(derElementSize(Buffer.from('300A', 'hex'))).toBe(12);
  });
});

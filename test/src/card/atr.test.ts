import { describe, expect, it } from 'vitest';
import { defaultAtrTable, describeAtr, matchFamily, parseAtr } from '../../../src/card';
import { MalformedResponseError } from '../../../src/core/errors';
import { ATR, atrWithHistorical } from './fake-card';

describe('ATR parsing', () => {
  it('reads the gen-1 MOICA ATR: T=1, "CHTMOICA", valid TCK', () => {
    const a = parseAtr(ATR.gen1);
    expect(a.hex).toBe('3BB813008131FA524348544D4F494341A5');
    expect(a.protocols).toEqual(['T=1']);
    expect(a.historicalBytesAscii).toBe('CHTMOICA');
    expect(a.historicalBytesHex).toBe('4348544D4F494341');
    expect(a.interfaceBytes).toEqual([
      { ta: 0x13, tb: 0x00, td: 0x81 },
      { td: 0x31 },
      { ta: 0xfa, tb: 0x52 },
    ]);
    expect(a.tck).toBe(0xa5);
    expect(a.tckValid).toBe(true);
  });

  it('reads the gen-2 ATR, where TD3 announces global bytes (T=15), not a protocol', () => {
    const a = parseAtr(ATR.gen2);
    expect(a.historicalBytesAscii).toBe('CHTGPKIJ');
    expect(a.protocols).toEqual(['T=1']);
    expect(a.interfaceBytes[3]).toEqual({ ta: 0x07 });
    expect(a.tckValid).toBe(true);
  });

  it('reads T=0 and T=1 offered together, and non-printable historical bytes as dots', () => {
    const a = parseAtr(ATR.moicaUnknown);
    expect(a.protocols).toEqual(['T=0', 'T=1']);
    expect(a.historicalBytesHex).toBe('0031C164084021300090 00'.replace(/ /g, ''));
    expect(a.historicalBytesAscii).toBe('.1.d.@!0...');
    expect(a.tckValid).toBe(true);
  });

  it('reads a T=0-only ATR, which has no TCK', () => {
    const a = parseAtr(Buffer.from('3B0241 42'.replace(' ', ''), 'hex'));
    expect(a.protocols).toEqual(['T=0']);
    expect(a.historicalBytesAscii).toBe('AB');
    expect(a.tck).toBeNull();
    expect(a.tckValid).toBeNull();
  });

  it('reports a wrong TCK without throwing', () => {
    const bad = Buffer.from(ATR.gen1);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
    expect(parseAtr(bad).tckValid).toBe(false);
  });

  it('rejects truncated ATRs, extra bytes and an unknown convention byte', () => {
    expect(() => parseAtr(ATR.gen1.subarray(0, 10))).toThrow(MalformedResponseError);
    expect(() => parseAtr(Buffer.concat([ATR.gen1, Buffer.from([0])]))).toThrow(
      MalformedResponseError,
    );
    expect(() => parseAtr(Buffer.from([0x3b]))).toThrow(MalformedResponseError);
    expect(() => parseAtr(Buffer.from('00 00'.replace(' ', ''), 'hex'))).toThrow(
      MalformedResponseError,
    );
  });
});

describe('family matching (resources/atr-table.json)', () => {
  it('names each MOICA ATR of card-profile.md §2 and gives it the vendor PIN channel', () => {
    expect(matchFamily(parseAtr(ATR.gen1))).toMatchObject({
      family: 'moica-gen1',
      pinChannel: 'vendor',
    });
    expect(matchFamily(parseAtr(ATR.gen2))).toMatchObject({
      family: 'moica-gen2',
      pinChannel: 'vendor',
    });
    expect(matchFamily(parseAtr(ATR.moicaUnknown))).toMatchObject({
      family: 'moica-unknown',
      pinChannel: 'vendor',
    });
  });

  it('knows the virtual card by "CCM-VCARD" plus exactly one version byte', () => {
    expect(matchFamily(parseAtr(ATR.virtual))).toMatchObject({
      family: 'virtual',
      pinChannel: 'iso',
    });
    const v9 = atrWithHistorical(Buffer.from('CCM-VCARD\x09', 'latin1'));
    expect(matchFamily(parseAtr(v9)).family).toBe('virtual');
    const noVersion = atrWithHistorical(Buffer.from('CCM-VCARD', 'latin1'));
    expect(matchFamily(parseAtr(noVersion)).family).toBe('unknown');
    const twoBytes = atrWithHistorical(Buffer.from('CCM-VCARD\x01\x02', 'latin1'));
    expect(matchFamily(parseAtr(twoBytes)).family).toBe('unknown');
  });

  it('makes anything else unknown with no PIN channel', () => {
    expect(matchFamily(parseAtr(ATR.other))).toEqual({
      family: 'unknown',
      pinChannel: 'none',
      rule: null,
    });
    const nearlyGen1 = Buffer.from(ATR.gen1);
    nearlyGen1[nearlyGen1.length - 2] = 0x42; // "CHTMOICB", TCK now wrong too
    expect(matchFamily(parseAtr(nearlyGen1)).family).toBe('unknown');
  });

  it('keeps a source for every row of the table', () => {
    for (const row of defaultAtrTable.families) expect(row.source, row.family).toBeTruthy();
  });

  it('lets a new row be added as data', () => {
    const table = {
      version: 1,
      families: [
        {
          family: 'moica-unknown' as const,
          pinChannel: 'vendor' as const,
          atr: ATR.other.toString('hex'),
        },
      ],
    };
    expect(matchFamily(parseAtr(ATR.other), table).family).toBe('moica-unknown');
  });
});

describe('a garbled ATR', () => {
  it('is described with its raw bytes and matched as unknown', () => {
    const a = describeAtr(Buffer.from('3B8F01', 'hex'));
    expect(a.hex).toBe('3B8F01');
    expect(a.problem).toMatch(/ends inside/);
    expect(matchFamily(a)).toMatchObject({ family: 'unknown', pinChannel: 'none' });
    expect(describeAtr(ATR.gen1).problem).toBeNull();
  });
});

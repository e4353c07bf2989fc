import { describe, expect, it } from 'vitest';
import {
  apduCase,
  ApduEncodingError,
  decodeCommand,
  encodeCommand,
  parseResponse,
} from '../../../../src/card/apdu';
import { CardRemovedError } from '../../../../src/core/errors';

const hex = (b: Buffer) => b.toString('hex').toUpperCase();

describe('command APDUs', () => {
  it('encode the four cases with the right Lc and Le bytes', () => {
    expect(hex(encodeCommand({ cla: 0, ins: 0x20, p1: 0, p2: 1 }))).toBe('00200001');
    expect(hex(encodeCommand({ cla: 0, ins: 0xb0, p1: 1, p2: 2, le: 200 }))).toBe('00B00102C8');
    expect(
      hex(encodeCommand({ cla: 0x80, ins: 0xa4, p1: 0, p2: 0, data: Buffer.from([0x3f, 0]) })),
    ).toBe('80A40000023F00');
    expect(
      hex(encodeCommand({ cla: 0, ins: 0xa4, p1: 4, p2: 0, data: Buffer.from([1, 2]), le: 256 })),
    ).toBe('00A4040002010200');
  });

  it('classify cases, treating empty data as no data', () => {
    expect(apduCase({ cla: 0, ins: 0, p1: 0, p2: 0, data: Buffer.alloc(0) })).toBe(1);
    expect(apduCase({ cla: 0, ins: 0, p1: 0, p2: 0, le: 1 })).toBe(2);
    expect(apduCase({ cla: 0, ins: 0, p1: 0, p2: 0, data: Buffer.from([1]) })).toBe(3);
    expect(apduCase({ cla: 0, ins: 0, p1: 0, p2: 0, data: Buffer.from([1]), le: 1 })).toBe(4);
    expect(hex(encodeCommand({ cla: 0, ins: 0x20, p1: 0, p2: 1, data: Buffer.alloc(0) }))).toBe(
      '00200001',
    );
  });

  it('reject oversize data, out-of-range Le and non-byte header values', () => {
    expect(() =>
      encodeCommand({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data: Buffer.alloc(256) }),
    ).toThrow(ApduEncodingError);
    expect(() =>
      encodeCommand({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data: Buffer.alloc(255) }),
    ).not.toThrow();
    expect(() => encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 257 })).toThrow(
      ApduEncodingError,
    );
    expect(() => encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 0 })).toThrow(
      ApduEncodingError,
    );
    expect(() => encodeCommand({ cla: 0x100, ins: 0xb0, p1: 0, p2: 0 })).toThrow(ApduEncodingError);
    expect(() => encodeCommand({ cla: 0, ins: 0xb0, p1: -1, p2: 0 })).toThrow(ApduEncodingError);
  });

  it('decode what they encode, and refuse extended or inconsistent commands', () => {
    for (const cmd of [
      { cla: 0, ins: 0x20, p1: 0, p2: 1 },
      { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 256 },
      { cla: 0x80, ins: 0xa4, p1: 0, p2: 0, data: Buffer.from([0x3f, 0]) },
      { cla: 0, ins: 0xa4, p1: 4, p2: 0, data: Buffer.from([1, 2, 3]), le: 16 },
    ]) {
      expect(decodeCommand(encodeCommand(cmd))).toEqual(cmd);
    }
    expect(() => decodeCommand(Buffer.from('00B00000000100', 'hex'))).toThrow(ApduEncodingError);
    expect(() => decodeCommand(Buffer.from('00A4000002 3F'.replace(' ', ''), 'hex'))).toThrow(
      ApduEncodingError,
    );
    expect(() => decodeCommand(Buffer.from('00A4', 'hex'))).toThrow(ApduEncodingError);
  });
});

describe('response APDUs', () => {
  it('split data from the status word', () => {
    const r = parseResponse(Buffer.from('41426282', 'hex'));
    expect(r.data.toString()).toBe('AB');
    expect(r.sw).toBe(0x6282);
    expect([r.sw1, r.sw2]).toEqual([0x62, 0x82]);
  });

  it('treat fewer than two bytes as a removed card', () => {
    expect(() => parseResponse(Buffer.alloc(0))).toThrow(CardRemovedError);
    expect(() => parseResponse(Buffer.from([0x90]))).toThrow(CardRemovedError);
  });
});

import { describe, expect, it } from 'vitest';
import { localizeError } from '../../../../src/core/i18n';
import { mapPcscError } from '../../../../src/sources/pcsc';
import { pcscError } from './fake-pcsclite';

const e = (code: number) => pcscError('SCardX', 'text', code);

describe('PC/SC errors become typed app errors', () => {
  it.each([
    [0x8010001d, 'connect', 'pcsc-unavailable'],
    [0x80100013, 'transmit', 'pcsc-unavailable'],
    [0x8010000b, 'connect', 'reader-busy'],
    [0x8010000c, 'connect', 'no-card'],
    [0x80100069, 'connect', 'no-card'],
    [0x80100069, 'transmit', 'card-removed'],
    [0x80100016, 'transmit', 'card-removed'],
    [0x80100009, 'connect', 'no-reader'],
    [0x80100017, 'transmit', 'card-removed'],
    [0x80100066, 'connect', 'card-error'],
  ] as const)('PC/SC code %i during %s → %s', (code, phase, expected) => {
    expect(mapPcscError(e(code), phase, 'R').code).toBe(expected);
  });

  it('tells a mute card, a reset card and an unknown failure apart, in both languages', () => {
    const mute = mapPcscError(e(0x80100066), 'connect', 'Reader 1');
    expect(localizeError(mute, 'en')).toContain('does not answer');
    expect(localizeError(mute, 'zh-TW')).toContain('Reader 1');
    expect(mapPcscError(e(0x80100068), 'transmit', 'R').messageKey).toBe('pcsc.cardReset');
    const other = mapPcscError(e(0x80100004), 'transmit', 'R');
    expect(other.code).toBe('card-error');
    expect(localizeError(other, 'en')).toContain('0x80100004');
  });

  it('maps pcsclite’s own "not connected" to a removed card', () => {
    expect(mapPcscError(new Error('Card Reader not connected'), 'transmit', 'R').code).toBe(
      'card-removed',
    );
  });
});

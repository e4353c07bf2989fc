import { describe, expect, it } from 'vitest';
import {
  CardStatusError,
  KNOWN_STATUS_PATTERNS,
  statusWordInfo,
  statusWordLabel,
  statusWordMessage,
} from '../../../../src/card/apdu';
import { hasMessage, localizeError, t } from '../../../../src/core/i18n';

/** card-profile.md §4, as written there. */
const SPEC_LIST =
  '9000, 61xx, 6282, 6283, 6300, 63Cx, 6581, 6Cxx, 6700, 6982, 6983, 6984, 6985, 6986, 6987, 6988, 6A80, 6A81, 6A82, 6A86, 6A88, 6B00, 6D00, 6E00, 6F00'.split(
    ', ',
  );

/** A concrete status word for a pattern (x digits replaced). */
const example = (p: string) => parseInt(p.replace(/xx/i, '10').replace(/x/i, '2'), 16);

describe('status-word catalogue', () => {
  it('names every status word of card-profile.md §4, in both languages', () => {
    expect([...KNOWN_STATUS_PATTERNS]).toEqual(SPEC_LIST);
    for (const pattern of SPEC_LIST) {
      const sw = example(pattern);
      expect(statusWordInfo(sw)?.pattern, pattern).toBe(pattern);
      const { key } = statusWordMessage(sw);
      expect(key).toBe(`sw.${pattern}`);
      expect(hasMessage(key), key).toBe(true);
    }
    expect(hasMessage('sw.unknown')).toBe(true);
  });

  it('puts the byte count and tries counter into the message', () => {
    expect(t('en', statusWordMessage(0x63c2).key, statusWordMessage(0x63c2).params)).toContain(
      '2 tries left',
    );
    expect(statusWordMessage(0x6110).params.count).toBe(16);
    expect(statusWordMessage(0x6c00).params.count).toBe(256);
    expect(statusWordMessage(0x6100).params.count).toBe(256);
  });

  it('shows an unknown status word in hex', () => {
    expect(statusWordInfo(0x6a83)).toBeNull();
    const err = new CardStatusError(0x6a83);
    expect(err.code).toBe('card-error');
    expect(err.sw).toBe(0x6a83);
    expect(localizeError(err, 'en')).toContain('6A83');
    expect(localizeError(err, 'zh-TW')).toContain('6A83');
    expect(statusWordLabel(0x6a83)).toBe('6A83');
  });

  it('gives known errors their own text with the hex too', () => {
    const err = new CardStatusError(0x6a82, 'SELECT 4104');
    expect(localizeError(err, 'en')).toMatch(/not found.*6A82/);
    expect(localizeError(err, 'zh-TW')).toMatch(/找不到.*6A82/);
    expect(statusWordLabel(0x6a82)).toBe('6A82 FILE_NOT_FOUND');
    expect(err.message).toContain('SELECT 4104');
  });

  it('does not confuse the masked families with their neighbours', () => {
    expect(statusWordInfo(0x6300)?.pattern).toBe('6300');
    expect(statusWordInfo(0x63c0)?.pattern).toBe('63Cx');
    expect(statusWordInfo(0x63d0)).toBeNull();
    expect(statusWordInfo(0x6282)?.kind).toBe('warning');
    expect(statusWordInfo(0x6281)).toBeNull();
  });
});

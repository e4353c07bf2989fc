/**
 * The MOICA link table (docs/sources.md): every address is one the app may open, every
 * answer's link exists, and the allow-list is the table's.
 */
import { describe, expect, it } from 'vitest';
import actionsData from '../../../resources/advisor/actions.json' with { type: 'json' };
import situationsData from '../../../resources/advisor/situations.json' with { type: 'json' };
import { isTaipeiDate } from '../../../src/core/calendar';
import { LANGS } from '../../../src/core/i18n';
import {
  allMoicaLinks,
  isMoicaLinkId,
  MOICA_LINKS_AS_OF,
  MOICA_SITES,
} from '../../../src/core/moica-links';
import { EXTERNAL_ALLOW_LIST } from '../../../src/service/contract';
import { allowedExternalUrl } from '../../../src/service/external-url';
import { linkLine, situation } from '../../../src/advisor';

describe('MOICA link table', () => {
  it('is dated, and its sites are the openExternal allow-list', () => {
    expect(isTaipeiDate(MOICA_LINKS_AS_OF)).toBe(true);
    expect(EXTERNAL_ALLOW_LIST).toEqual(MOICA_SITES);
    for (const site of MOICA_SITES) expect(new URL(site).protocol).toBe('https:');
  });

  it('has, for every action the app advises, an https page the app may open', () => {
    const ids = allMoicaLinks().map((l) => l.id);
    for (const needed of [
      'extend-online',
      'renew-online',
      'unlock',
      'suspend-resume',
      'check-status',
      'download-hicos',
      'download-hipki',
      'moica-home',
    ]) {
      expect(ids).toContain(needed);
    }
    for (const link of allMoicaLinks()) {
      expect(allowedExternalUrl(link.url), link.id).toBe(link.url);
      for (const lang of LANGS) {
        expect(link.label[lang].trim(), link.id).not.toBe('');
        if (link.where) expect(link.where[lang].trim(), link.id).not.toBe('');
      }
      expect(link.source.trim(), link.id).not.toBe('');
    }
  });

  it('names only links that exist, from actions and situations', () => {
    const named = [
      ...Object.values(actionsData).flatMap((a) => ('links' in a ? a.links : [])),
      ...situationsData.flatMap((s) => ('links' in s ? s.links : [])),
    ];
    expect(named.length).toBeGreaterThan(5);
    for (const id of named) expect(isMoicaLinkId(id ?? ''), id).toBe(true);
  });

  it('gives a situation its page as a line for text output, with the menu path when needed', () => {
    const zh = situation('pin-locked-remembers-user-code', 'zh-TW');
    expect(zh.links).toEqual(['unlock']);
    expect(zh.text).toContain(linkLine('unlock', 'zh-TW'));
    expect(linkLine('unlock', 'zh-TW')).toBe(
      '線上鎖卡解碼：https://moica.nat.gov.tw/（進入網站後選「憑證作業 → 忘記PIN碼/鎖卡解碼」）',
    );
    expect(linkLine('extend-online', 'en')).toBe(
      'Extend online: https://moica.nat.gov.tw/renewcert.html',
    );
  });
});

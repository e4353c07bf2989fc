import { describe, expect, it } from 'vitest';
import { ACTION_RULES, advise, type ActionId } from '../../../src/advisor/advise';
import { formatDate, isTaipeiDate } from '../../../src/core/calendar';
import { defaultPinFromRocBirthDate } from '../../../src/advisor/default-pin';
import { FACTS } from '../../../src/advisor/facts';
import {
  actionText,
  listSituations,
  renderAction,
  situation,
  UnknownAdviceError,
} from '../../../src/advisor/situations';
import { InvalidInputError } from '../../../src/core/errors';
import { LANGS } from '../../../src/core/i18n';
import { isMoicaLinkId } from '../../../src/core/moica-links';
import actionsData from '../../../resources/advisor/actions.json' with { type: 'json' };
import { situationCases } from './cases/situation-cases';

describe('situations', () => {
  it.each(situationCases.map((c) => [c.id, c] as const))('%s', (id, c) => {
    const zh = situation(id, 'zh-TW');
    const en = situation(id, 'en');
    for (const rule of c.tests) {
      expect(zh.rules).toContain(rule);
      expect(zh.text).toContain(rule);
      expect(en.text).toContain(rule);
    }
    for (const phrase of c.zh) expect(zh.text).toContain(phrase);
    for (const phrase of c.en) expect(en.text).toContain(phrase);
  });

  it('has a table row for every situation and no row without one', () => {
    expect(
      listSituations()
        .map((s) => s.id)
        .sort(),
    ).toEqual(situationCases.map((c) => c.id).sort());
  });

  it('answers in both languages with the same steps and no unfilled placeholder', () => {
    for (const { id } of listSituations()) {
      const zh = situation(id, 'zh-TW');
      const en = situation(id, 'en');
      expect(zh.steps.length, id).toBe(en.steps.length);
      expect(zh.title).not.toBe(en.title);
      for (const text of [zh.text, en.text]) expect(text, id).not.toMatch(/\{\w+\}/);
      // zh-TW first: the Chinese answer really is Chinese.
      expect(zh.text, id).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('shows "as of" with the date in both calendars whenever a changeable fact is used', () => {
    for (const { id } of listSituations()) {
      const zh = situation(id, 'zh-TW');
      const en = situation(id, 'en');
      expect(zh.asOf.length > 0, id).toBe(zh.facts.length > 0);
      for (const f of zh.facts) {
        expect(zh.text).toContain(`資料查證日期：${formatDate(f.asOf, 'zh-TW')}`);
        expect(en.text).toContain(`As of ${formatDate(f.asOf, 'en')}`);
      }
    }
    expect(situation('hours', 'zh-TW').facts.map((f) => f.id)).toEqual(['hours']);
    expect(situation('eligibility', 'en').asOf).toEqual([]);
  });

  it('refuses an unknown situation with a typed error', () => {
    expect(() => situation('no-such-thing', 'en')).toThrow(UnknownAdviceError);
  });
});

describe('changeable facts', () => {
  it('each has a value, a checked date, the MOICA page to check it on and text in both languages', () => {
    for (const f of Object.values(FACTS)) {
      expect(isTaipeiDate(f.asOf), f.id).toBe(true);
      expect(f.rules.length, f.id).toBeGreaterThan(0);
      expect(isMoicaLinkId(f.link), f.id).toBe(true);
      for (const lang of LANGS) {
        expect(f.text[lang].trim(), f.id).not.toBe('');
      }
    }
  });

  it('say when they were checked and where the latest is, never where the project found them', () => {
    const zh = situation('fees', 'zh-TW').text;
    const en = situation('fees', 'en').text;
    expect(zh).toContain('最新資訊以內政部憑證管理中心網站為準：https://moica.nat.gov.tw/');
    expect(en).toContain('the MOICA website has the latest: https://moica.nat.gov.tw/');
    for (const text of [zh, en]) {
      expect(text).not.toMatch(
        /moica-citizen-guide|本專案|參考資料|reference copy|breaks off|中斷/,
      );
    }
  });

  it('hold the values the rules give', () => {
    expect(FACTS.cardFee.value).toBe(250);
    expect(FACTS.renewalPostage.value).toBe(28);
    expect(FACTS.extensionFee.value).toBe(0);
    expect(FACTS.extensionFee.rules).toContain('R-EXT-FEE');
    expect(FACTS.hotline.value).toBe('0800-080-117');
    expect(FACTS.hours.text.en).toContain('08:30–12:00');
  });
});

describe('default PIN (R-PIN-DEFAULT)', () => {
  it.each([
    [{ year: 73, month: 1, day: 1 }, '730101'],
    [{ year: 9, month: 5, day: 7 }, '090507'],
    [{ year: 99, month: 12, day: 31 }, '991231'],
    [{ year: 89, month: 2, day: 29 }, '890229'],
  ])('is the zero-padded ROC birth date for %o', (birth, pin) => {
    expect(defaultPinFromRocBirthDate(birth)).toBe(pin);
  });

  it('is unknown, never guessed, for births in 民國100年 or later', () => {
    expect(defaultPinFromRocBirthDate({ year: 100, month: 1, day: 1 })).toBeNull();
    const zh = situation('default-pin', 'zh-TW', {
      rocBirthDate: { year: 101, month: 6, day: 15 },
    });
    expect(zh.text).toContain('民國101年6月15日 (2012-06-15)');
    expect(zh.text).toContain('沒有這種情況的預設格式');
    expect(zh.text).not.toMatch(/\b1010615\b|\b010615\b/);
  });

  it('appears in the answer when a birth date is given', () => {
    const en = situation('default-pin', 'en', { rocBirthDate: { year: 73, month: 1, day: 1 } });
    expect(en.steps[1]).toBe(
      'For the birth date you gave, 1 January 1984 (ROC 73/01/01), the default PIN is 730101.',
    );
    expect(en.rules).toEqual(['R-PIN-DEFAULT', 'R-PIN-LOCK']);
  });

  it('rejects a birth date that does not exist', () => {
    expect(() => defaultPinFromRocBirthDate({ year: 90, month: 2, day: 29 })).toThrow(
      InvalidInputError,
    );
    expect(() => defaultPinFromRocBirthDate({ year: 0, month: 1, day: 1 })).toThrow(
      InvalidInputError,
    );
  });
});

describe('action texts', () => {
  const ids = Object.keys(ACTION_RULES) as ActionId[];

  it('exist for exactly the actions the advisor can return', () => {
    expect(Object.keys(actionsData).sort()).toEqual([...ids].sort());
  });

  it('render with their rules, in both languages', () => {
    for (const id of ids) {
      const action = { id, rules: [...ACTION_RULES[id]] };
      const zh = actionText(action, 'zh-TW');
      const en = actionText(action, 'en');
      expect(zh).toContain(`依據：${action.rules.join('、')}`);
      expect(en).toContain(`Rules: ${action.rules.join(', ')}`);
      for (const text of [zh, en]) expect(text, id).not.toMatch(/\{\w+\}/);
    }
  });

  it("fill in the result's dates in both calendars", () => {
    const result = advise({
      notBefore: '2022-03-01T01:00:00Z',
      notAfter: '2027-03-01T15:59:59Z',
      today: '2027-01-10',
    });
    const zh = renderAction(result.actions[0]!, 'zh-TW', result);
    expect(zh.when).toBe(
      '可辦理期間：民國115年12月31日 (2026-12-31) 至 民國119年3月1日 (2030-03-01)；展期後到期日：民國119年3月1日 (2030-03-01)。',
    );
    // Extension is free: the fee is a changeable fact, so the text carries its date.
    expect(zh.text).toContain('免費');
    expect(zh.facts.map((f) => f.id)).toEqual(['extensionFee']);
    expect(zh.asOf[0]).toContain(`資料查證日期：${formatDate(FACTS.extensionFee.asOf, 'zh-TW')}`);
  });

  it('mention fees with their "as of" date where money is involved', () => {
    const en = actionText({ id: 'renew-online', rules: [...ACTION_RULES['renew-online']] }, 'en');
    expect(en).toContain('NT$250');
    expect(en).toContain('NT$28');
    expect(en).toContain(`As of ${formatDate(FACTS.cardFee.asOf, 'en')}`);
  });

  it('refuse an unknown action', () => {
    expect(() => actionText({ id: 'teleport', rules: [] }, 'en')).toThrow(UnknownAdviceError);
  });
});

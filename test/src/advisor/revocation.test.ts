import { describe, expect, it } from 'vitest';
import { ACTION_RULES, actionText, advise, renderAdvice } from '../../../src/advisor';
import type { AdvisorResult } from '../../../src/core/model';
import { revocationCases } from './cases/revocation-cases';

describe('advise with the issuer status: the table', () => {
  it.each(revocationCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = advise(c.input);
    expect(result.status).toBe(c.expect.status);
    expect(result.dateStatus).toBe(c.expect.dateStatus);
    expect(result.actions.map((a) => a.id)).toEqual(c.expect.actions);
    for (const a of result.actions) {
      expect(a.rules).toEqual(ACTION_RULES[a.id as keyof typeof ACTION_RULES]);
    }
    expect(result.revocation).toEqual(c.input.revocation ?? expect.anything());
    const rested = new Set(result.actions.flatMap((a) => a.rules));
    // R-STATUS-UNKNOWN is about the text, not an action; every other rule must be rested on.
    for (const rule of c.tests.filter((r) => r !== 'R-STATUS-UNKNOWN')) {
      expect(rested, rule).toContain(rule);
    }
    // The rendered text, actions included, says what the row says.
    const full = {
      zh: `${renderAdvice(result, 'zh-TW')}\n${actionTexts(result, 'zh-TW')}`,
      en: `${renderAdvice(result, 'en')}\n${actionTexts(result, 'en')}`,
    };
    for (const phrase of c.says.zh) expect(full.zh).toContain(phrase);
    for (const phrase of c.says.en) expect(full.en).toContain(phrase);
    for (const phrase of c.neverSays?.zh ?? []) expect(full.zh).not.toContain(phrase);
    for (const phrase of c.neverSays?.en ?? []) expect(full.en).not.toContain(phrase);
  });

  it('keeps the date-based answer unchanged when nobody asked', () => {
    const plain = advise({ notBefore: '2022-03-01T01:00:00Z', notAfter: '2027-03-01T15:59:59Z' });
    expect(plain.status).toBe(plain.dateStatus);
    expect(plain.revocation).toMatchObject({ status: 'not-checked', problem: 'not-requested' });
  });
});

function actionTexts(result: AdvisorResult, lang: 'zh-TW' | 'en'): string {
  return result.actions.map((a) => actionText(a, lang, result)).join('\n');
}

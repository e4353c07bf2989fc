/**
 * The self-test's result in words, the same for `citizen-card selftest` and the app's
 * "can this card sign?" panel. Pure (no Node API): the page imports it too.
 */
import { fill } from '../advisor';
import { t, type Lang } from '../core/i18n';
import type { SelfTestResult } from '../core/model';

export interface SelfTestText {
  /** One sentence: passed, or failed at which step and why. */
  summary: string;
  /** What to do after a failure; null when it passed. */
  remedy: string | null;
}

export function selfTestText(result: SelfTestResult, lang: Lang): SelfTestText {
  if (result.ok) {
    const via = result.via === 'none' ? '' : t(lang, `selftest.via.${result.via}`);
    return {
      summary: t(lang, 'selftest.passed', {
        bytes: result.challengeBytes,
        via,
        id: result.certificate?.id ?? '',
      })
        .replace(/ {2,}/g, ' ')
        .trim(),
      remedy: null,
    };
  }
  const step = result.failedStep ?? 'pin';
  const reason = result.error ? t(lang, result.error.messageKey, result.error.params) : '';
  return {
    summary: fill(
      t(lang, 'selftest.failed', { step: t(lang, `selftest.step.${step}`), reason }),
      lang,
    ),
    remedy: fill(t(lang, `selftest.remedy.${step}`), lang),
  };
}

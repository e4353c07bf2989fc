import { renderAction, type ActionAnswer, type FactReference } from '../../src/advisor/situations';
import { t, type Lang } from '../../src/core/i18n';
import type { AdvisorAction, AdvisorResult } from '../../src/core/model';
import { dateText } from './dates';

/**
 * The advisor's own words for an action (the CLI and the report use the same), or null
 * for an action this build has no text for, so a newer backend cannot break the page.
 */
export function actionAnswer(
  action: AdvisorAction,
  lang: Lang,
  result?: AdvisorResult,
): ActionAnswer | null {
  try {
    return renderAction(action, lang, result);
  } catch {
    return null;
  }
}

/** One "as of <date> (source)" line per distinct date and source, date in both calendars. */
export function asOfTexts(facts: FactReference[], lang: Lang): string[] {
  return [
    ...new Set(
      facts.map((f) => t(lang, 'ui.asOf', { date: dateText(f.asOf, lang), source: f.source })),
    ),
  ];
}

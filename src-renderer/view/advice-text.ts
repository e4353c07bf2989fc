import { renderAction, type ActionAnswer, type FactReference } from '../../src/advisor/situations';
import { t, type Lang } from '../../src/core/i18n';
import type { MoicaLinkId } from '../../src/core/moica-links';
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

export interface AsOfLine {
  /** "As of <date>", the date in both calendars. */
  text: string;
  /** The MOICA page with the current values. */
  link: MoicaLinkId;
}

/** One "as of" line per distinct date and page. */
export function asOfLines(facts: FactReference[], lang: Lang): AsOfLine[] {
  const seen = new Map<string, AsOfLine>();
  for (const f of facts) {
    const text = t(lang, 'ui.asOf', { date: dateText(f.asOf, lang) });
    seen.set(`${text}\n${f.link}`, { text, link: f.link });
  }
  return [...seen.values()];
}

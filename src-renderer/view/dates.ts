import { formatDate, taipeiDateOf, taipeiTimeOf } from '../../src/core/calendar';
import { t, type Lang } from '../../src/core/i18n';

/** A certificate that runs to the end of a Taipei day ends at this clock time. */
const END_OF_DAY = '23:59:59';

/** A `YYYY-MM-DD` Taipei date in both calendars (C-ROC). */
export function dateText(date: string, lang: Lang): string {
  return formatDate(date, lang);
}

/**
 * An instant as its Taipei date in both calendars; the clock time is added when it is not
 * the end of the day (citizen-rules.md: the UI shows the exact time of `notAfter` then),
 * or always when asked, for start dates.
 */
export function instantText(iso: string, lang: Lang, alwaysTime = false): string {
  const date = formatDate(taipeiDateOf(iso), lang);
  const time = taipeiTimeOf(iso);
  if (!alwaysTime && time === END_OF_DAY) return date;
  return `${date} ${t(lang, 'ui.date.taipeiTime', { time })}`;
}

/** True when notAfter does not fall on 23:59:59 Taipei, so the exact time matters. */
export function hasExactTime(iso: string): boolean {
  return taipeiTimeOf(iso) !== END_OF_DAY;
}

/** "50 days left", "last day", "expired 3 days ago". */
export function daysLeftText(daysLeft: number, lang: Lang): string {
  if (daysLeft > 0) return t(lang, 'ui.days.left', { days: daysLeft });
  if (daysLeft === 0) return t(lang, 'ui.days.lastDay');
  return t(lang, 'ui.days.expiredAgo', { days: -daysLeft });
}

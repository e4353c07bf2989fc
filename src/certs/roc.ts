import type { Lang } from '../i18n';

// citizen-rules.md C-TZ: Taiwan is UTC+8 all year (no daylight saving).
const TAIPEI_OFFSET_MS = 8 * 3600 * 1000;

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const pad = (n: number): string => String(n).padStart(2, '0');

/** Calendar date and clock time of an instant in Taipei. */
export function taipeiParts(instant: Date): {
  year: number;
  month: number;
  day: number;
  date: string;
  time: string;
} {
  const d = new Date(instant.getTime() + TAIPEI_OFFSET_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return {
    year,
    month,
    day,
    date: `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  };
}

/**
 * C-ROC: the Taipei date of an instant in both calendars, zh-TW
 * `民國115年3月1日 (2026-03-01)`, English `1 March 2026 (ROC 115/03/01)`.
 */
export function formatRocDate(instant: Date, lang: Lang): string {
  const { year, month, day, date } = taipeiParts(instant);
  const roc = year - 1911;
  if (lang === 'zh-TW') {
    const era = roc >= 1 ? `民國${roc}年` : `民國前${1 - roc}年`;
    return `${era}${month}月${day}日 (${date})`;
  }
  const rocPart =
    roc >= 1 ? `ROC ${roc}/${pad(month)}/${pad(day)}` : `${1 - roc} years before ROC 1`;
  return `${day} ${EN_MONTHS[month - 1]} ${year} (${rocPart})`;
}

/**
 * Taipei calendar dates (citizen-rules.md C-TZ, C-DAYS, C-YEARS, C-ROC).
 *
 * A date is a plain `YYYY-MM-DD` string: it sorts and compares as text, serialises to JSON
 * as itself, and cannot be confused with an instant. Arithmetic goes through a day number
 * (days since 1970-01-01), so no local time zone of the machine ever takes part.
 */
import { InvalidInputError } from './errors';
import type { Lang } from './i18n';

/** A Taipei calendar date, `YYYY-MM-DD`. */
export type TaipeiDate = string;

/** Taipei is UTC+8 all year: Taiwan has not observed daylight saving time since 1979. */
const TAIPEI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Date, then an optional time that must carry its own offset: a bare local time would
// silently depend on the machine running the tool.
const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?))?$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function validParts(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function fromParts(year: number, month: number, day: number): TaipeiDate {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** True for a real calendar date written `YYYY-MM-DD` (2026-02-29 is not one). */
export function isTaipeiDate(value: unknown): value is TaipeiDate {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  return !!m && validParts(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function dateParts(date: TaipeiDate): DateParts {
  const m = DATE_RE.exec(date);
  if (!m || !validParts(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new InvalidInputError('advisor.error.badDate', { value: date });
  }
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear does not. */
function utcMs(year: number, month: number, day: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(h, mi, s, ms);
  return d.getTime();
}

function dayNumber(date: TaipeiDate): number {
  const { year, month, day } = dateParts(date);
  return Math.round(utcMs(year, month, day) / DAY_MS);
}

function fromDayNumber(n: number): TaipeiDate {
  const d = new Date(n * DAY_MS);
  return fromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** C-DAYS: `n` calendar days later (negative: earlier). */
export function addDays(date: TaipeiDate, n: number): TaipeiDate {
  return fromDayNumber(dayNumber(date) + n);
}

/** C-YEARS: same month and day `n` years later; 29 February becomes 28 February when missing. */
export function addYears(date: TaipeiDate, n: number): TaipeiDate {
  const { year, month, day } = dateParts(date);
  const target = year + n;
  return fromParts(target, month, Math.min(day, daysInMonth(target, month)));
}

/** Signed number of days from `from` to `to` (2027-01-10 → 2027-03-01 is 50). */
export function daysBetween(from: TaipeiDate, to: TaipeiDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** C-DAYS: window bounds are inclusive. */
export function isWithin(date: TaipeiDate, from: TaipeiDate, to: TaipeiDate): boolean {
  const n = dayNumber(date);
  return dayNumber(from) <= n && n <= dayNumber(to);
}

/**
 * Parse an instant: ISO 8601 with `Z` or an offset (`2026-02-28T16:00:00Z`,
 * `2026-03-01T00:00:00+08:00`). A bare `YYYY-MM-DD` is taken as the start of that Taipei
 * day, which is what a person typing a date off the card face means.
 */
export function parseInstant(value: Date | string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new InvalidInputError('advisor.error.badInstant', { value: String(value) });
    }
    return value;
  }
  const m = INSTANT_RE.exec(value.trim());
  const bad = () => new InvalidInputError('advisor.error.badInstant', { value });
  if (!m) throw bad();
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validParts(year, month, day)) throw bad();
  if (m[4] === undefined) return new Date(utcMs(year, month, day) - TAIPEI_OFFSET_MS);
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) throw bad();
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const zone = m[8] as string;
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) throw bad();
    offsetMinutes = sign * (oh * 60 + om);
  }
  return new Date(
    utcMs(year, month, day, hour, minute, second, millis) - offsetMinutes * 60 * 1000,
  );
}

/** C-TZ: the Taipei calendar date of an instant (2026-02-28T16:00:00Z → 2026-03-01). */
export function taipeiDateOf(instant: Date | string): TaipeiDate {
  const d = new Date(parseInstant(instant).getTime() + TAIPEI_OFFSET_MS);
  return fromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Today in Taipei; the clock is injectable so tests and demos can pin "now". */
export function todayInTaipei(clock: () => Date = () => new Date()): TaipeiDate {
  return taipeiDateOf(clock());
}

/** Clock time of an instant in Taipei, `HH:MM:SS` (the UI shows it when not 23:59:59). */
export function taipeiTimeOf(instant: Date | string): string {
  const d = new Date(parseInstant(instant).getTime() + TAIPEI_OFFSET_MS);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** C-ROC: ROC (民國) year = Gregorian year − 1911. */
export function rocYear(gregorianYear: number): number {
  return gregorianYear - 1911;
}

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

/**
 * C-ROC: a date as people see it, in both calendars:
 * zh-TW `民國115年3月1日 (2026-03-01)`, English `1 March 2026 (ROC 115/03/01)`.
 */
export function formatDate(date: TaipeiDate, lang: Lang): string {
  const { year, month, day } = dateParts(date);
  const roc = rocYear(year);
  if (lang === 'zh-TW') {
    // Years before 民國元年 are written 民國前N年; no certificate needs it, but a date never breaks.
    const era = roc >= 1 ? `民國${roc}年` : `民國前${1 - roc}年`;
    return `${era}${month}月${day}日 (${date})`;
  }
  const rocPart =
    roc >= 1 ? `ROC ${roc}/${pad(month)}/${pad(day)}` : `${1 - roc} years before ROC 1`;
  return `${day} ${EN_MONTHS[month - 1]} ${year} (${rocPart})`;
}

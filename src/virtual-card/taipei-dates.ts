/**
 * Calendar arithmetic on Asia/Taipei dates (UTC+8, no DST), the calendar the advisor
 * judges certificates by (citizen-rules.md C-TZ, C-YEARS). Dates are 'YYYY-MM-DD'.
 */

const TAIPEI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

export function taipeiDateOf(instant: Date): string {
  return new Date(instant.getTime() + TAIPEI_OFFSET_MS).toISOString().slice(0, 10);
}

function utcMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Same month and day `years` later; 29 February becomes 28 February (C-YEARS). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 00:00:00 Taipei time on `date`. */
export function startOfTaipeiDay(date: string): Date {
  return new Date(utcMidnight(date) - TAIPEI_OFFSET_MS);
}

/** 23:59:59 Taipei time on `date`: the certificate is good through that whole day. */
export function endOfTaipeiDay(date: string): Date {
  return new Date(utcMidnight(date) + DAY_MS - 1000 - TAIPEI_OFFSET_MS);
}

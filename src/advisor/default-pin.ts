/**
 * R-PIN-DEFAULT: the initial PIN is the ROC birth date as YYMMDD. The guide gives no format
 * for holders born in 民國100年 or later, so for them the answer is "unknown", never a guess:
 * a wrong guess spends one of three tries (R-PIN-LOCK).
 */
import { InvalidInputError } from '../core/errors';
import { isTaipeiDate } from '../core/calendar';

/** A birth date on the ROC calendar (民國 year, month, day). */
export interface RocDate {
  year: number;
  month: number;
  day: number;
}

/** Years from 民國100 on have three digits and no documented six-digit form. */
export const FIRST_ROC_YEAR_WITHOUT_FORMAT = 100;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Throws InvalidInputError unless the date exists (民國1年 or later). */
export function checkRocDate(date: RocDate): void {
  const { year, month, day } = date;
  const ok =
    [year, month, day].every(Number.isInteger) &&
    year >= 1 &&
    isTaipeiDate(`${String(year + 1911).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`);
  if (!ok) {
    throw new InvalidInputError('advisor.error.badBirthDate', {
      value: `${year}/${month}/${day}`,
    });
  }
}

/** The default PIN for an ROC birth date (`730101`), or null when no format is documented. */
export function defaultPinFromRocBirthDate(date: RocDate): string | null {
  checkRocDate(date);
  if (date.year >= FIRST_ROC_YEAR_WITHOUT_FORMAT) return null;
  return `${pad2(date.year)}${pad2(date.month)}${pad2(date.day)}`;
}

/**
 * Calendar conventions of citizen-rules.md as a table: each row names the convention it
 * checks, and test/src/core/calendar.test.ts asserts every row.
 */
import {
  addDays,
  addYears,
  daysBetween,
  formatDate,
  isTaipeiDate,
  isWithin,
  rocYear,
  taipeiDateOf,
  todayInTaipei,
} from '../../../src/core/calendar';
import type { Lang } from '../../../src/core/i18n';

export interface CalendarCase {
  name: string;
  tests: string[];
  run: () => unknown;
  expected: unknown;
}

const fmt = (date: string, lang: Lang) => () => formatDate(date, lang);

export const calendarCases: CalendarCase[] = [
  {
    name: "the spec's own example: 2026-02-28T16:00:00Z is 1 March in Taipei",
    tests: ['C-TZ'],
    run: () => taipeiDateOf('2026-02-28T16:00:00Z'),
    expected: '2026-03-01',
  },
  {
    name: 'one millisecond earlier is still 28 February in Taipei',
    tests: ['C-TZ'],
    run: () => taipeiDateOf('2026-02-28T15:59:59.999Z'),
    expected: '2026-02-28',
  },
  {
    name: 'an explicit +08:00 offset is a Taipei wall-clock time',
    tests: ['C-TZ'],
    run: () => taipeiDateOf('2026-03-01T00:00:00+08:00'),
    expected: '2026-03-01',
  },
  {
    name: 'an instant written in New York time lands on the next Taipei day',
    tests: ['C-TZ'],
    run: () => taipeiDateOf('2026-02-28T23:30:00-05:00'),
    expected: '2026-03-01',
  },
  {
    name: 'a Date object converts the same way as its ISO string',
    tests: ['C-TZ'],
    run: () => taipeiDateOf(new Date('2026-12-31T16:00:00Z')),
    expected: '2027-01-01',
  },
  {
    name: 'a bare date is taken as that Taipei date',
    tests: ['C-TZ'],
    run: () => taipeiDateOf('2026-03-01'),
    expected: '2026-03-01',
  },
  {
    name: "today comes from the injected clock, on Taipei's calendar",
    tests: ['C-TZ'],
    run: () => todayInTaipei(() => new Date('2026-12-31T16:00:00Z')),
    expected: '2027-01-01',
  },
  {
    name: '60 days before 1 March 2027 is 31 December 2026 (the spec example window start)',
    tests: ['C-DAYS'],
    run: () => addDays('2027-03-01', -60),
    expected: '2026-12-31',
  },
  {
    name: "the guide's worked example: 60 days before 2014-10-01 is 2014-08-02",
    tests: ['C-DAYS'],
    run: () => addDays('2014-10-01', -60),
    expected: '2014-08-02',
  },
  {
    name: '60 days before a leap day reaches back into December',
    tests: ['C-DAYS'],
    run: () => addDays('2028-02-29', -60),
    expected: '2027-12-31',
  },
  {
    name: 'days from 2027-01-10 to 2027-03-01 (the spec example daysLeft)',
    tests: ['C-DAYS'],
    run: () => daysBetween('2027-01-10', '2027-03-01'),
    expected: 50,
  },
  {
    name: 'day differences are signed',
    tests: ['C-DAYS'],
    run: () => daysBetween('2027-03-02', '2027-03-01'),
    expected: -1,
  },
  {
    name: 'a window includes both of its ends and nothing beyond',
    tests: ['C-DAYS'],
    run: () =>
      ['2026-12-30', '2026-12-31', '2027-03-01', '2027-03-02'].map((d) =>
        isWithin(d, '2026-12-31', '2027-03-01'),
      ),
    expected: [false, true, true, false],
  },
  {
    name: '3 years after 29 February is 28 February',
    tests: ['C-YEARS'],
    run: () => addYears('2028-02-29', 3),
    expected: '2031-02-28',
  },
  {
    name: '4 years after 29 February is 29 February again',
    tests: ['C-YEARS'],
    run: () => addYears('2024-02-29', 4),
    expected: '2028-02-29',
  },
  {
    name: '5 years after 1 March is 1 March',
    tests: ['C-YEARS'],
    run: () => addYears('2022-03-01', 5),
    expected: '2027-03-01',
  },
  {
    name: 'ROC year is the Gregorian year minus 1911',
    tests: ['C-ROC'],
    run: () => [rocYear(2026), rocYear(1912)],
    expected: [115, 1],
  },
  {
    name: 'zh-TW shows the ROC date first, then the ISO date',
    tests: ['C-ROC'],
    run: fmt('2026-03-01', 'zh-TW'),
    expected: '民國115年3月1日 (2026-03-01)',
  },
  {
    name: 'English shows the Gregorian date first, then the ROC date',
    tests: ['C-ROC'],
    run: fmt('2026-03-01', 'en'),
    expected: '1 March 2026 (ROC 115/03/01)',
  },
  {
    name: 'the first year of the ROC',
    tests: ['C-ROC'],
    run: fmt('1912-01-01', 'zh-TW'),
    expected: '民國1年1月1日 (1912-01-01)',
  },
  {
    name: 'a date before the ROC is written 民國前',
    tests: ['C-ROC'],
    run: fmt('1911-12-31', 'zh-TW'),
    expected: '民國前1年12月31日 (1911-12-31)',
  },
  {
    name: 'only real dates are dates',
    tests: ['C-YEARS'],
    run: () => ['2026-02-29', '2028-02-29', '2026-13-01', '2026-3-1'].map(isTaipeiDate),
    expected: [false, true, false, false],
  },
];

/**
 * The advisor's behaviour as a table. Each row states the rule IDs it checks; the test
 * asserts the expected fields exactly and that every R- rule named is one the result's
 * actions rest on. Window edges: the day before, the first day, the last day and the day
 * after, for an original and for an extended certificate.
 */
import type { AdviseInput } from '../../../../src/advisor/advise';
import type { AdvisorResult } from '../../../../src/core/model';

export interface AdviseCase {
  name: string;
  tests: string[];
  input: AdviseInput;
  expect: Partial<Omit<AdvisorResult, 'actions'>> & { actions?: string[] };
}

/** Original: Taipei 2022-03-01 → 2027-03-01 23:59:59 (notAfter + 3 years = 2030-03-01). */
const ORIGINAL = { notBefore: '2022-03-01T01:00:00Z', notAfter: '2027-03-01T15:59:59Z' };
/** Extended: issued 2019-03-01, extended to its 8-year limit 2027-03-01. */
const EXTENDED = { notBefore: '2019-03-01T01:00:00Z', notAfter: '2027-03-01T15:59:59Z' };
/** Original expiring on a leap day: Taipei 2023-03-01 → 2028-02-29. */
const LEAP = { notBefore: '2023-03-01T02:00:00Z', notAfter: '2028-02-29T15:59:59Z' };

const originalWindows = (extensionOpen: boolean) => ({
  extension: { from: '2026-12-31', to: '2030-03-01', open: extensionOpen },
  onlineRenewal: { from: '2029-12-31', to: '2030-03-01', open: false },
});
const extendedWindows = (renewalOpen: boolean) => ({
  extension: null,
  onlineRenewal: { from: '2026-12-31', to: '2027-03-01', open: renewalOpen },
});

export const adviseCases: AdviseCase[] = [
  // --- original certificate -------------------------------------------------------------
  {
    name: 'original, the day before notBefore (Taipei): not yet valid, check the clock',
    tests: ['R-CHECK-VALIDITY', 'R-CARD-DATE', 'C-TZ'],
    input: { ...ORIGINAL, today: '2022-02-28' },
    expect: {
      status: 'not-yet-valid',
      daysLeft: 1827,
      windows: originalWindows(false),
      actions: ['check-clock'],
    },
  },
  {
    name: 'original, its first day: valid',
    tests: ['R-VALIDITY', 'R-EXT'],
    input: { ...ORIGINAL, today: '2022-03-01' },
    expect: { status: 'valid', actions: ['wait-for-extension'], windows: originalWindows(false) },
  },
  {
    name: 'original, the day before the extension window: valid, 61 days left',
    tests: ['R-VALIDITY', 'R-EXT', 'C-DAYS'],
    input: { ...ORIGINAL, today: '2026-12-30' },
    expect: {
      expiresOn: '2027-03-01',
      finalExpiresOn: '2030-03-01',
      extended: false,
      extendedSource: 'inferred',
      status: 'valid',
      daysLeft: 61,
      windows: originalWindows(false),
      actions: ['wait-for-extension'],
    },
  },
  {
    name: 'original, the first day of the extension window (60 days before expiry)',
    tests: ['R-EXT', 'R-PROXY', 'C-DAYS'],
    input: { ...ORIGINAL, today: '2026-12-31' },
    expect: {
      status: 'extension-window',
      daysLeft: 60,
      windows: originalWindows(true),
      actions: ['extend'],
    },
  },
  {
    name: 'original, the last valid day: daysLeft 0, still extension-window',
    tests: ['R-EXT', 'R-PROXY'],
    input: { ...ORIGINAL, today: '2027-03-01' },
    expect: {
      status: 'extension-window',
      daysLeft: 0,
      windows: originalWindows(true),
      actions: ['extend'],
    },
  },
  {
    name: 'original, the day after expiry: expired but extendable',
    tests: ['R-EXT', 'R-PROXY'],
    input: { ...ORIGINAL, today: '2027-03-02' },
    expect: {
      status: 'expired-extendable',
      daysLeft: -1,
      windows: originalWindows(true),
      actions: ['extend'],
    },
  },
  {
    name: 'original, 3 years after expiry minus 61 days: extension alone',
    tests: ['R-EXT'],
    input: { ...ORIGINAL, today: '2029-12-30' },
    expect: { status: 'expired-extendable', actions: ['extend'], windows: originalWindows(true) },
  },
  {
    name: 'original, within 60 days of the 8-year limit: extension would be short',
    tests: ['R-EXT', 'R-VALIDITY', 'R-RENEW-ONLINE', 'R-RENEW-COUNTER'],
    input: { ...ORIGINAL, today: '2029-12-31' },
    expect: {
      status: 'expired-extendable',
      actions: ['extend', 'extension-near-limit'],
      // Online renewal stays closed: an original certificate was not valid up to the limit.
      windows: originalWindows(true),
    },
  },
  {
    name: 'original, the last day of the extension window (the 8-year limit)',
    tests: ['R-EXT', 'C-YEARS'],
    input: { ...ORIGINAL, today: '2030-03-01' },
    expect: {
      status: 'expired-extendable',
      daysLeft: -1096,
      windows: originalWindows(true),
      actions: ['extend', 'extension-near-limit'],
    },
  },
  {
    name: 'original, the day after the extension window: new application at a counter',
    tests: ['R-EXPIRED-LATE', 'R-RENEW-COUNTER', 'R-BRING', 'R-WHERE', 'R-HOURS'],
    input: { ...ORIGINAL, today: '2030-03-02' },
    expect: {
      status: 'expired-reapply',
      daysLeft: -1097,
      windows: originalWindows(false),
      actions: ['reapply-counter'],
    },
  },
  {
    name: 'original, long after: no hedged online renewal (it never reached the limit valid)',
    tests: ['R-EXPIRED-LATE'],
    input: { ...ORIGINAL, today: '2031-01-01' },
    expect: { status: 'expired-reapply', actions: ['reapply-counter'] },
  },
  // --- extended certificate -------------------------------------------------------------
  {
    name: 'extended, the day before notBefore: not yet valid, both windows closed',
    tests: ['R-CHECK-VALIDITY'],
    input: { ...EXTENDED, today: '2019-02-28' },
    expect: { status: 'not-yet-valid', windows: extendedWindows(false), actions: ['check-clock'] },
  },
  {
    name: 'extended, the day before the online-renewal window: valid',
    tests: ['R-VALIDITY', 'R-RENEW-ONLINE'],
    input: { ...EXTENDED, today: '2026-12-30' },
    expect: {
      expiresOn: '2027-03-01',
      finalExpiresOn: '2027-03-01',
      extended: true,
      extendedSource: 'inferred',
      status: 'valid',
      daysLeft: 61,
      windows: extendedWindows(false),
      actions: ['wait-for-renewal'],
    },
  },
  {
    name: 'extended, the first day of the online-renewal window',
    tests: ['R-RENEW-ONLINE', 'R-ACTIVATION', 'R-RENEW-COUNTER'],
    input: { ...EXTENDED, today: '2026-12-31' },
    expect: {
      status: 'renewal-window',
      daysLeft: 60,
      windows: extendedWindows(true),
      actions: ['renew-online'],
    },
  },
  {
    name: 'extended, the final expiry day: online renewal still open',
    tests: ['R-RENEW-ONLINE', 'R-ACTIVATION'],
    input: { ...EXTENDED, today: '2027-03-01' },
    expect: {
      status: 'renewal-window',
      daysLeft: 0,
      windows: extendedWindows(true),
      actions: ['renew-online'],
    },
  },
  {
    name: 'extended, the day after final expiry: counter, plus the hedged online attempt',
    tests: ['R-EXPIRED-LATE', 'R-RENEW-COUNTER', 'R-RENEW-ONLINE-LATE', 'R-ACTIVATION'],
    input: { ...EXTENDED, today: '2027-03-02' },
    expect: {
      status: 'expired-reapply',
      daysLeft: -1,
      windows: extendedWindows(false),
      actions: ['reapply-counter', 'renew-online-late'],
    },
  },
  {
    name: 'extended, the last day of the year after final expiry: hedged attempt still offered',
    tests: ['R-RENEW-ONLINE-LATE', 'C-YEARS'],
    input: { ...EXTENDED, today: '2028-03-01' },
    expect: { status: 'expired-reapply', actions: ['reapply-counter', 'renew-online-late'] },
  },
  {
    name: 'extended, more than a year after final expiry: counter only',
    tests: ['R-EXPIRED-LATE'],
    input: { ...EXTENDED, today: '2028-03-02' },
    expect: { status: 'expired-reapply', daysLeft: -367, actions: ['reapply-counter'] },
  },
  // --- leap day, time zone, inference ---------------------------------------------------
  {
    name: 'leap-day expiry: the 8-year limit is 28 February three years on',
    tests: ['C-YEARS', 'C-DAYS', 'R-EXT'],
    input: { ...LEAP, today: '2027-12-31' },
    expect: {
      expiresOn: '2028-02-29',
      finalExpiresOn: '2031-02-28',
      extended: false,
      status: 'extension-window',
      daysLeft: 60,
      windows: {
        extension: { from: '2027-12-31', to: '2031-02-28', open: true },
        onlineRenewal: { from: '2030-12-30', to: '2031-02-28', open: false },
      },
      actions: ['extend'],
    },
  },
  {
    name: 'leap-day expiry: the day before its extension window',
    tests: ['R-EXT', 'C-DAYS'],
    input: { ...LEAP, today: '2027-12-30' },
    expect: { status: 'valid', daysLeft: 61, actions: ['wait-for-extension'] },
  },
  {
    name: 'leap-day expiry: 28 February 2031 is the last extendable day',
    tests: ['R-EXT', 'C-YEARS'],
    input: { ...LEAP, today: '2031-02-28' },
    expect: { status: 'expired-extendable', actions: ['extend', 'extension-near-limit'] },
  },
  {
    name: 'leap-day expiry: 1 March 2031 is too late to extend',
    tests: ['R-EXPIRED-LATE', 'C-YEARS'],
    input: { ...LEAP, today: '2031-03-01' },
    expect: { status: 'expired-reapply', actions: ['reapply-counter'] },
  },
  {
    name: 'notAfter at 16:00 UTC on 28 Feb is valid through 1 March in Taipei',
    tests: ['C-TZ'],
    input: {
      notBefore: '2021-03-01T00:00:00Z',
      notAfter: '2026-02-28T16:00:00Z',
      today: '2026-03-01',
    },
    expect: { expiresOn: '2026-03-01', status: 'extension-window', daysLeft: 0 },
  },
  {
    name: 'notAfter at 15:59:59 UTC on 28 Feb has expired on 1 March in Taipei',
    tests: ['C-TZ'],
    input: {
      notBefore: '2021-03-01T00:00:00Z',
      notAfter: '2026-02-28T15:59:59Z',
      today: '2026-03-01',
    },
    expect: { expiresOn: '2026-02-28', status: 'expired-extendable', daysLeft: -1 },
  },
  {
    name: 'now (an instant) gives the Taipei date: 16:00 UTC is already the next day',
    tests: ['C-TZ'],
    input: { ...ORIGINAL, now: new Date('2026-12-30T16:00:00Z') },
    expect: { today: '2026-12-31', status: 'extension-window' },
  },
  {
    name: 'inference: notAfter 31 days after notBefore + 5 years is still original',
    tests: ['C-DAYS'],
    input: {
      notBefore: '2022-03-01T00:00:00Z',
      notAfter: '2027-04-01T15:59:59Z',
      today: '2026-01-01',
    },
    expect: { extended: false, extendedSource: 'inferred', finalExpiresOn: '2030-04-01' },
  },
  {
    name: 'inference: 32 days after is extended',
    tests: ['C-DAYS'],
    input: {
      notBefore: '2022-03-01T00:00:00Z',
      notAfter: '2027-04-02T15:59:59Z',
      today: '2026-01-01',
    },
    expect: { extended: true, extendedSource: 'inferred', finalExpiresOn: '2027-04-02' },
  },
  {
    name: 'inference: 31 days before is original',
    tests: ['C-DAYS'],
    input: {
      notBefore: '2022-03-01T00:00:00Z',
      notAfter: '2027-01-29T15:59:59Z',
      today: '2026-01-01',
    },
    expect: { extended: false, extendedSource: 'inferred' },
  },
  {
    name: 'inference: 32 days before is extended',
    tests: ['C-DAYS'],
    input: {
      notBefore: '2022-03-01T00:00:00Z',
      notAfter: '2027-01-28T15:59:59Z',
      today: '2026-01-01',
    },
    expect: { extended: true, extendedSource: 'inferred' },
  },
  {
    name: 'inference works on Taipei dates: 16:00 UTC moves notAfter to day 32',
    tests: ['C-TZ'],
    input: {
      notBefore: '2022-03-01T00:00:00Z',
      notAfter: '2027-04-01T16:00:00Z',
      today: '2026-01-01',
    },
    expect: { extended: true, expiresOn: '2027-04-02' },
  },
  {
    name: 'inference from a 29 February start: nominal is 28 February (C-YEARS), +31 days original',
    tests: ['C-YEARS'],
    input: {
      notBefore: '2020-02-29T00:00:00Z',
      notAfter: '2025-03-31T15:59:59Z',
      today: '2024-01-01',
    },
    expect: { extended: false, expiresOn: '2025-03-31' },
  },
  {
    name: 'inference from a 29 February start: +32 days is extended',
    tests: ['C-YEARS'],
    input: {
      notBefore: '2020-02-29T00:00:00Z',
      notAfter: '2025-04-01T15:59:59Z',
      today: '2024-01-01',
    },
    expect: { extended: true },
  },
  {
    name: 'override: stated extended wins over dates that look original',
    tests: ['R-RENEW-ONLINE'],
    input: { ...ORIGINAL, today: '2026-12-31', extended: true },
    expect: {
      extended: true,
      extendedSource: 'stated',
      finalExpiresOn: '2027-03-01',
      status: 'renewal-window',
      windows: extendedWindows(true),
      actions: ['renew-online'],
    },
  },
  {
    name: 'override: stated original wins over dates that look extended',
    tests: ['R-EXT'],
    input: { ...EXTENDED, today: '2026-12-31', extended: false },
    expect: {
      extended: false,
      extendedSource: 'stated',
      finalExpiresOn: '2030-03-01',
      status: 'extension-window',
      windows: originalWindows(true),
      actions: ['extend'],
    },
  },
  {
    name: 'override agreeing with the inference is still reported as stated',
    tests: ['R-EXT'],
    input: { ...ORIGINAL, today: '2026-12-31', extended: false },
    expect: { extended: false, extendedSource: 'stated', status: 'extension-window' },
  },
];

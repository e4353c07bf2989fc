import { describe, expect, it } from 'vitest';
import { ACTION_RULES, advise, inferExtended } from '../../../src/advisor/advise';
import { addDays, daysBetween } from '../../../src/core/calendar';
import { InvalidInputError } from '../../../src/core/errors';
import type { AdvisorResult } from '../../../src/core/model';
import { adviseCases } from './cases/advise-cases';
import { specExample } from './spec';

describe('advise: the table', () => {
  it.each(adviseCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = advise(c.input);
    const { actions, ...fields } = c.expect;
    expect(result).toMatchObject(fields);
    if (actions) expect(result.actions.map((a) => a.id)).toEqual(actions);
    // The rules a row claims to check must be the rules the advice rests on.
    const rested = new Set(result.actions.flatMap((a) => a.rules));
    for (const rule of c.tests.filter((r) => r.startsWith('R-'))) {
      expect(rested, `${rule} in ${JSON.stringify(result.actions)}`).toContain(rule);
    }
  });
});

describe('advise: the spec', () => {
  it("reproduces the spec's example object exactly", () => {
    const example = specExample();
    const result = advise({
      notBefore: '2022-03-01T01:00:00Z',
      notAfter: '2027-03-01T15:59:59Z',
      today: example.today,
    });
    expect(result).toStrictEqual(example);
    // Same keys in the same order, so --json reads like the spec.
    expect(JSON.stringify(result)).toBe(JSON.stringify(example));
  });

  it('gives each action the rules the action catalogue names', () => {
    for (const c of adviseCases) {
      for (const a of advise(c.input).actions) {
        expect(a.rules).toEqual(ACTION_RULES[a.id as keyof typeof ACTION_RULES]);
      }
    }
  });
});

/** Every day from a week before notBefore to well past the 8-year limit. */
function sweep(input: { notBefore: string; notAfter: string; extended?: boolean }) {
  const results: AdvisorResult[] = [];
  for (let day = '2018-12-01'; day <= '2032-01-01'; day = addDays(day, 1)) {
    results.push(advise({ ...input, today: day }));
  }
  return results;
}

describe('advise: invariants over every day', () => {
  const certificates = {
    original: { notBefore: '2022-03-01T01:00:00Z', notAfter: '2027-03-01T15:59:59Z' },
    extended: { notBefore: '2019-03-01T01:00:00Z', notAfter: '2027-03-01T15:59:59Z' },
    'stated extended': {
      notBefore: '2022-03-01T01:00:00Z',
      notAfter: '2027-03-01T15:59:59Z',
      extended: true,
    },
  };

  it.each(Object.entries(certificates))('%s certificate', (_kind, cert) => {
    // Collected, then asserted once: ~5000 days are checked per certificate.
    const broken: string[] = [];
    const check = (ok: boolean, what: string, r: AdvisorResult) => {
      if (!ok) broken.push(`${r.today}: ${what} (${r.status}, daysLeft ${r.daysLeft})`);
    };
    for (const r of sweep(cert)) {
      check(r.daysLeft === daysBetween(r.today, r.expiresOn), 'daysLeft', r);
      check(r.actions.length > 0, 'no action', r);
      if (r.extended) {
        check(r.windows.extension === null, 'extension window on an extended certificate', r);
        check(
          !['extension-window', 'expired-extendable'].includes(r.status),
          'extension status',
          r,
        );
        check(r.finalExpiresOn === r.expiresOn, 'final expiry', r);
      } else {
        check(!r.windows.onlineRenewal.open, 'online renewal open for an original', r);
        check(r.status !== 'renewal-window', 'renewal status for an original', r);
      }
      if (r.status !== 'not-yet-valid') {
        const expiredStatus = ['expired-extendable', 'expired-reapply'].includes(r.status);
        check(expiredStatus === r.daysLeft < 0, 'expired status vs daysLeft', r);
      }
      for (const w of [r.windows.extension, r.windows.onlineRenewal]) {
        if (w?.open) check(r.today >= w.from && r.today <= w.to, 'open outside its bounds', r);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('advise: inference helper and input', () => {
  it('infers from Taipei dates with the 31-day tolerance', () => {
    expect(inferExtended('2022-03-01T00:00:00Z', '2027-04-01T15:59:59Z')).toBe(false);
    expect(inferExtended('2022-03-01T00:00:00Z', '2027-04-01T16:00:00Z')).toBe(true);
  });

  it('accepts Date objects as well as ISO strings', () => {
    const a = advise({
      notBefore: new Date('2022-03-01T01:00:00Z'),
      notAfter: new Date('2027-03-01T15:59:59Z'),
      today: '2027-01-10',
    });
    expect(a).toStrictEqual(specExample());
  });

  it('defaults to the system clock in Taipei', () => {
    const before = new Date();
    const result = advise({ notBefore: '2022-03-01T01:00:00Z', notAfter: '2027-03-01T15:59:59Z' });
    const expected = advise({
      notBefore: '2022-03-01T01:00:00Z',
      notAfter: '2027-03-01T15:59:59Z',
      now: before,
    }).today;
    // Only a run that straddles Taipei midnight could see the next day.
    expect([expected, addDays(expected, 1)]).toContain(result.today);
  });

  it.each([
    ['an unparseable notAfter', { notBefore: '2022-03-01T00:00:00Z', notAfter: 'soon' }],
    [
      'a notAfter before notBefore',
      { notBefore: '2027-03-01T00:00:00Z', notAfter: '2022-03-01T00:00:00Z' },
    ],
    [
      'a today that is not a date',
      { notBefore: '2022-03-01T00:00:00Z', notAfter: '2027-03-01T00:00:00Z', today: '2026-02-29' },
    ],
  ])('rejects %s with InvalidInputError', (_what, input) => {
    expect(() => advise(input)).toThrow(InvalidInputError);
  });
});

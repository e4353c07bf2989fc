/**
 * Every rule and convention ID in citizen-rules.md must be checked by some table row
 * (advise cases, calendar cases, situation cases, revocation cases); each table's own test asserts its rows.
 */
import { describe, expect, it } from 'vitest';
import { adviseCases } from './cases/advise-cases';
import { calendarCases } from '../core/calendar-cases';
import { situationCases } from './cases/situation-cases';
import { revocationCases } from './cases/revocation-cases';
import { SPEC_PATH, specRuleIds } from './spec';

describe('rule coverage', () => {
  const specIds = specRuleIds();

  it(`finds the rule IDs in ${SPEC_PATH}`, () => {
    expect(specIds.length).toBeGreaterThan(20);
    expect(specIds).toContain('R-EXT');
    expect(specIds).toContain('C-TZ');
  });

  it('asserts every rule ID of the spec somewhere in the tested data', () => {
    const tested = new Set(
      [...adviseCases, ...calendarCases, ...situationCases, ...revocationCases].flatMap(
        (c) => c.tests,
      ),
    );
    const untested = specIds.filter((id) => !tested.has(id));
    expect(untested).toEqual([]);
  });

  it('names no rule the spec does not define', () => {
    const all = [...adviseCases, ...calendarCases, ...situationCases, ...revocationCases].flatMap(
      (c) => c.tests,
    );
    expect(all.filter((id) => !specIds.includes(id))).toEqual([]);
  });
});

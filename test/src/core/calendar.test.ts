import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  dateParts,
  formatDate,
  parseInstant,
  taipeiDateOf,
  taipeiTimeOf,
} from '../../../src/core/calendar';
import { InvalidInputError } from '../../../src/core/errors';
import { calendarCases } from './calendar-cases';

describe('Taipei calendar conventions', () => {
  it.each(calendarCases.map((c) => [`${c.tests.join(' ')}: ${c.name}`, c] as const))(
    '%s',
    (_name, c) => {
      expect(c.run()).toEqual(c.expected);
    },
  );
});

describe('instants', () => {
  it.each([
    ['a date-time without a zone (it would depend on the machine)', '2026-03-01T10:00:00'],
    ['words', 'yesterday'],
    ['30 February', '2026-02-30T00:00:00Z'],
    ['hour 24', '2026-03-01T24:00:00Z'],
    ['an empty string', ''],
  ])('rejects %s with a typed error', (_what, value) => {
    expect(() => parseInstant(value)).toThrow(InvalidInputError);
  });

  it('rejects an invalid Date object', () => {
    expect(() => taipeiDateOf(new Date('nope'))).toThrow(InvalidInputError);
  });

  it('rejects a malformed calendar date', () => {
    expect(() => dateParts('2026-02-29')).toThrow(InvalidInputError);
    expect(() => addDays('1 March', 1)).toThrow(InvalidInputError);
  });

  it('keeps fractions of a second and offsets without a colon', () => {
    expect(parseInstant('2026-03-01T00:00:00.5+0800').toISOString()).toBe(
      '2026-02-28T16:00:00.500Z',
    );
  });

  it('reports the Taipei time of day of an instant', () => {
    expect(taipeiTimeOf('2027-03-01T15:59:59Z')).toBe('23:59:59');
    expect(taipeiTimeOf('2026-02-28T16:00:00Z')).toBe('00:00:00');
  });
});

describe('independence from the machine time zone', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Taipei'])(
    'gives the same Taipei dates with TZ=%s',
    (tz) => {
      process.env.TZ = tz;
      expect(taipeiDateOf('2026-02-28T16:00:00Z')).toBe('2026-03-01');
      expect(taipeiDateOf('2026-03-01')).toBe('2026-03-01');
      expect(addDays('2026-03-08', -1)).toBe('2026-03-07');
      expect(formatDate('2026-03-01', 'en')).toBe('1 March 2026 (ROC 115/03/01)');
    },
  );
});

import { describe, expect, it } from 'vitest';
import { knownReport } from '../../bench/known';

const figures = (knownApdus: number) => ({
  coldApdus: 38,
  knownApdus,
  coldTimes: [10, 12, 11],
  knownTimes: [5, 6, 5],
  reused: { osVersion: true, certificates: 4 },
});

describe('bench --known', () => {
  it('passes at half the APDUs of a cold read or fewer, and prints both', () => {
    const { pass, lines } = knownReport(figures(19));
    expect(pass).toBe(true);
    expect(lines.join('\n')).toMatch(/first read \(cold\)\s+38\s+11\.0 ms/);
    expect(lines.join('\n')).toMatch(/remembered card\s+19\s+5\.00 ms/);
    expect(lines.at(-1)).toBe("PASS  known APDUs 19 <= 19.0 (50 % of a cold read's 38)");
  });

  it('fails above half', () => {
    const { pass, lines } = knownReport(figures(20));
    expect(pass).toBe(false);
    expect(lines.at(-1)).toMatch(/^FAIL {2}known APDUs 20 <= 19\.0/);
  });
});

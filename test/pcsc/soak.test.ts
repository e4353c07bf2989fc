/**
 * The short form of `npm run soak` (docs/reliability.md): 30 insert/remove cycles through
 * pcscd + vpcd with the app's card service and backend listening. Memory stays flat,
 * and this process's descriptors and pcscd's client connections are back where they were.
 */
import { describe, expect, it } from 'vitest';
import { pcscdStatus } from '../helpers/pcscd';
import { soak, soakLine } from '../reliability/soak';
import { pcscEnv } from './support';

describe.skipIf(!pcscEnv.available)('soak, short form', () => {
  it('30 insert/remove cycles: no failure, RSS +<10 MiB, descriptors and pcscd connections back', async () => {
    const { pid } = await pcscdStatus();
    const figures = await soak({ cycles: 30, warmup: 3, pcscdPid: pid });
    const line = soakLine(figures);
    expect(figures.cycles, line).toBe(30);
    expect(figures.examples, line).toEqual([]);
    expect(figures.rssGrowthMiB, line).toBeLessThan(10);
    expect(figures.fdsAfter, line).toBeLessThanOrEqual(figures.fdsBefore);
    if (figures.pcscdFdsBefore !== null) {
      expect(figures.pcscdFdsAfter, line).toBeLessThanOrEqual(figures.pcscdFdsBefore);
    }
    // Each cycle reached the page's side: inserted, identified, removed at least.
    expect(figures.events, line).toBeGreaterThanOrEqual(3 * 30);
  }, 120_000);
});

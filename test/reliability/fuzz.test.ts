/**
 * The short, seeded form of `npm run fuzz` (docs/reliability.md): the same properties as
 * the long runs, a few hundred cases each, so every `npm test` replays them. A failure
 * prints the first cases that broke a rule; rerun them with `npm run fuzz -- --seed N`.
 */
import { describe, expect, it } from 'vitest';
import { fuzzBrowserHost } from './browser-host';
import { fuzzCardAnswers } from './card-answers';
import { figuresLine, type FuzzFigures } from './figures';
import { fuzzFiles } from './files';

const SEED = 20261203;

function expectNoFailures(figures: FuzzFigures, runs: number): void {
  expect(figures.cases, figuresLine(figures)).toBeGreaterThanOrEqual(runs);
  expect(figures.examples, figuresLine(figures)).toEqual([]);
  expect(figures.failures).toBe(0);
}

describe('reliability suite, short form', () => {
  it('card answers: 300 bent cards, each read ends typed, bounded, with no PIN byte sent', async () => {
    const figures = await fuzzCardAnswers({ runs: 300, seed: SEED });
    expectNoFailures(figures, 300);
    // The cases did bend the answers: reads ended in typed errors and in timeouts.
    expect(figures.detail.typedErrors).toBeGreaterThan(0);
    expect(figures.detail.timeouts).toBeGreaterThan(0);
  }, 120_000);

  it('files: 500 bent certificates, directories, state files, settings and reports', async () => {
    const figures = await fuzzFiles({ runs: 500, seed: SEED });
    expectNoFailures(figures, 500);
    for (const kind of ['certificate', 'cdf', 'state', 'settings', 'report']) {
      expect(figures.detail[kind], kind).toBeGreaterThan(0);
    }
  }, 120_000);

  it('browser host: 100 hostile connections, then 5,000 requests over the bridge and by HTTP', async () => {
    const figures = await fuzzBrowserHost({ runs: 100, seed: SEED, flood: 5000 });
    expectNoFailures(figures, 102);
    expect(figures.detail.floodRequests).toBe(10_000);
  }, 180_000);
});

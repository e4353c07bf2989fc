/**
 * `npm run fuzz`: the long runs of the reliability suite (docs/reliability.md), by hand.
 *
 *   npm run fuzz                              card answers 100,000 · files 10,000 · host 10,000
 *   npm run fuzz -- --only card --runs 5000   one target, another count
 *   npm run fuzz -- --seed 42                 another seed (default: FUZZ_SEED or 20261203)
 *
 * FUZZ_RUNS and FUZZ_SEED set the count and the seed too. Prints one line of figures per
 * target and the first failing cases; exits 1 when any case failed.
 */
import { parseArgs } from 'node:util';
import { fuzzBrowserHost } from '../test/reliability/browser-host';
import { fuzzCardAnswers } from '../test/reliability/card-answers';
import { figuresLine, type FuzzFigures, type FuzzOptions } from '../test/reliability/figures';
import { fuzzFiles } from '../test/reliability/files';

const TARGETS = {
  card: { runs: 100_000, run: (o: FuzzOptions) => fuzzCardAnswers(o) },
  files: { runs: 10_000, run: (o: FuzzOptions) => fuzzFiles(o) },
  host: { runs: 10_000, run: (o: FuzzOptions) => fuzzBrowserHost({ ...o, flood: 5_000 }) },
} as const;
type Target = keyof typeof TARGETS;

const { values } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    runs: { type: 'string' },
    seed: { type: 'string' },
  },
});

const count = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`not a count: ${text}`);
  return n;
};

const chosen = (values.only ?? Object.keys(TARGETS)) as Target[];
for (const t of chosen)
  if (!(t in TARGETS)) throw new Error(`unknown target ${t}: card, files, host`);
const seed = count(values.seed ?? process.env.FUZZ_SEED) ?? 20261203;
const runs = count(values.runs ?? process.env.FUZZ_RUNS);

let failed = false;
const rssBefore = process.memoryUsage().rss;
for (const target of chosen) {
  const { runs: usual, run } = TARGETS[target];
  let shown = 0;
  const figures: FuzzFigures = await run({
    runs: runs ?? usual,
    seed,
    progress: (f) => {
      if (f.cases - shown >= 10_000) {
        shown = f.cases;
        process.stderr.write(`  ${f.target}: ${f.cases} cases, ${f.failures} failures so far\n`);
      }
    },
  });
  console.log(`${figuresLine(figures)} [seed ${seed}]`);
  for (const example of figures.examples) console.log(`  failed: ${JSON.stringify(example)}`);
  failed ||= figures.failures > 0;
}
const grown = (process.memoryUsage().rss - rssBefore) / (1024 * 1024);
console.log(`node ${process.version}, ${process.platform}; RSS grew ${grown.toFixed(1)} MiB`);
process.exitCode = failed ? 1 : 0;

/**
 * `npm run bench`: the size of the production renderer (renderer-bench.ts), the status read
 * against a bare pcsclite loop (status-bench.ts), then insert → card on screen
 * (insert-latency.ts), each in its own process, one after the other.
 * Options go to the part that knows them; --quickack to both. Exits with the worse code.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { optionsFor } from './options';

const STATUS_OPTIONS = new Set(['--runs', '--scenario', '--slot', '--quickack', '--known']);
const LATENCY_OPTIONS = new Set(['--inserts', '--quickack']);
/** Options without a value. */
const FLAGS = new Set(['--known']);

const argv = process.argv.slice(2);
const unknown = argv.filter(
  (a) =>
    a.startsWith('--') &&
    !STATUS_OPTIONS.has(a.split('=')[0]!) &&
    !LATENCY_OPTIONS.has(a.split('=')[0]!),
);
if (unknown.length > 0) {
  console.error(`unknown option ${unknown.join(', ')} (see docs/benchmark.md)`);
  process.exit(2);
}
let worst = 0;
for (const [script, known] of [
  ['renderer-bench.ts', new Set<string>()],
  ['status-bench.ts', STATUS_OPTIONS],
  ['insert-latency.ts', LATENCY_OPTIONS],
] as const) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', path, ...optionsFor(known, argv, FLAGS)],
    {
      stdio: 'inherit',
    },
  );
  worst = Math.max(worst, child.status ?? 2);
}
process.exit(worst);

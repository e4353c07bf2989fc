/**
 * `npm run soak`: the long soak of the reliability suite (docs/reliability.md), by hand.
 *
 *   npm run soak                      1,000 insert/remove cycles
 *   npm run soak -- --cycles 200      another count (or SOAK_CYCLES)
 *
 * Needs pcscd with the vpcd driver (docs/pcsc-linux.md); starts one if none runs and it may
 * (root), and takes the same run lock as the PC/SC tests, so it never shares pcscd's vpcd
 * readers with them. Run it with memory collection available for a fair RSS figure:
 * `npm run soak` does (tsx --expose-gc). Exits 1 when a limit is broken: a failed
 * cycle, RSS growth of 10 MiB or more, descriptors or pcscd connections not back.
 */
import { parseArgs } from 'node:util';
import { acquireRunLock, ensurePcscd, stopOwnedPcscd } from '../test/helpers/pcscd';
import { soak, soakLine } from '../test/reliability/soak';

const { values } = parseArgs({ options: { cycles: { type: 'string' } } });
const cycles = Number(values.cycles ?? process.env.SOAK_CYCLES ?? 1000);
if (!Number.isSafeInteger(cycles) || cycles < 1) throw new Error(`not a count: ${cycles}`);

const release = await acquireRunLock(undefined, (holder) =>
  process.stderr.write(`waiting for the PC/SC test run of pid ${holder}\n`),
);
try {
  const status = await ensurePcscd();
  const figures = await soak({
    cycles,
    warmup: 10,
    pcscdPid: status.pid,
    progress: (cycle, f) => {
      if (cycle % 100 === 0) process.stderr.write(`  ${cycle} cycles, ${f.failures} failures\n`);
    },
  });
  console.log(soakLine(figures));
  for (const example of figures.examples) console.log(`  failed: ${example}`);
  const gc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  console.log(
    `node ${process.version}; memory collected before each RSS figure: ${gc ? 'yes' : 'no'}`,
  );
  const broken =
    figures.failures > 0 ||
    figures.rssGrowthMiB >= 10 ||
    figures.fdsAfter > figures.fdsBefore ||
    (figures.pcscdFdsBefore !== null && figures.pcscdFdsAfter! > figures.pcscdFdsBefore);
  process.exitCode = broken ? 1 : 0;
} finally {
  await stopOwnedPcscd();
  release();
}

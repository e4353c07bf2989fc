/**
 * `npm run bench`, second part: insert → card on screen, through the whole app as a person
 * meets it: a virtual card connects to vpcd, pcscd notices it, the PC/SC card service
 * announces it, the browser host pushes it, the page in Chromium asks for the status, the
 * card is read, and the card number is rendered. See docs/benchmark.md "Insert to screen".
 *
 *   npm run bench -- [--inserts N] [--quickack on|off]
 *
 * Reports median and p90 of the whole, and of its first part (pcscd noticing the card),
 * with the loopback quickack setting it ran with; goal: median ≤ 500 ms.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RunningApp } from '../test/e2e/harness';
import { CHROMIUM } from '../test/e2e/global-setup';
import { insertLatencies } from '../test/e2e/latency';
import { runBenchmark, withPcscBench } from './pcsc-bench';
import { median, percentile } from './stats';

const GOAL_MS = 500;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      inserts: { type: 'string', default: '20' },
      quickack: { type: 'string' },
    },
  });
  const inserts = Number(values.inserts);
  if (!Number.isInteger(inserts) || inserts < 1) {
    throw new Error('--inserts must be a positive integer');
  }
  if (!existsSync(CHROMIUM)) {
    console.log(`insert → screen: SKIPPED, ${CHROMIUM} is missing (sudo apt-get install chromium)`);
    return 0;
  }
  return withPcscBench(values.quickack, async ({ quickack, cleanups }) => {
    const running = await RunningApp.start();
    cleanups.push(() => running.close());
    await running.readersReady();
    const samples = await insertLatencies(running, running.app, inserts);
    const totals = samples.map((s) => s.total);
    const noticed = samples.map((s) => s.noticed);
    const rest = samples.map((s) => s.total - s.noticed);
    const pass = median(totals) <= GOAL_MS;
    const row = (name: string, values: number[]) =>
      `${name.padEnd(34)}${`${median(values)} ms`.padStart(10)}${`${percentile(values, 90)} ms`.padStart(10)}`;
    console.log(
      [
        '',
        `insert → card on screen: ${inserts} insertions (+1 warm-up), scenario fresh, ` +
          `browser host + ${CHROMIUM}`,
        `loopback quickack: ${quickack.state}${quickack.route ? `  (${quickack.route})` : ''}`,
        '',
        `${''.padEnd(34)}${'median'.padStart(10)}${'p90'.padStart(10)}`,
        row('connect → card on screen', totals),
        row('  connect → service sees the card', noticed),
        row('  → read, pushed, rendered', rest),
        '',
        `${pass ? 'PASS' : 'FAIL'}  median ${median(totals)} ms <= ${GOAL_MS} ms`,
      ].join('\n'),
    );
    return pass ? 0 : 1;
  });
}

runBenchmark(main);

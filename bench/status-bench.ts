/**
 * `npm run bench`: how much a full status read costs through the app's real PC/SC path
 * (card service + driver, pcscd, vpcd, the virtual card), against the same APDUs replayed
 * by a bare pcsclite loop, in one run. See README "Benchmark" for the targets and the figures.
 *
 *   npm run bench -- [--runs N] [--scenario NAME] [--slot N] [--quickack on|off] [--known]
 *
 * --quickack sets loopback's TCP quickack for the run and puts the route back afterwards
 * (root only); without it the machine's setting is used and reported. --known adds a re-read
 * of the same card once it is remembered (bench/known.ts), against a first read.
 */
import { parseArgs } from 'node:util';
import { CardDriver } from '../src/card';
import type { CardTransport } from '../src/card/transport';
import { createVirtualCard, type ScenarioName } from '../src/virtual-card';
import { connectToVpcd, vpcdReaderName } from '../src/virtual-card/vpcd-link';
import { createCardService } from '../src/sources/pcsc';
import { openBareReader } from './bare-loop';
import { knownReport, measureKnown } from './known';
import { minimumApdus } from './minimum';
import { runBenchmark, withPcscBench } from './pcsc-bench';
import { median, percentile } from './stats';

const APDU_TARGET = 1.1;
const TIME_TARGET = 1.2;

interface Recording {
  commands: Buffer[];
  bytesOut: number;
  bytesIn: number;
}

/** Passes every APDU through and, when asked, keeps a copy for the bare replay. */
function recording(transport: CardTransport, into: Recording | null): CardTransport {
  return {
    atr: transport.atr,
    readerName: transport.readerName,
    withTransaction: (work, options) => transport.withTransaction(work, options),
    async transmit(command) {
      const response = await transport.transmit(command);
      if (into) {
        into.commands.push(Buffer.from(command));
        into.bytesOut += command.length;
        into.bytesIn += response.length;
      }
      return response;
    },
  };
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '30' },
      scenario: { type: 'string', default: 'fresh' },
      slot: { type: 'string', default: '0' },
      quickack: { type: 'string' },
      known: { type: 'boolean' },
    },
  });
  const runs = Number(values.runs);
  const slot = Number(values.slot);
  const scenario = values.scenario as ScenarioName;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');

  return withPcscBench(values.quickack, async ({ quickack, pcscdStarted, cleanups }) => {
    const now = () => new Date();
    const card = await createVirtualCard({ scenario, now });
    const link = await connectToVpcd(card, { slot });
    cleanups.push(() => link.remove());
    const reader = vpcdReaderName(slot);

    const service = createCardService();
    cleanups.push(() => service.close());
    await service.waitForCard(reader, 5000);
    const bare = await openBareReader(reader);
    cleanups.push(async () => bare.close());

    const appRun = async (record: Recording | null) => {
      const start = performance.now();
      const summary = await service.withCard(reader, (transport) =>
        new CardDriver(recording(transport, record)).readCardSummary(),
      );
      const elapsed = performance.now() - start;
      if (summary.problems.length) {
        throw new Error(
          `status read incomplete: ${summary.problems.map((p) => p.item).join(', ')}`,
        );
      }
      return { elapsed, apdus: summary.apduCount, pinChannel: summary.identity.pinChannel };
    };

    // The first run of each warms up (module JIT, pcscd's reader thread) and is not timed;
    // the app's first run is also the recording the bare loop replays.
    const recorded: Recording = { commands: [], bytesOut: 0, bytesIn: 0 };
    const first = await appRun(recorded);
    await bare.replay(recorded.commands);

    const appTimes: number[] = [];
    const bareTimes: number[] = [];
    // Interleaved, so drift in the machine's load hits both loops alike.
    for (let i = 0; i < runs; i++) {
      const run = await appRun(null);
      if (run.apdus !== first.apdus) throw new Error('APDU count changed between runs');
      appTimes.push(run.elapsed);
      bareTimes.push(await bare.replay(recorded.commands));
    }

    const minimum = await minimumApdus(
      await createVirtualCard({ scenario, now }),
      first.pinChannel === 'iso',
    );
    const appMedian = median(appTimes);
    const bareMedian = median(bareTimes);
    const ratio = appMedian / bareMedian;
    const apduLimit = minimum.total * APDU_TARGET;
    const apduPass = first.apdus <= apduLimit;
    const timePass = ratio <= TIME_TARGET;

    const lines = [
      `status benchmark: scenario ${scenario}, ${runs} runs each (+1 warm-up), reader "${reader}"`,
      `loopback quickack: ${quickack.state}${quickack.route ? `  (${quickack.route})` : ''}`,
      `pcscd: ${pcscdStarted ? 'started by the benchmark' : 'already running'}`,
      '',
      `APDUs per status read: ${first.apdus}   minimum the card profile allows: ${minimum.total}` +
        ` (probe ${minimum.probe}, identity ${minimum.identity}, directory ${minimum.directory},` +
        ` certificates ${minimum.certificates}, tries ${minimum.tries})`,
      `bytes per status read: ${recorded.bytesOut} sent, ${recorded.bytesIn} received`,
      `  CDF ${minimum.cdfBytes} bytes; certificates ${minimum.certificateBytes.join(', ')} bytes`,
      '',
      `                          median        p90`,
      `app (service + driver)  ${ms(appMedian).padStart(10)} ${ms(percentile(appTimes, 90)).padStart(10)}`,
      `bare pcsclite loop      ${ms(bareMedian).padStart(10)} ${ms(percentile(bareTimes, 90)).padStart(10)}`,
      `ratio (median)          ${ratio.toFixed(3).padStart(10)}`,
      `per APDU (median)       ${ms(appMedian / first.apdus).padStart(10)} ${ms(bareMedian / first.apdus).padStart(10)} (app, bare)`,
      '',
      `${apduPass ? 'PASS' : 'FAIL'}  APDU count ${first.apdus} <= ${apduLimit.toFixed(1)} (${Math.round(APDU_TARGET * 100)} % of ${minimum.total})`,
      `${timePass ? 'PASS' : 'FAIL'}  median ${ms(appMedian)} <= ${TIME_TARGET} x bare ${ms(bareMedian)} (ratio ${ratio.toFixed(3)})`,
    ];
    let knownPass = true;
    if (values.known) {
      const known = knownReport(await measureKnown(service, reader, runs));
      lines.push('', ...known.lines);
      knownPass = known.pass;
    }
    console.log(lines.join('\n'));
    return apduPass && timePass && knownPass ? 0 : 1;
  });
}

runBenchmark(main);

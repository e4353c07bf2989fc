/**
 * `npm run bench -- --known`: a re-read of a remembered card against a first read, on the
 * same PC/SC path. The card is remembered through the real store (a temporary data folder),
 * and each known read looks it up there first, as the app and `status` do, so the time
 * includes reading known-cards.json. Target: at most half the APDUs of a first read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CardDriver, type CardSummary } from '../src/card';
import { userDirs } from '../src/platform';
import { buildCardStatus } from '../src/service/card-status';
import { KnownCards } from '../src/service/known-cards';
import type { CardSource } from '../src/sources/card-source';
import { median, percentile } from './stats';

export const KNOWN_TARGET = 0.5;

export interface KnownFigures {
  coldApdus: number;
  knownApdus: number;
  coldTimes: number[];
  knownTimes: number[];
  reused: NonNullable<CardSummary['reused']>;
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

export async function measureKnown(
  source: CardSource,
  reader: string,
  runs: number,
): Promise<KnownFigures> {
  const home = mkdtempSync(join(tmpdir(), 'ccm-bench-known-'));
  try {
    const known = new KnownCards(userDirs({ CITIZEN_CARD_HOME: home }));
    const cold = async () => {
      const start = performance.now();
      const s = await source.withCard(reader, (t) => new CardDriver(t).readCardSummary());
      return { s, elapsed: performance.now() - start };
    };
    const again = async () => {
      const start = performance.now();
      const { lookup } = await known.hints();
      const s = await source.withCard(reader, (t) =>
        new CardDriver(t).readCardSummary({ known: lookup }),
      );
      return { s, elapsed: performance.now() - start };
    };
    // Warm-up, and the read that gets remembered.
    const first = (await cold()).s;
    if (first.problems.length) throw new Error('the first read was incomplete');
    const report = buildCardStatus(first, { now: new Date() });
    if (!(await known.afterRead(report, new Date(), true)).remembered) {
      throw new Error('the card could not be remembered');
    }
    const warm = (await again()).s;
    if (!warm.reused) throw new Error('the remembered card was not recognised');

    const coldTimes: number[] = [];
    const knownTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const c = await cold();
      const k = await again();
      if (c.s.apduCount !== first.apduCount || k.s.apduCount !== warm.apduCount) {
        throw new Error('APDU count changed between runs');
      }
      coldTimes.push(c.elapsed);
      knownTimes.push(k.elapsed);
    }
    return {
      coldApdus: first.apduCount,
      knownApdus: warm.apduCount,
      coldTimes,
      knownTimes,
      reused: warm.reused,
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** The report lines and whether the target is met. */
export function knownReport(f: KnownFigures): { lines: string[]; pass: boolean } {
  const limit = f.coldApdus * KNOWN_TARGET;
  const pass = f.knownApdus <= limit;
  const row = (label: string, apdus: number, times: number[]) =>
    `${label.padEnd(24)}${String(apdus).padStart(6)} ${ms(median(times)).padStart(10)} ${ms(percentile(times, 90)).padStart(10)}`;
  return {
    pass,
    lines: [
      `re-read of a remembered card (--known), ${f.coldTimes.length} runs each, interleaved:`,
      `${''.padEnd(24)} APDUs     median        p90`,
      row('first read (cold)', f.coldApdus, f.coldTimes),
      row('remembered card', f.knownApdus, f.knownTimes),
      `known / cold              ${((f.knownApdus / f.coldApdus) * 100).toFixed(1)} % of the APDUs, ${((median(f.knownTimes) / median(f.coldTimes)) * 100).toFixed(1)} % of the median time`,
      `taken from memory: OS version ${f.reused.osVersion ? 'yes' : 'no'}, certificates ${f.reused.certificates}`,
      '',
      `${pass ? 'PASS' : 'FAIL'}  known APDUs ${f.knownApdus} <= ${limit.toFixed(1)} (${KNOWN_TARGET * 100} % of a cold read's ${f.coldApdus})`,
    ],
  };
}

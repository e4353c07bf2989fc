/**
 * The soak of docs/reliability.md: a virtual card inserted into a vpcd reader and pulled
 * again, cycle after cycle, through the machine's pcscd, with the app's card service and its
 * IPC backend listening (identification on insertion, a `card:status` read, every event
 * pushed to a subscriber) as in the app. Before and after: this process's resident memory
 * and open file descriptors, and pcscd's open descriptors (one per client connection).
 * Needs pcscd with the vpcd driver (test/helpers/pcscd.ts).
 */
import { readdirSync } from 'node:fs';
import { createCardBackend } from '../../src/service/handlers';
import { createCardService } from '../../src/sources/pcsc';
import { createVirtualCard } from '../../src/virtual-card';
import { connectToVpcd, vpcdReaderName } from '../../src/virtual-card/vpcd-link';
import type { CardService } from '../../src/sources/pcsc';

export interface SoakOptions {
  cycles: number;
  /** Cycles run before the baseline is taken (module loading, first allocations). */
  warmup?: number;
  /** pcscd's PID, to count its descriptors; null: not counted. */
  pcscdPid: number | null;
  slot?: number;
  progress?: (cycle: number, figures: SoakFigures) => void;
}

export interface SoakFigures {
  cycles: number;
  seconds: number;
  failures: number;
  examples: string[];
  rssBeforeMiB: number;
  rssAfterMiB: number;
  rssGrowthMiB: number;
  fdsBefore: number;
  fdsAfter: number;
  pcscdFdsBefore: number | null;
  pcscdFdsAfter: number | null;
  events: number;
}

const MiB = 1024 * 1024;
const SETTLE_MS = 500;

export const openFds = (pid: number | 'self' = 'self'): number =>
  readdirSync(`/proc/${pid}/fd`).length;

function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error(`${what} not within ${ms} ms`));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

const present = (service: CardService, reader: string) =>
  service.readers().find((r) => r.name === reader);

/** Memory once the collector ran (when the process was started with --expose-gc). */
async function settledRss(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().rss;
}

export async function soak(options: SoakOptions): Promise<SoakFigures> {
  const slot = options.slot ?? 0;
  const reader = vpcdReaderName(slot);
  const card = await createVirtualCard({ scenario: 'fresh' });
  const service = createCardService();
  const backend = createCardBackend({
    source: service,
    appInfo: {
      name: 'soak',
      version: '0',
      runtime: 'browser',
      platform: process.platform,
      demoScenario: null,
    },
    log: () => undefined,
  });
  const figures: SoakFigures = {
    cycles: 0,
    seconds: 0,
    failures: 0,
    examples: [],
    rssBeforeMiB: 0,
    rssAfterMiB: 0,
    rssGrowthMiB: 0,
    fdsBefore: 0,
    fdsAfter: 0,
    pcscdFdsBefore: null,
    pcscdFdsAfter: null,
    events: 0,
  };
  const unsubscribe = backend.subscribe(() => figures.events++);

  const cycle = async (): Promise<void> => {
    await until(() => !present(service, reader)?.cardPresent, 3000, `${reader} empty`);
    const link = await connectToVpcd(card, { slot });
    try {
      await until(() => !!present(service, reader)?.identity, 5000, 'card identified');
      const status = await backend.invoke('card:status', { reader });
      if (!status.ok) throw new Error(`card:status: ${status.error.messageKey}`);
    } finally {
      await link.remove();
    }
    await until(() => !present(service, reader)?.cardPresent, 3000, `${reader} empty again`);
  };

  try {
    await until(() => !!present(service, reader), 5000, `${reader} listed`);
    for (let i = 0; i < (options.warmup ?? 5); i++) await cycle();
    const rssBefore = await settledRss();
    figures.rssBeforeMiB = rssBefore / MiB;
    figures.fdsBefore = openFds();
    if (options.pcscdPid !== null) figures.pcscdFdsBefore = openFds(options.pcscdPid);
    const started = performance.now();
    for (let i = 0; i < options.cycles; i++) {
      try {
        await cycle();
      } catch (err) {
        figures.failures++;
        if (figures.examples.length < 5)
          figures.examples.push(`cycle ${i}: ${(err as Error).message}`);
      }
      figures.cycles++;
      options.progress?.(i + 1, figures);
    }
    figures.seconds = (performance.now() - started) / 1000;
    const rssAfter = await settledRss();
    figures.rssAfterMiB = rssAfter / MiB;
    figures.rssGrowthMiB = (rssAfter - rssBefore) / MiB;
    figures.fdsAfter = openFds();
    if (options.pcscdPid !== null) figures.pcscdFdsAfter = openFds(options.pcscdPid);
  } finally {
    unsubscribe();
    backend.close();
    await service.close();
  }
  return figures;
}

export function soakLine(f: SoakFigures): string {
  const pcscd =
    f.pcscdFdsBefore === null
      ? 'pcscd fds not counted'
      : `pcscd fds ${f.pcscdFdsBefore} → ${f.pcscdFdsAfter}`;
  return (
    `soak: ${f.cycles} insert/remove cycles, ${f.failures} failures, ${f.seconds.toFixed(1)} s; ` +
    `RSS ${f.rssBeforeMiB.toFixed(1)} → ${f.rssAfterMiB.toFixed(1)} MiB (${f.rssGrowthMiB >= 0 ? '+' : ''}${f.rssGrowthMiB.toFixed(1)}), ` +
    `fds ${f.fdsBefore} → ${f.fdsAfter}, ${pcscd}, ${f.events} events`
  );
}

/**
 * Opening the card source a command works on (the PC/SC card service, or the in-process
 * virtual card with --virtual), waiting until it knows its readers, choosing one, and
 * closing it afterwards whatever happens.
 */
import type { CardSource, CardSourceEvents, ReaderState } from '../sources/card-source';
import { PcscUnavailableError } from '../core/errors';
import { createVirtualSource, DEMO_READER } from '../sources/virtual-source';
import type { ScenarioName } from '../virtual-card/scenarios';
import { stringOption, type CliContext, type OptionSpec } from './context';
import { chooseReader } from '../sources/reader-choice';

/** Options every card command takes. */
export const CARD_OPTIONS: Record<string, OptionSpec> = {
  reader: { type: 'string' },
  virtual: { type: 'string' },
  state: { type: 'string' },
};

// pcsclite announces readers, then each reader's first status, a few milliseconds apart,
// and never says "that was all": the source is settled once it has been quiet this long.
const QUIET_MS = 150;
const SETTLE_LIMIT_MS = 2000;

/**
 * Resolves once the source has reported its readers and their cards; rejects with
 * PcscUnavailableError when it reports that PC/SC itself is down.
 */
function settle(source: CardSource, quietMs = QUIET_MS, limitMs = SETTLE_LIMIT_MS): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const events: Array<keyof CardSourceEvents> = [
      'reader-added',
      'reader-removed',
      'card-inserted',
      'card-removed',
      'pcsc-up',
    ];
    let quiet: NodeJS.Timeout;
    const done = (err?: Error): void => {
      clearTimeout(quiet);
      clearTimeout(limit);
      for (const e of events) source.off(e, onActivity);
      source.off('pcsc-down', onDown);
      if (err) reject(err);
      else resolve();
    };
    const onActivity = (): void => {
      clearTimeout(quiet);
      quiet = setTimeout(() => done(), quietMs);
    };
    const onDown = (payload: { reason: string }): void =>
      done(new PcscUnavailableError(payload.reason));
    for (const e of events) source.on(e, onActivity);
    source.on('pcsc-down', onDown);
    const limit = setTimeout(() => done(), limitMs);
    onActivity();
  });
}

/** A service that went down before anyone listened still says so in its status. */
export function reportsPcscDown(source: CardSource): boolean {
  return (source as { status?: unknown }).status === 'down';
}

/**
 * A just-opened source, once usable: a PC/SC one has reported its readers and PC/SC is
 * up. Otherwise it is closed and the error thrown, so the caller never holds a dead one.
 * The CLI's commands and the app's Diagnose screen (its own PC/SC source in demo mode)
 * both open sources through this.
 */
export async function readySource(source: CardSource): Promise<CardSource> {
  try {
    if (source.kind === 'pcsc') await settle(source);
    if (reportsPcscDown(source)) throw new PcscUnavailableError();
    return source;
  } catch (err) {
    await source.close();
    throw err;
  }
}

/** The default for --virtual: one demo reader holding a card of that scenario. */
export function openVirtualSource(
  scenario: string | undefined,
  statePath: string | undefined,
  now: (() => Date) | undefined,
): Promise<CardSource> {
  // createVirtualCard checks the name and lists the valid ones (exit 2) when it is unknown.
  const card = { scenario: scenario as ScenarioName | undefined, statePath };
  return createVirtualSource([{ reader: DEMO_READER, card }], { now });
}

export async function openCardSource(ctx: CliContext): Promise<CardSource> {
  const scenario = stringOption(ctx, 'virtual');
  const statePath = stringOption(ctx, 'state');
  let source: CardSource;
  if (scenario !== undefined || statePath !== undefined) {
    const open = ctx.services.openVirtual ?? openVirtualSource;
    source = await open(scenario, statePath, ctx.services.now);
  } else {
    if (!ctx.services.openPcsc) throw new PcscUnavailableError('no PC/SC support in this build');
    source = await ctx.services.openPcsc();
  }
  return readySource(source);
}

/** Opens the source, picks the reader (--reader or the only card), runs `work`, closes. */
export async function withChosenReader<T>(
  ctx: CliContext,
  work: (source: CardSource, reader: ReaderState) => Promise<T>,
): Promise<T> {
  const source = await openCardSource(ctx);
  try {
    const reader = chooseReader(source.readers(), stringOption(ctx, 'reader'));
    return await work(source, reader);
  } finally {
    await source.close();
  }
}

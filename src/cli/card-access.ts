/**
 * The CLI's side of opening a card source: which one the options ask for (the PC/SC card
 * service, or the in-process virtual card with --virtual / --state), and --reader.
 * Settling, reader choice and closing a dead source belong to src/sources.
 */
import type { CardSource, ReaderState } from '../sources/card-source';
import { PcscUnavailableError } from '../core/errors';
import { openVirtualSource, readySource } from '../sources';
import { stringOption, type CliContext, type OptionSpec } from './context';

/** Options every card command takes. */
export const CARD_OPTIONS: Record<string, OptionSpec> = {
  reader: { type: 'string' },
  virtual: { type: 'string' },
  state: { type: 'string' },
};

export async function openCardSource(ctx: CliContext): Promise<CardSource> {
  const scenario = stringOption(ctx, 'virtual');
  const statePath = stringOption(ctx, 'state');
  let source: CardSource;
  if (scenario !== undefined || statePath !== undefined) {
    source = ctx.services.openVirtual
      ? await ctx.services.openVirtual(scenario, statePath, ctx.services.now)
      : await openVirtualSource(scenario, statePath, { now: ctx.services.now });
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
    const reader = source.chooseReader(stringOption(ctx, 'reader'));
    return await work(source, reader);
  } finally {
    await source.close();
  }
}

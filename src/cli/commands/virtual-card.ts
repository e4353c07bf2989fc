/**
 * `citizen-card virtual-card --scenario NAME [--slot N] [--state FILE]`: puts a virtual
 * card into one of vpcd's readers, so pcscd (and every PC/SC program on the machine,
 * this app's own card service included) sees a real card insertion. The card stays in
 * until the process is stopped; SIGINT / SIGTERM pull it out cleanly (exit 0).
 */
import { AppError, InvalidInputError } from '../../core/errors';
import { t } from '../../core/i18n';
import { createVirtualCard, isScenarioName, SCENARIOS } from '../../virtual-card';
import { connectToVpcd, vpcdReaderName, type VpcdLink } from '../../virtual-card/vpcd-link';
import type { SimulatedCard } from '../../virtual-card/types';
import { stringOption, type CliCommand } from '../context';
import { EXIT } from '../exit-codes';

/** vpcd's default configuration has two slots; a custom one may have more ports. */
const MAX_SLOT = 15;
const AUTO_SLOTS = [0, 1];
/** pcscd polls every ~400 ms; a slot that has not spoken after this is not serving us. */
const SERVED_WITHIN_MS = 2000;

class SlotNotServedError extends AppError {
  constructor(key: string, params: Record<string, string | number>) {
    super('reader-busy', key, params);
  }
}

function parseSlot(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const slot = Number(value);
  if (!/^\d+$/.test(value) || slot > MAX_SLOT) {
    throw new InvalidInputError('pcsc.cmd.virtualCard.badSlot', { max: MAX_SLOT });
  }
  return slot;
}

/** Insert into `slot`, or return null when vpcd accepts the connection but never serves it. */
async function tryInsert(card: SimulatedCard, slot: number): Promise<VpcdLink | null> {
  const link = await connectToVpcd(card, { slot });
  let timer: NodeJS.Timeout | undefined;
  const served = await Promise.race([
    link.served.then(() => true),
    link.closed.then(() => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), SERVED_WITHIN_MS))),
  ]);
  clearTimeout(timer);
  if (served) return link;
  // Left waiting, this connection would be served (inserted) whenever the slot frees up.
  await link.remove();
  return null;
}

async function insert(card: SimulatedCard, slot: number | undefined): Promise<VpcdLink> {
  if (slot !== undefined) {
    const link = await tryInsert(card, slot);
    if (!link) throw new SlotNotServedError('pcsc.cmd.virtualCard.slotBusy', { slot });
    return link;
  }
  for (const candidate of AUTO_SLOTS) {
    const link = await tryInsert(card, candidate);
    if (link) return link;
  }
  throw new SlotNotServedError('pcsc.cmd.virtualCard.noFreeSlot', { slots: AUTO_SLOTS.join(', ') });
}

/** Resolves with the signal that asked us to stop; the listeners go away with it. */
function stopRequested(): { promise: Promise<NodeJS.Signals>; dispose(): void } {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  let handler!: (signal: NodeJS.Signals) => void;
  const promise = new Promise<NodeJS.Signals>((resolve) => (handler = resolve));
  for (const s of signals) process.on(s, handler);
  return { promise, dispose: () => signals.forEach((s) => process.off(s, handler)) };
}

export const virtualCardCommand: CliCommand = {
  name: 'virtual-card',
  summaryKey: 'pcsc.cmd.virtualCard.summary',
  usage: 'citizen-card virtual-card --scenario NAME [--slot N] [--state FILE] [--json]',
  options: {
    scenario: { type: 'string' },
    slot: { type: 'string' },
    state: { type: 'string' },
  },
  async run(ctx) {
    const scenario = stringOption(ctx, 'scenario');
    if (!isScenarioName(scenario)) {
      throw new InvalidInputError('pcsc.cmd.virtualCard.needScenario', {
        list: SCENARIOS.join(', '),
      });
    }
    const slot = parseSlot(stringOption(ctx, 'slot'));
    // Listen before inserting: a signal that arrives meanwhile must still pull the card.
    const stop = stopRequested();
    try {
      const card = await createVirtualCard({ scenario, statePath: stringOption(ctx, 'state') });
      const link = await insert(card, slot);
      const report = {
        scenario,
        slot: link.slot,
        port: link.port,
        reader: vpcdReaderName(link.slot),
        atr: card.atr.toString('hex').toUpperCase(),
        cardNumber: card.cardNumber,
      };
      if (ctx.json) ctx.io.stdout.write(JSON.stringify(report) + '\n');
      else ctx.io.stderr.write(t(ctx.lang, 'pcsc.cmd.virtualCard.inserted', report) + '\n');

      const outcome = await Promise.race([stop.promise, link.closed]);
      if (outcome === 'SIGINT' || outcome === 'SIGTERM') {
        await link.remove();
        ctx.io.stderr.write(t(ctx.lang, 'pcsc.cmd.virtualCard.removed') + '\n');
        return EXIT.ok;
      }
      ctx.io.stderr.write(t(ctx.lang, 'pcsc.cmd.virtualCard.lost') + '\n');
      return EXIT.other;
    } finally {
      stop.dispose();
    }
  },
};

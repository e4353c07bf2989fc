/**
 * A CardSource made of virtual cards in this process: one reader per card, cards that can
 * be inserted and pulled at runtime, the same events as the PC/SC card service. The demo
 * mode, the CLI's `--virtual SCENARIO` and tests use it; nothing above the CardSource can
 * tell it from real readers except by `kind`. Events, status and identification come from
 * CardSourceBase, as the PC/SC service's do.
 */
import type { WithCardOptions } from './card-source';
import { NoCardError, NoReaderError } from '../core/errors';
import type { CardTransport } from '../card/transport';
import { CardSourceBase, type ReaderSnapshot, type SourceBaseOptions } from './source-base';
import {
  createVirtualCard,
  InProcessTransport,
  VirtualCard,
  type SimulatedCard,
  type VirtualCardOptions,
} from '../virtual-card';

/** The reader the demo card sits in; the name says it is not a real card. */
export const DEMO_READER = 'Demo card 示範卡 (virtual)';

export type { IdentifyCard } from './source-base';

export interface VirtualSlot {
  reader: string;
  /** A card to insert at start (options for createVirtualCard), or none: an empty reader. */
  card?: VirtualCardOptions | null;
}

/** `log` defaults to stderr: in-process, a listener's failure is the program's own bug. */
export interface VirtualSourceOptions extends SourceBaseOptions {
  /** Passed to every createVirtualCard that does not bring its own clock. */
  now?: () => Date;
}

/**
 * The transport one operation gets, as the PC/SC service does: the operation already is the
 * transaction, so the driver's own `withTransaction` only records a reset request, and a
 * reference kept after the operation reaches no card.
 */
class OperationTransport implements CardTransport {
  resetRequested = false;
  private ended = false;

  constructor(private readonly inner: InProcessTransport) {}

  get atr(): Buffer {
    return this.inner.atr;
  }

  get readerName(): string {
    return this.inner.readerName;
  }

  transmit(command: Buffer): Promise<Buffer> {
    // Zero bytes is how a transport says "the card is gone".
    return this.ended ? Promise.resolve(Buffer.alloc(0)) : this.inner.transmit(command);
  }

  async withTransaction<T>(work: () => Promise<T>, options?: { reset?: boolean }): Promise<T> {
    if (options?.reset) this.resetRequested = true;
    return work();
  }

  end(): void {
    this.ended = true;
  }
}

interface Slot {
  name: string;
  card: SimulatedCard | null;
  transport: InProcessTransport | null;
}

export class VirtualCardSource extends CardSourceBase {
  readonly kind = 'virtual' as const;
  private readonly slots = new Map<string, Slot>();
  private readonly now: (() => Date) | undefined;

  constructor(options: VirtualSourceOptions = {}) {
    // Every reader and card is known the moment it is added: nothing to wait for.
    super('up', 0, {
      identify: options.identify,
      log: options.log ?? ((message) => console.error(message)),
    });
    this.now = options.now;
  }

  protected snapshot(): ReaderSnapshot[] {
    return [...this.slots.values()].map((slot) => ({
      name: slot.name,
      cardPresent: slot.transport !== null,
      atr: slot.card ? slot.card.atr.toString('hex').toUpperCase() : null,
      mute: false,
    }));
  }

  /** The virtual card in `reader`, for tests that inspect what it received. */
  cardIn(reader: string): VirtualCard | null {
    const card = this.slots.get(reader)?.card ?? null;
    return card instanceof VirtualCard ? card : null;
  }

  /** Whatever simulated card is in `reader` (another kind of card, card-profile.md §7). */
  simulatedCardIn(reader: string): SimulatedCard | null {
    return this.slots.get(reader)?.card ?? null;
  }

  addReader(name: string): void {
    if (this.slots.has(name)) return;
    this.slots.set(name, { name, card: null, transport: null });
    this.readerAdded(name);
  }

  removeReader(name: string): void {
    if (!this.slots.has(name)) return;
    this.removeCard(name);
    this.slots.delete(name);
    this.readerRemoved(name);
  }

  /** Insert a new virtual card (built from `card`) or an existing one into `reader`. */
  async insertCard(reader: string, card: VirtualCardOptions | SimulatedCard = {}): Promise<void> {
    const slot = this.slots.get(reader);
    if (!slot) throw new NoReaderError();
    if (slot.transport) this.removeCard(reader);
    const inserted = 'process' in card ? card : await createVirtualCard({ now: this.now, ...card });
    if (this.status === 'closed') return;
    slot.card = inserted;
    slot.transport = new InProcessTransport(inserted, { readerName: reader });
    this.cardInserted(reader, inserted.atr);
  }

  /** Pull the card: an operation under way ends with "card removed". */
  removeCard(reader: string): void {
    const slot = this.slots.get(reader);
    if (!slot?.transport) return;
    slot.transport.remove();
    slot.transport = null;
    slot.card = null;
    this.cardRemoved(reader);
  }

  async withCard<T>(
    reader: string,
    work: (transport: CardTransport) => Promise<T>,
    options: WithCardOptions = {},
  ): Promise<T> {
    const slot = this.slots.get(reader);
    if (!slot) throw new NoReaderError();
    const { transport, card } = slot;
    if (!transport || !card) throw new NoCardError(reader);
    // One process, one caller at a time per card: `exclusive` has nothing more to keep out.
    return transport.withTransaction(async () => {
      const operation = new OperationTransport(transport);
      try {
        return await work(operation);
      } finally {
        operation.end();
        if ((options.reset || operation.resetRequested) && transport.cardPresent) card.reset();
      }
    });
  }

  async close(): Promise<void> {
    if (!this.markClosed()) return;
    for (const slot of this.slots.values()) slot.transport?.remove();
    this.slots.clear();
  }
}

/**
 * A source with one reader per slot and the slots' cards already inserted, so the first
 * `readers()` shows them (no events are missed by listeners attached afterwards).
 */
export async function createVirtualSource(
  slots: VirtualSlot[],
  options: VirtualSourceOptions = {},
): Promise<VirtualCardSource> {
  const source = new VirtualCardSource(options);
  for (const slot of slots) source.addReader(slot.reader);
  for (const slot of slots) if (slot.card) await source.insertCard(slot.reader, slot.card);
  return source;
}

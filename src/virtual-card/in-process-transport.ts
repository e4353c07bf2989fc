/**
 * A CardTransport that hands APDUs straight to a SimulatedCard in this process: the
 * virtual card without pcscd, for tests, the demo and training mode. It behaves like the
 * pcsclite transport where the driver can tell: responses arrive asynchronously, units of
 * work are serialised like PC/SC transactions (and hold a card shared with other processes
 * to themselves), and a pulled card answers with an empty
 * buffer, exactly what pcsclite resolves with when a card goes away mid-transmit.
 */
import type { CardTransport } from '../card/transport';
import { VIRTUAL_CARD_DEFAULTS } from './defaults';
import type { SimulatedCard } from './types';

export type TransmitListener = (command: Buffer, index: number) => void;

export class InProcessTransport implements CardTransport {
  readonly readerName: string;
  private readonly card: SimulatedCard;
  private readonly listeners = new Set<TransmitListener>();
  private queue: Promise<unknown> = Promise.resolve();
  private transmitted = 0;
  /** Bumped on every removal, so a transmit already under way can tell the card went away. */
  private insertion = 0;
  private present = true;

  constructor(card: SimulatedCard, options: { readerName?: string } = {}) {
    this.card = card;
    this.readerName = options.readerName ?? VIRTUAL_CARD_DEFAULTS.readerName;
  }

  get atr(): Buffer {
    return this.card.atr;
  }

  /** False once remove() was called (until insert()). */
  get cardPresent(): boolean {
    return this.present;
  }

  /** Number of transmit() calls so far, including those answered empty. */
  get transmitCount(): number {
    return this.transmitted;
  }

  transmit(command: Buffer): Promise<Buffer> {
    const index = this.transmitted++;
    const insertion = this.insertion;
    // Listeners run first, so one can pull the card before this command reaches it.
    for (const listener of this.listeners) listener(command, index);
    return Promise.resolve().then(() =>
      this.present && insertion === this.insertion ? this.card.process(command) : Buffer.alloc(0),
    );
  }

  async withTransaction<T>(work: () => Promise<T>, options: { reset?: boolean } = {}): Promise<T> {
    const unit = async (): Promise<T> => {
      try {
        return await work();
      } finally {
        if (options.reset && this.present) this.card.reset();
      }
    };
    // A card whose memory other processes share (a state file) is held for the whole unit,
    // as a PC/SC transaction holds a real card: a PIN operation's tries check and its
    // VERIFY cannot be split by another process's VERIFY.
    const run = this.queue.then(() => (this.card.exclusive ? this.card.exclusive(unit) : unit()));
    // The next unit waits for this one whether it succeeds or fails.
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Pull the card out: every transmit from now on, and any still in flight, gets 0 bytes. */
  remove(): void {
    if (!this.present) return;
    this.present = false;
    this.insertion++;
    this.card.powerOff();
  }

  /** Put the (same) card back; it starts powered on with nothing verified. */
  insert(): void {
    if (this.present) return;
    this.present = true;
    this.card.powerOn();
  }

  /** Call `listener` with every command as it is transmitted; returns an unsubscribe. */
  onTransmit(listener: TransmitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

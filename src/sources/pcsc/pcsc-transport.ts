/**
 * A CardTransport over one pcsclite connection, valid for one card-service operation.
 */
import { AppError, CardRemovedError, TransmitTimeoutError } from '../../core/errors';
import type { CardTransport } from '../../card/transport';
import { watchdog } from '../../core/deadline-watchdog';
import { mapPcscError } from './pcsc-errors';
import type { PcscReader } from './pcsclite-api';

// Room for the longest short-APDU answer (256 data bytes + SW) with margin; pcsc-lite
// only uses this as the size of the receive buffer.
const RECEIVE_BUFFER = 4096;

export class PcscTransport implements CardTransport {
  /** Set by withTransaction({ reset: true }): the service resets the card when done. */
  resetRequested = false;
  /**
   * A transmit that timed out is still running inside pcsclite (which holds the reader's
   * lock meanwhile); this settles when it finally returns.
   */
  stuck: Promise<void> | null = null;
  /** The transmit pcsclite is running right now, if any: settles when it returns. */
  inFlight: Promise<void> | null = null;
  private ended = false;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly reader: PcscReader,
    private readonly protocol: number,
    readonly atr: Buffer,
    readonly readerName: string,
    private readonly timeoutMs: number,
  ) {}

  transmit(command: Buffer): Promise<Buffer> {
    // One command at a time, in order, even if a caller forgets to await.
    const next = this.chain.then(() => this.transmitNow(command));
    this.chain = next.catch(() => undefined);
    return next;
  }

  async withTransaction<T>(work: () => Promise<T>, options?: { reset?: boolean }): Promise<T> {
    // The service already holds the connection for the whole operation (pcsclite has no
    // SCardBeginTransaction); all that is left to do is remember the reset request.
    if (options?.reset) this.resetRequested = true;
    return work();
  }

  /** The operation is over: later transmits (a leaked reference) must not reach the card. */
  end(): void {
    this.ended = true;
  }

  private transmitNow(command: Buffer): Promise<Buffer> {
    if (this.ended) return Promise.reject(new CardRemovedError());
    if (this.stuck) return Promise.reject(new TransmitTimeoutError(this.timeoutMs));
    return new Promise<Buffer>((resolve, reject) => {
      let settled = false;
      let markReturned!: () => void;
      const returned = new Promise<void>((done) => (markReturned = done));
      this.inFlight = returned;
      void returned.then(() => {
        if (this.inFlight === returned) this.inFlight = null;
      });
      const release = watchdog.watch(this.timeoutMs, () => {
        if (settled) return;
        settled = true;
        this.stuck = returned;
        reject(new TransmitTimeoutError(this.timeoutMs));
      });
      const finish = (outcome: Buffer | AppError) => {
        markReturned();
        if (settled) return;
        settled = true;
        release();
        if (outcome instanceof AppError) reject(outcome);
        else resolve(outcome);
      };
      try {
        this.reader.transmit(command, RECEIVE_BUFFER, this.protocol, (err, data) => {
          if (err) finish(mapPcscError(err, 'transmit', this.readerName));
          // pcsclite resolves with an empty buffer when the card left during the command.
          else if (!data || data.length < 2) finish(new CardRemovedError());
          else finish(data);
        });
      } catch (e) {
        finish(mapPcscError(e, 'transmit', this.readerName));
      }
    });
  }
}

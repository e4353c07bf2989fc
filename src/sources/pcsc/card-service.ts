/**
 * The PC/SC card service: watches readers and cards through pcsclite, keeps a snapshot,
 * recovers when pcscd is missing or restarts, and runs card work one operation at a time
 * per reader; events, status, identification and settling come from CardSourceBase.
 * Electron-free: the CLI, the Electron main process and the browser host all use it.
 *
 * Why no PC/SC transaction: pcsclite 1.0.1 binds SCardConnect, SCardDisconnect,
 * SCardTransmit, SCardControl and SCardGetStatusChange only (no SCardBeginTransaction,
 * see node_modules/pcsclite/src/cardreader.cpp). So one operation = one connection held
 * from its first to its last APDU. Reads connect SHARED (the vendor's middleware may use
 * the card between our operations, card-profile.md §1.6); PIN operations ask for
 * `exclusive`, so no other program can slip a command in between, and `reset`, so no
 * verified state outlives them.
 */
import type { WithCardOptions } from '../card-source';
import {
  NoCardError,
  NoReaderError,
  PcscUnavailableError,
  TransmitTimeoutError,
} from '../../core/errors';
import type { CardTransport } from '../../card/transport';
import { CardSourceBase, type ReaderSnapshot, type SourceBaseOptions } from '../source-base';
import {
  pcscReturnCode,
  SCARD_DISPOSITION,
  SCARD_PROTOCOL,
  SCARD_RC,
  SCARD_SHARE,
  SCARD_STATE,
} from './pcsc-constants';
import { mapPcscError, MuteCardError, ReaderBusyError } from './pcsc-errors';
import { loadPcsclite, type PcscContext, type PcscFactory, type PcscReader } from './pcsclite-api';
import { PcscTransport } from './pcsc-transport';

export type { IdentifyCard } from '../source-base';

/**
 * `identify` runs through the reader's queue like any operation; `log` also gets pcscd
 * coming and going, and failed disconnects.
 */
export interface CardServiceOptions extends SourceBaseOptions {
  /** Builds a pcsclite context; tests inject a fake. Default: the real addon. */
  factory?: PcscFactory;
  /** A card that has not answered one APDU after this long is given up on (default 15 s). */
  transmitTimeoutMs?: number;
  /** Keep retrying a connect refused by "sharing violation" this long (default 1.5 s). */
  busyRetryMs?: number;
  /** Reconnect backoff while pcscd is away: first and longest wait (default 250 ms, 2 s). */
  retryInitialMs?: number;
  retryMaxMs?: number;
}

interface ReaderEntry {
  readonly name: string;
  readonly handle: PcscReader;
  /** Last state bits pcsclite reported (0 before the first report). */
  state: number;
  atr: Buffer | null;
  /** A transmit timed out and pcsclite still holds the reader: settles when it returns. */
  stuck: Promise<void> | null;
}

const SERVICE_LEVEL_CODES = new Set<number>([
  SCARD_RC.E_NO_SERVICE,
  SCARD_RC.E_SERVICE_STOPPED,
  SCARD_RC.F_COMM_ERROR,
]);

// pcsclite announces readers, then each reader's first status, a few milliseconds apart,
// and never says "that was all": the service is settled once it has been quiet this long.
const QUIET_MS = 150;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait for `promise`, but no longer than `ms`, leaving no timer behind either way. */
async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

export class CardService extends CardSourceBase {
  readonly kind = 'pcsc' as const;
  private readonly factory: PcscFactory;
  private readonly transmitTimeoutMs: number;
  private readonly busyRetryMs: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;

  private context: PcscContext | null = null;
  private readonly entries = new Map<string, ReaderEntry>();
  private readonly queues = new Map<string, Promise<void>>();
  private retryDelay: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private startTimer: NodeJS.Immediate | null = null;
  /** Reader handles that could not be closed yet because a transmit is stuck in them. */
  private readonly lingering = new Set<Promise<void>>();

  constructor(options: CardServiceOptions = {}) {
    super('starting', QUIET_MS, options);
    this.factory = options.factory ?? loadPcsclite;
    this.transmitTimeoutMs = options.transmitTimeoutMs ?? 15_000;
    this.busyRetryMs = options.busyRetryMs ?? 1500;
    this.retryInitialMs = options.retryInitialMs ?? 250;
    this.retryMaxMs = options.retryMaxMs ?? 2000;
    this.retryDelay = this.retryInitialMs;
    // First attempt on the next turn, so listeners attached right after construction see
    // the first pcsc-up / pcsc-down and every reader-added.
    this.startTimer = setImmediate(() => {
      this.startTimer = null;
      this.attempt();
    });
  }

  protected snapshot(): ReaderSnapshot[] {
    return [...this.entries.values()].map((e) => ({
      name: e.name,
      cardPresent: (e.state & SCARD_STATE.PRESENT) !== 0,
      atr: e.atr ? e.atr.toString('hex').toUpperCase() : null,
      mute: (e.state & SCARD_STATE.MUTE) !== 0,
    }));
  }

  /**
   * Run `work` with the card in `reader`: queued behind any other work on that reader,
   * on a connection held for the whole of it, disconnected afterwards (with a card reset
   * when `reset` is asked or the driver asked for one).
   */
  withCard<T>(
    reader: string,
    work: (transport: CardTransport) => Promise<T>,
    options: WithCardOptions = {},
  ): Promise<T> {
    try {
      this.entryOrThrow(reader);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.enqueue(reader, () => this.runOperation(reader, work, options));
  }

  /** Stop watching and release every pcsclite handle; pending work is allowed to finish. */
  async close(): Promise<void> {
    if (!this.markClosed()) return;
    if (this.startTimer) clearImmediate(this.startTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.startTimer = this.retryTimer = null;
    await waitAtMost(Promise.all([...this.queues.values()]), this.transmitTimeoutMs);
    this.teardown(false);
    // Handles with a stuck transmit close themselves when it returns; do not wait forever.
    await waitAtMost(Promise.all([...this.lingering]), 2000);
  }

  // ---- watching ------------------------------------------------------------------------

  private attempt(): void {
    this.retryTimer = null;
    if (this.status === 'closed') return;
    let context: PcscContext;
    try {
      context = this.factory();
    } catch (e) {
      this.goDown((e as Error).message ?? String(e));
      this.scheduleRetry();
      return;
    }
    this.context = context;
    context.on('error', (err) => this.fail(context, err));
    context.on('reader', (handle) => this.onReader(context, handle));
    this.retryDelay = this.retryInitialMs;
    this.goUp();
  }

  private scheduleRetry(): void {
    if (this.status === 'closed' || this.retryTimer) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.retryMaxMs);
    this.retryTimer = setTimeout(() => this.attempt(), delay);
  }

  /**
   * pcsclite's watcher stops for good after any error (after a pcscd restart every old
   * context answers "RPC transport error" forever): drop the context and build a new one.
   */
  private fail(context: PcscContext, err: Error): void {
    if (context !== this.context || this.status === 'closed') return;
    const code = pcscReturnCode(err);
    this.teardown(true);
    if (code !== null && SERVICE_LEVEL_CODES.has(code)) {
      this.goDown(err.message);
      this.scheduleRetry();
    } else {
      // Not pcscd itself (the watcher thread failed): rebuild at once, stay 'up' if it works.
      this.log(`pcsc watcher failed, rebuilding: ${err.message}`);
      this.retryTimer = setTimeout(() => this.attempt(), this.retryInitialMs);
    }
  }

  private onReader(context: PcscContext, handle: PcscReader): void {
    const entry: ReaderEntry = {
      name: handle.name,
      handle,
      state: 0,
      atr: null,
      stuck: null,
    };
    // Listeners first, the error one above all: pcsclite kills the process on an
    // 'error' event nobody listens to (it emits one on every close).
    handle.on('error', (err) => {
      if (context !== this.context || this.entries.get(entry.name) !== entry) return;
      this.fail(context, err);
    });
    handle.on('status', (status) => {
      if (this.entries.get(entry.name) === entry) this.onStatus(entry, status.state, status.atr);
    });
    handle.on('end', () => this.onReaderEnd(entry));
    if (context !== this.context) {
      this.closeHandle(entry);
      return;
    }
    this.entries.set(entry.name, entry);
    this.readerAdded(entry.name);
  }

  private onStatus(entry: ReaderEntry, state: number, atr: Buffer | undefined): void {
    const before = entry.state;
    entry.state = state;
    const wasPresent = (before & SCARD_STATE.PRESENT) !== 0;
    const isPresent = (state & SCARD_STATE.PRESENT) !== 0;
    const mute = (state & SCARD_STATE.MUTE) !== 0;
    const newAtr = isPresent && !mute && atr && atr.length > 0 ? Buffer.from(atr) : null;
    // A different ATR while "present" throughout means a card was swapped between polls.
    const swapped = wasPresent && isPresent && !sameAtr(entry.atr, newAtr);
    if (wasPresent && (!isPresent || swapped)) {
      entry.atr = null;
      this.cardRemoved(entry.name);
    }
    if (isPresent && (!wasPresent || swapped)) {
      entry.atr = newAtr;
      this.cardInserted(entry.name, newAtr);
    }
  }

  private onReaderEnd(entry: ReaderEntry): void {
    if (this.entries.get(entry.name) !== entry) return;
    this.entries.delete(entry.name);
    if (entry.state & SCARD_STATE.PRESENT) this.cardRemoved(entry.name);
    this.readerRemoved(entry.name);
  }

  /** Forget the context and its readers; `announce` emits the removals (not on close). */
  private teardown(announce: boolean): void {
    const context = this.context;
    this.context = null;
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const entry of entries) {
      if (announce) {
        if (entry.state & SCARD_STATE.PRESENT) this.cardRemoved(entry.name);
        this.readerRemoved(entry.name);
      }
      this.closeHandle(entry);
    }
    try {
      context?.close();
    } catch (e) {
      this.log(`closing the pcsc context: ${(e as Error).message}`);
    }
  }

  /**
   * pcsclite's close() takes the reader's lock, and two things may hold it: a stuck
   * transmit, and the addon itself while it runs this reader's 'status' or 'error'
   * listener. A reader's error (pcscd gone) leads here through teardown, so closing at once
   * would freeze the event loop for good (seen on a pcscd kill). Close on a later turn of
   * the loop, after a stuck transmit has returned.
   */
  private closeHandle(entry: ReaderEntry): void {
    const close = () => {
      try {
        entry.handle.close();
      } catch (e) {
        this.log(`closing ${entry.name}: ${(e as Error).message}`);
      }
    };
    const later = (entry.stuck ?? Promise.resolve()).then(
      () => new Promise<void>((resolve) => setImmediate(() => resolve(close()))),
    );
    this.lingering.add(later);
    void later.then(() => this.lingering.delete(later));
  }

  // ---- operations ----------------------------------------------------------------------

  private entryOrThrow(reader: string): ReaderEntry {
    if (this.status !== 'up') throw new PcscUnavailableError();
    const entry = this.entries.get(reader);
    if (!entry) throw new NoReaderError();
    return entry;
  }

  private enqueue<T>(reader: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(reader) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(reader, tail);
    void tail.then(() => {
      if (this.queues.get(reader) === tail) this.queues.delete(reader);
    });
    return result;
  }

  private async runOperation<T>(
    reader: string,
    work: (transport: CardTransport) => Promise<T>,
    options: WithCardOptions,
  ): Promise<T> {
    // Re-checked here: the reader or card may have gone while this waited in the queue.
    const entry = this.entryOrThrow(reader);
    if (entry.stuck) throw new TransmitTimeoutError(this.transmitTimeoutMs);
    if (!(entry.state & SCARD_STATE.PRESENT)) throw new NoCardError(reader);
    if (!entry.atr) throw new MuteCardError(reader);
    const protocol = await this.connect(entry, options.exclusive === true);
    const transport = new PcscTransport(
      entry.handle,
      protocol,
      entry.atr,
      reader,
      this.transmitTimeoutMs,
    );
    try {
      return await work(transport);
    } finally {
      transport.end();
      const disposition =
        options.reset || transport.resetRequested
          ? SCARD_DISPOSITION.RESET
          : SCARD_DISPOSITION.LEAVE;
      // A transmit still running inside pcsclite: ours timed out, or the work gave up on
      // it (the driver has its own per-APDU timeout).
      const unfinished = transport.stuck ?? transport.inFlight;
      if (unfinished) {
        // Disconnecting now would queue behind that transmit inside pcsclite; do it when
        // it returns, and refuse new work on this reader until then.
        const stuck = unfinished.then(() => this.disconnect(entry.handle, disposition));
        entry.stuck = stuck;
        void stuck.then(() => {
          if (entry.stuck === stuck) entry.stuck = null;
        });
      } else {
        await this.disconnect(entry.handle, disposition);
      }
    }
  }

  private async connect(entry: ReaderEntry, exclusive: boolean): Promise<number> {
    const { handle, name } = entry;
    // pcsclite's connect() is a silent no-op while it thinks it is still connected (after
    // a disconnect that failed): clear that state first.
    if (handle.connected) await this.disconnect(handle, SCARD_DISPOSITION.LEAVE);
    const deadline = Date.now() + this.busyRetryMs;
    for (;;) {
      try {
        const protocol = await new Promise<number | undefined>((resolve, reject) => {
          try {
            handle.connect(
              {
                share_mode: exclusive ? SCARD_SHARE.EXCLUSIVE : SCARD_SHARE.SHARED,
                protocol: SCARD_PROTOCOL.T0 | SCARD_PROTOCOL.T1,
              },
              (err, value) => (err ? reject(err) : resolve(value)),
            );
          } catch (e) {
            reject(e);
          }
        });
        if (typeof protocol !== 'number') throw new Error('SCardConnect returned no protocol');
        return protocol;
      } catch (e) {
        const mapped = mapPcscError(e, 'connect', name);
        // Other middleware (HiCOS polls cards) may hold the card for a moment.
        if (mapped instanceof ReaderBusyError && Date.now() < deadline) {
          await sleep(100);
          continue;
        }
        throw mapped;
      }
    }
  }

  private disconnect(handle: PcscReader, disposition: number): Promise<void> {
    return new Promise((resolve) => {
      try {
        handle.disconnect(disposition, (err) => {
          if (err) this.log(`disconnect ${handle.name}: ${(err as Error).message}`);
          resolve();
        });
      } catch (e) {
        this.log(`disconnect ${handle.name}: ${(e as Error).message}`);
        resolve();
      }
    });
  }
}

function sameAtr(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

/** The service the CLI, the Electron main process and the browser host share. */
export function createCardService(options: CardServiceOptions = {}): CardService {
  return new CardService(options);
}

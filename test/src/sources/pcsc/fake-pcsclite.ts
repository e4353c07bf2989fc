/**
 * A hand-made stand-in for the `pcsclite` addon: the test decides every state bit and
 * every answer, including what vpcd cannot produce (a MUTE card, a sharing violation).
 * Callbacks run asynchronously, as the addon's do.
 */
import { EventEmitter } from 'node:events';
import type {
  PcscContext,
  PcscFactory,
  PcscReader,
} from '../../../../src/sources/pcsc/pcsclite-api';

export const STATE = { EMPTY: 0x10, PRESENT: 0x20, MUTE: 0x200, CHANGED: 0x2 } as const;
export const ATR_A = Buffer.from('3B8A800143434D2D5643415244014A', 'hex');
export const ATR_B = Buffer.from('3B8A80014F54484552504B4901022A', 'hex');

export const pcscError = (method: string, text: string, code: number) =>
  new Error(`${method} error: ${text}.(0x${code.toString(16).padStart(8, '0')})`);

type Answer = Buffer | Error | 'hang' | Promise<Buffer>;

export class FakeReader extends EventEmitter implements PcscReader {
  connected = false;
  closed = false;
  /** What the next connects do: a protocol number, or an error. Shifted; last one sticks. */
  connectPlan: Array<number | Error> = [2];
  /** How the card answers; default 9000 to everything. */
  answer: (apdu: Buffer) => Answer = () => Buffer.from([0x90, 0x00]);
  readonly connects: Array<{ share_mode: number; protocol?: number }> = [];
  readonly disconnects: number[] = [];
  readonly sent: Buffer[] = [];
  /** Hung transmits, released by `releaseHung`. */
  private hung: Array<() => void> = [];

  /** True while a 'status' or 'error' listener runs: the addon holds the reader's lock then. */
  private inNativeCallback = false;

  constructor(readonly name: string) {
    super();
  }

  /**
   * pcsclite calls a reader's 'status' and 'error' listeners while holding that reader's
   * mutex, and its close() takes the same mutex: closing from inside such a listener
   * deadlocks the real addon (event loop frozen for good). The fake makes that loud.
   */
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'status' && event !== 'error') return super.emit(event, ...args);
    this.inNativeCallback = true;
    try {
      return super.emit(event, ...args);
    } finally {
      this.inNativeCallback = false;
    }
  }

  setState(state: number, atr?: Buffer): void {
    this.emit('status', atr ? { state, atr } : { state });
  }

  connect(
    options: { share_mode: number; protocol?: number },
    callback: (err: unknown, protocol?: number) => void,
  ): void {
    this.connects.push(options);
    const outcome = this.connectPlan.length > 1 ? this.connectPlan.shift()! : this.connectPlan[0]!;
    setImmediate(() => {
      if (outcome instanceof Error) return callback(outcome);
      this.connected = true;
      callback(null, outcome);
    });
  }

  disconnect(disposition: number, callback: (err: unknown) => void): void {
    this.disconnects.push(disposition);
    setImmediate(() => {
      this.connected = false;
      callback(null);
    });
  }

  transmit(
    data: Buffer,
    _resLen: number,
    _protocol: number,
    callback: (err: unknown, response: Buffer) => void,
  ): void {
    this.sent.push(Buffer.from(data));
    const answer = this.answer(data);
    if (answer instanceof Promise) {
      answer.then(
        (response) => callback(null, response),
        (err: unknown) => callback(err, Buffer.alloc(0)),
      );
      return;
    }
    if (answer === 'hang') {
      this.hung.push(() => callback(null, Buffer.alloc(0)));
      return;
    }
    setImmediate(() =>
      answer instanceof Error ? callback(answer, Buffer.alloc(0)) : callback(null, answer),
    );
  }

  /** The hung transmit returns (as pcsclite does when the card is finally pulled). */
  releaseHung(): void {
    for (const release of this.hung.splice(0)) release();
  }

  close(): void {
    if (this.inNativeCallback) {
      throw new Error(`deadlock: ${this.name} closed inside its own status/error callback`);
    }
    if (this.closed) return;
    this.closed = true;
    setImmediate(() => this.emit('end'));
  }
}

export class FakeContext extends EventEmitter implements PcscContext {
  closed = false;
  readonly readers = new Map<string, FakeReader>();

  addReader(name: string): FakeReader {
    const reader = new FakeReader(name);
    this.readers.set(name, reader);
    this.emit('reader', reader);
    return reader;
  }

  /** Unplugged: pcsclite closes the reader, which then emits 'end'. */
  unplug(name: string): void {
    this.readers.get(name)?.close();
    this.readers.delete(name);
  }

  close(): void {
    this.closed = true;
  }
}

/** The factory the service gets: throws like the addon while "pcscd" is down. */
export class FakePcsc {
  up = true;
  readonly contexts: FakeContext[] = [];
  attempts = 0;

  readonly factory: PcscFactory = () => {
    this.attempts++;
    if (!this.up) {
      throw pcscError('SCardEstablishContext', 'Service not available', 0x8010001d);
    }
    const context = new FakeContext();
    this.contexts.push(context);
    return context;
  };

  get current(): FakeContext {
    const context = this.contexts.at(-1);
    if (!context) throw new Error('no context yet');
    return context;
  }

  /** pcscd dies: every watcher reports "RPC transport error". */
  crash(): void {
    this.up = false;
    const context = this.current;
    for (const reader of context.readers.values()) {
      reader.emit('error', pcscError('SCardGetStatusChange', 'RPC transport error', 0x80100013));
    }
    context.emit('error', pcscError('SCardGetStatusChange', 'RPC transport error', 0x80100013));
  }
}

export const tick = () => new Promise((resolve) => setImmediate(resolve));

export async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

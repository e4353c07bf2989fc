/**
 * The yardstick: the same APDUs the app sent, replayed by the thinnest possible pcsclite
 * client (connect, transmit each, disconnect), so the ratio shows what the app's own layers
 * (card service queue, driver, parsing) cost on top of PC/SC itself.
 */
import { createRequire } from 'node:module';

// Plain numbers from pcsc-lite's public headers (pcsclite.h, reader.h).
const SCARD_STATE_PRESENT = 0x0020;
const SCARD_SHARE_SHARED = 2;
const SCARD_LEAVE_CARD = 0;

type Callback<T> = (err: unknown, value: T) => void;

interface BareCardReader {
  name: string;
  on(event: 'status', listener: (status: { state: number }) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  connect(options: { share_mode: number }, cb: Callback<number>): void;
  transmit(data: Buffer, resLen: number, protocol: number, cb: Callback<Buffer>): void;
  disconnect(disposition: number, cb: (err: unknown) => void): void;
  close(): void;
}

interface BareContext {
  on(event: 'reader', listener: (reader: BareCardReader) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  close(): void;
}

const pcsclite = createRequire(import.meta.url)('pcsclite') as () => BareContext;

export interface BareReader {
  /** One pass: connect, send every command in order, disconnect; returns elapsed ms. */
  replay(commands: Buffer[]): Promise<number>;
  close(): void;
}

function call<T>(fn: (cb: Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    fn((err, value) =>
      err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(value),
    ),
  );
}

/** Waits for `readerName` to appear with a card in it, then offers replays on it. */
export async function openBareReader(readerName: string, timeoutMs = 5000): Promise<BareReader> {
  const context = pcsclite();
  context.on('error', () => {});
  const reader = await new Promise<BareCardReader>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reader ${readerName} not found`)), timeoutMs);
    context.on('reader', (r) => {
      r.on('error', () => {});
      if (r.name !== readerName) return;
      r.on('status', (status) => {
        if (status.state & SCARD_STATE_PRESENT) {
          clearTimeout(timer);
          resolve(r);
        }
      });
    });
  });
  return {
    async replay(commands) {
      const start = performance.now();
      const protocol = await call<number>((cb) =>
        reader.connect({ share_mode: SCARD_SHARE_SHARED }, cb),
      );
      for (const command of commands) {
        const response = await call<Buffer>((cb) => reader.transmit(command, 258, protocol, cb));
        if (response.length < 2) throw new Error('card went away during the bare replay');
      }
      await call<void>((cb) => reader.disconnect(SCARD_LEAVE_CARD, (err) => cb(err, undefined)));
      return performance.now() - start;
    },
    close() {
      reader.close();
      context.close();
    },
  };
}

/**
 * The slice of the `pcsclite` npm package the card service uses, as interfaces, so unit
 * tests can feed it a fake (state bits such as MUTE that vpcd cannot imitate) and the real
 * addon is loaded only when a service actually starts.
 */
import { createRequire } from 'node:module';

export interface PcscStatus {
  state: number;
  atr?: Buffer;
}

type Callback<T> = (err: unknown, value: T) => void;

/** One reader as pcsclite exposes it (an EventEmitter: 'status', 'end', 'error'). */
export interface PcscReader {
  readonly name: string;
  /** True while pcsclite holds a card handle for this reader. */
  readonly connected: boolean;
  on(event: 'status', listener: (status: PcscStatus) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  connect(
    options: { share_mode: number; protocol?: number },
    callback: Callback<number | undefined>,
  ): void;
  disconnect(disposition: number, callback: (err: unknown) => void): void;
  transmit(data: Buffer, resLen: number, protocol: number, callback: Callback<Buffer>): void;
  close(): void;
}

/** The context: emits 'reader' for each new reader, and 'error'. */
export interface PcscContext {
  on(event: 'reader', listener: (reader: PcscReader) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  close(): void;
}

/** Builds a context; throws "Service not available (0x8010001d)" when pcscd is not running. */
export type PcscFactory = () => PcscContext;

let cached: PcscFactory | undefined;

/** The real addon, loaded on first use (the CLI's virtual-card paths never need it). */
export const loadPcsclite: PcscFactory = () => {
  cached ??= createRequire(import.meta.url)('pcsclite') as PcscFactory;
  return cached();
};

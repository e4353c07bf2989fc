import type { CardTransport } from '../card/transport';
import type { CardIdentity } from '../core/model';

/** One reader as the app sees it, whether a PC/SC reader or the in-process demo card. */
export interface ReaderState {
  name: string;
  cardPresent: boolean;
  /** Upper-case hex, null when no card or a mute card. */
  atr: string | null;
  /** Present but gave no ATR (upside down, dirty contacts). */
  mute: boolean;
  identity: CardIdentity | null;
}

export interface CardSourceEvents {
  'reader-added': { reader: string };
  'reader-removed': { reader: string };
  'card-inserted': { reader: string; atr: string };
  'card-removed': { reader: string };
  'card-identified': { reader: string; identity: CardIdentity };
  'pcsc-down': { reason: string };
  'pcsc-up': Record<string, never>;
  /** The app switched between real cards (null) and the demo card (its scenario). */
  'source-changed': { demoScenario: string | null };
}

/**
 * Where a source is in its life. 'starting': it does not know yet whether PC/SC answers;
 * 'up': it does (a virtual source is 'up' from the start); 'down': PC/SC is missing and the
 * source keeps trying to reach it; 'closed': close() was called, for good.
 */
export type SourceStatus = 'starting' | 'up' | 'down' | 'closed';

export interface SettleOptions {
  /** Settled once no reader or card has come or gone for this long (default: the source's). */
  quietMs?: number;
  /** Settled after this long whatever happens (default 2 s). */
  limitMs?: number;
}

export interface WithCardOptions {
  /** Reset the card when done (after PIN operations, card-profile.md §1.6). */
  reset?: boolean;
  /** Keep other programs out for the whole operation (PIN operations). */
  exclusive?: boolean;
}

/**
 * Where cards come from: the PC/SC card service (src/sources/pcsc) or the in-process virtual
 * card (demo, `--virtual`). The CLI, the Electron main process and the browser host talk to
 * cards only through this.
 */
export interface CardSource {
  readonly kind: 'pcsc' | 'virtual';
  readonly status: SourceStatus;
  /** Every reader, sorted by name. */
  readers(): ReaderState[];
  withCard<T>(
    reader: string,
    work: (transport: CardTransport) => Promise<T>,
    options?: WithCardOptions,
  ): Promise<T>;
  /**
   * Resolves once the source has reported its readers and their cards (a PC/SC service
   * announces them one by one, a few milliseconds apart, and never says "that was all").
   * Rejects with PcscUnavailableError when PC/SC is, or goes, down meanwhile.
   */
  settle(options?: SettleOptions): Promise<void>;
  /**
   * The first reader (or `reader`) holding a card, mute cards included so the caller can
   * explain them; after `timeoutMs` the typed error saying what is missing.
   */
  waitForCard(reader: string | undefined, timeoutMs: number): Promise<ReaderState>;
  /** The reader a command works on: `wanted` (exact, or part of a name), else the only card. */
  chooseReader(wanted?: string): ReaderState;
  on<K extends keyof CardSourceEvents>(
    event: K,
    listener: (payload: CardSourceEvents[K]) => void,
  ): void;
  off<K extends keyof CardSourceEvents>(
    event: K,
    listener: (payload: CardSourceEvents[K]) => void,
  ): void;
  close(): Promise<void>;
}

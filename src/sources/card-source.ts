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
  readers(): ReaderState[];
  withCard<T>(
    reader: string,
    work: (transport: CardTransport) => Promise<T>,
    options?: WithCardOptions,
  ): Promise<T>;
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

/**
 * What every CardSource does the same way, whatever its cards come from: typed events that
 * one faulty listener cannot break, an explicit status, identification of every inserted
 * card in the background (the card driver's identify() unless told otherwise), waiting for
 * a card, settling after opening, and choosing the reader a command works on. The PC/SC
 * service (src/sources/pcsc) and the virtual source add only what is theirs: pcsclite
 * watching and connections; in-process card slots.
 *
 * Subclasses report what happens through readerAdded / cardInserted / cardRemoved /
 * readerRemoved and goUp / goDown, after updating their own state, so a listener that
 * calls readers() sees the change; the events and their order follow from those calls.
 */
import { CardDriver } from '../card';
import type { CardTransport } from '../card/transport';
import { AppError, NoCardError, NoReaderError, PcscUnavailableError } from '../core/errors';
import type { CardIdentity } from '../core/model';
import type {
  CardSource,
  CardSourceEvents,
  ReaderState,
  SettleOptions,
  SourceStatus,
  WithCardOptions,
} from './card-source';
import { chooseReader } from './reader-choice';
import { SourceListeners } from './source-listeners';

export type IdentifyCard = (transport: CardTransport) => Promise<CardIdentity>;

/** Identification as the app does it on every insertion: ATR family, then the layout probe. */
export const identifyCard: IdentifyCard = (transport) => new CardDriver(transport).identify();

export interface SourceBaseOptions {
  /**
   * Run on every insertion of a card that gave an ATR, through the source's own withCard.
   * Default: the card driver's identify() (SELECTs only); null: no identification.
   */
  identify?: IdentifyCard | null;
  /** Diagnostics: listener failures, failed identifications (never card data). */
  log?: (message: string) => void;
}

/** A reader as a subclass knows it; the identity is the base's to keep. */
export type ReaderSnapshot = Omit<ReaderState, 'identity'>;

interface IdentityTrack {
  identity: CardIdentity | null;
  /** Bumped on every insertion and removal, so a late identification is not misapplied. */
  generation: number;
}

const SETTLE_LIMIT_MS = 2000;

/** Events that say the source is still telling what it has. */
const ACTIVITY = [
  'reader-added',
  'reader-removed',
  'card-inserted',
  'card-removed',
  'pcsc-up',
] as const satisfies ReadonlyArray<keyof CardSourceEvents>;

export abstract class CardSourceBase implements CardSource {
  abstract readonly kind: 'pcsc' | 'virtual';
  protected readonly log: (message: string) => void;
  private readonly identify: IdentifyCard | null;
  private readonly listeners: SourceListeners;
  /** One per reader the source has announced, dropped when it announces its removal. */
  private readonly tracks = new Map<string, IdentityTrack>();
  private lifecycle: SourceStatus;

  /**
   * `quietMs`: how long without news means settle() may resolve; 0 for a source that
   * knows all its readers and cards as soon as it exists.
   */
  protected constructor(
    initial: SourceStatus,
    private readonly quietMs: number,
    options: SourceBaseOptions = {},
  ) {
    this.lifecycle = initial;
    this.identify = options.identify === undefined ? identifyCard : options.identify;
    this.log = options.log ?? (() => {});
    this.listeners = new SourceListeners(this.log);
  }

  get status(): SourceStatus {
    return this.lifecycle;
  }

  abstract withCard<T>(
    reader: string,
    work: (transport: CardTransport) => Promise<T>,
    options?: WithCardOptions,
  ): Promise<T>;

  abstract close(): Promise<void>;

  /** The subclass's readers, in any order, without identities. */
  protected abstract snapshot(): ReaderSnapshot[];

  readers(): ReaderState[] {
    return this.snapshot()
      .map((r) => ({
        name: r.name,
        cardPresent: r.cardPresent,
        atr: r.atr,
        mute: r.mute,
        identity: this.tracks.get(r.name)?.identity ?? null,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  on<K extends keyof CardSourceEvents>(
    event: K,
    listener: (payload: CardSourceEvents[K]) => void,
  ): void {
    this.listeners.on(event, listener);
  }

  off<K extends keyof CardSourceEvents>(
    event: K,
    listener: (payload: CardSourceEvents[K]) => void,
  ): void {
    this.listeners.off(event, listener);
  }

  chooseReader(wanted?: string): ReaderState {
    return chooseReader(this.readers(), wanted);
  }

  waitForCard(reader: string | undefined, timeoutMs: number): Promise<ReaderState> {
    const find = () => this.readers().find((r) => r.cardPresent && (!reader || r.name === reader));
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onInserted = () => {
        const state = find();
        if (!state) return;
        cleanup();
        resolve(state);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(this.whyNoCard(reader));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('card-inserted', onInserted);
      };
      this.on('card-inserted', onInserted);
    });
  }

  settle(options: SettleOptions = {}): Promise<void> {
    const quietMs = options.quietMs ?? this.quietMs;
    const limitMs = options.limitMs ?? SETTLE_LIMIT_MS;
    return new Promise<void>((resolve, reject) => {
      let quiet: NodeJS.Timeout | undefined;
      const done = (err?: Error): void => {
        clearTimeout(quiet);
        clearTimeout(limit);
        for (const e of ACTIVITY) this.off(e, onActivity);
        this.off('pcsc-down', onDown);
        // Down before anyone listened: the status still says so.
        const failure = err ?? (this.status === 'down' ? new PcscUnavailableError() : null);
        if (failure) reject(failure);
        else resolve();
      };
      const onActivity = (): void => {
        clearTimeout(quiet);
        quiet = setTimeout(() => done(), quietMs);
      };
      const onDown = (payload: { reason: string }): void =>
        done(new PcscUnavailableError(payload.reason));
      for (const e of ACTIVITY) this.on(e, onActivity);
      this.on('pcsc-down', onDown);
      const limit = setTimeout(() => done(), limitMs);
      onActivity();
    });
  }

  // ---- for subclasses -------------------------------------------------------------------

  /** PC/SC answers (again). */
  protected goUp(): void {
    if (this.lifecycle === 'up' || this.lifecycle === 'closed') return;
    this.lifecycle = 'up';
    this.log('pcsc up');
    this.emit('pcsc-up', {});
  }

  /** PC/SC is missing or went away; the subclass keeps trying. */
  protected goDown(reason: string): void {
    if (this.lifecycle === 'down' || this.lifecycle === 'closed') return;
    this.lifecycle = 'down';
    this.log(`pcsc down: ${reason}`);
    this.emit('pcsc-down', { reason });
  }

  /**
   * The start of close(): false when the source was closed already. From here on no event
   * is delivered and no identification applied.
   */
  protected markClosed(): boolean {
    if (this.lifecycle === 'closed') return false;
    this.lifecycle = 'closed';
    this.listeners.clear();
    this.tracks.clear();
    return true;
  }

  protected readerAdded(reader: string): void {
    this.tracks.set(reader, { identity: null, generation: 0 });
    this.emit('reader-added', { reader });
  }

  /** The reader is gone; its card, if any, was reported removed first. */
  protected readerRemoved(reader: string): void {
    this.tracks.delete(reader);
    this.emit('reader-removed', { reader });
  }

  /**
   * A card arrived. `atr` null: a mute card, announced (atr '') so the UI can explain it,
   * never identified.
   */
  protected cardInserted(reader: string, atr: Buffer | null): void {
    const track = this.trackOf(reader);
    track.generation++;
    track.identity = null;
    this.emit('card-inserted', { reader, atr: atr ? atr.toString('hex').toUpperCase() : '' });
    if (atr && this.lifecycle !== 'closed') this.identifyInBackground(reader, track);
  }

  protected cardRemoved(reader: string): void {
    const track = this.trackOf(reader);
    track.generation++;
    track.identity = null;
    this.emit('card-removed', { reader });
  }

  protected emit<K extends keyof CardSourceEvents>(event: K, payload: CardSourceEvents[K]): void {
    if (this.lifecycle === 'closed') return;
    this.listeners.emit(event, payload);
  }

  private trackOf(reader: string): IdentityTrack {
    let track = this.tracks.get(reader);
    if (!track) {
      track = { identity: null, generation: 0 };
      this.tracks.set(reader, track);
    }
    return track;
  }

  private identifyInBackground(reader: string, track: IdentityTrack): void {
    const identify = this.identify;
    if (!identify) return;
    const generation = track.generation;
    const current = () => this.tracks.get(reader) === track && track.generation === generation;
    this.withCard(reader, (transport) => identify(transport)).then(
      (identity) => {
        if (!current()) return;
        track.identity = identity;
        this.emit('card-identified', { reader, identity });
      },
      (err: unknown) => {
        // A card pulled meanwhile: its removal event already told everyone.
        if (current()) this.log(`identify failed on ${reader}: ${(err as Error)?.message}`);
      },
    );
  }

  private whyNoCard(reader: string | undefined): AppError {
    if (this.lifecycle !== 'up') return new PcscUnavailableError();
    const names = this.snapshot().map((r) => r.name);
    if (names.length === 0 || (reader !== undefined && !names.includes(reader))) {
      return new NoReaderError();
    }
    return new NoCardError(reader);
  }
}

/**
 * A just-opened source, once usable: it has reported its readers and PC/SC is up.
 * Otherwise it is closed and the error thrown, so the caller never holds a dead one. The
 * CLI's commands and the app's Diagnose screen (its own PC/SC source in demo mode) both
 * open sources through this.
 */
export async function readySource<S extends CardSource>(source: S): Promise<S> {
  try {
    await source.settle();
    return source;
  } catch (err) {
    await source.close();
    throw err;
  }
}

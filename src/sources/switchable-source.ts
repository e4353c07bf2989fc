/**
 * The card source the app runs on: the PC/SC card service, or the demo card when the person
 * asks for it (`--demo`, or the "try the demo card" button), and back again, without a
 * restart. It implements CardSource by forwarding to the source in use, so the handlers,
 * the diagnosis and the card-status builder never ask which one it is.
 *
 * A switch looks to listeners like what it is: every reader of the old source leaves (its
 * card first), the new source's readers arrive with their cards, and the service status
 * follows the new source ('pcsc-up' / 'pcsc-down'). 'source-changed' says which mode runs.
 *
 * The PC/SC service, once opened, is kept for the app's life and only set aside while the
 * demo runs: pcsclite 1.0.1's close() stops its watcher but gives the context back to pcscd
 * only when garbage collection destroys it (docs/app.md "One PC/SC context"), so a service
 * opened anew on every switch would pile contexts up in pcscd. A demo card is closed when
 * left; the next demo is a fresh card.
 */
import type { CardTransport } from '../card/transport';
import { PcscUnavailableError } from '../core/errors';
import type { VirtualCard } from '../virtual-card';
import type {
  CardSource,
  CardSourceEvents,
  ReaderState,
  SettleOptions,
  SourceStatus,
  WithCardOptions,
} from './card-source';
import { SourceListeners } from './source-listeners';

/** What the app can switch between. */
export interface SourceFactories {
  /** The PC/SC card service; it starts even when PC/SC is down and keeps trying. */
  pcsc(): Promise<CardSource>;
  /** The demo card of `scenario` (rejects for an unknown scenario, naming the known ones). */
  demo(scenario: string): Promise<CardSource>;
}

/** What the app's "try the demo card" and "back to real cards" buttons need. */
export interface SourceSwitch {
  /** The demo card's scenario while the demo runs; null on real cards. */
  readonly demoScenario: string | null;
  useDemo(scenario: string): Promise<void>;
  useRealCards(): Promise<void>;
}

type AnyListener = (payload: never) => void;

/** Source events forwarded as they come; 'source-changed' is this class's own. */
const FORWARDED = [
  'reader-added',
  'reader-removed',
  'card-inserted',
  'card-removed',
  'card-identified',
  'pcsc-down',
  'pcsc-up',
] as const satisfies ReadonlyArray<keyof CardSourceEvents>;

export class SwitchableSource implements CardSource, SourceSwitch {
  private inner: CardSource;
  /** The PC/SC service once opened (in use, or set aside while the demo runs). */
  private pcsc: CardSource | null;
  private scenario: string | null;
  private readonly listeners: SourceListeners;
  private readonly forwarders = new Map<keyof CardSourceEvents, AnyListener>();
  /** Switches run one after another; each waits for the one before. */
  private switching: Promise<void> = Promise.resolve();
  private closed = false;

  /** Use `openSwitchableSource`; `initial` must be the source of `demoScenario`'s mode. */
  constructor(
    private readonly factories: SourceFactories,
    initial: CardSource,
    demoScenario: string | null,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.listeners = new SourceListeners(log);
    this.inner = initial;
    this.pcsc = demoScenario === null ? initial : null;
    this.scenario = demoScenario;
    this.attach(initial);
  }

  get kind(): 'pcsc' | 'virtual' {
    return this.inner.kind;
  }

  get status(): SourceStatus {
    return this.closed ? 'closed' : this.inner.status;
  }

  /** The demo card's scenario while the demo runs; null on real cards. */
  get demoScenario(): string | null {
    return this.scenario;
  }

  /** The source in use (tests, and the diagnosis's trace). */
  get current(): CardSource {
    return this.inner;
  }

  readers(): ReaderState[] {
    return this.inner.readers();
  }

  /** The demo card in `reader` (its test CA answers status checks in process); null on PC/SC. */
  cardIn(reader: string): VirtualCard | null {
    const inner = this.inner as { cardIn?: (reader: string) => VirtualCard | null };
    return typeof inner.cardIn === 'function' ? inner.cardIn(reader) : null;
  }

  withCard<T>(
    reader: string,
    work: (transport: CardTransport) => Promise<T>,
    options?: WithCardOptions,
  ): Promise<T> {
    return this.inner.withCard(reader, work, options);
  }

  settle(options?: SettleOptions): Promise<void> {
    return this.inner.settle(options);
  }

  waitForCard(reader: string | undefined, timeoutMs: number): Promise<ReaderState> {
    return this.inner.waitForCard(reader, timeoutMs);
  }

  chooseReader(wanted?: string): ReaderState {
    return this.inner.chooseReader(wanted);
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

  /** Run on the demo card of `scenario` (a fresh card each time). */
  useDemo(scenario: string): Promise<void> {
    return this.switchTo(() => this.factories.demo(scenario), scenario);
  }

  /** Back to real cards through PC/SC: the service the app had, or a first one. */
  useRealCards(): Promise<void> {
    return this.switchTo(async () => this.pcsc ?? (this.pcsc = await this.factories.pcsc()), null);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.switching;
    this.detach(this.inner);
    this.listeners.clear();
    await this.inner.close();
    if (this.pcsc && this.pcsc !== this.inner) await this.pcsc.close();
  }

  private switchTo(open: () => Promise<CardSource>, scenario: string | null): Promise<void> {
    const run = this.switching.then(async () => {
      if (this.closed) throw new PcscUnavailableError('the app is closing');
      // Real cards while already on real cards: nothing to do (the service keeps trying).
      if (scenario === null && this.scenario === null) return;
      // Opened first: a refused scenario leaves the current source untouched.
      const next = await open();
      if (this.closed) {
        await next.close();
        throw new PcscUnavailableError('the app is closing');
      }
      const previous = this.inner;
      this.detach(previous);
      this.announceGone(previous);
      this.inner = next;
      this.scenario = scenario;
      this.attach(next);
      this.emit('source-changed', { demoScenario: scenario });
      this.announceArrived(next);
      // The PC/SC service waits for the way back; a demo card is done with.
      if (previous === this.pcsc) return;
      await previous.close().catch((err: unknown) => {
        this.log(`closing the previous card source: ${(err as Error)?.message}`);
      });
    });
    this.switching = run.catch(() => undefined);
    return run;
  }

  private attach(source: CardSource): void {
    for (const event of FORWARDED) {
      const forward = ((payload: CardSourceEvents[typeof event]) => {
        if (source === this.inner) this.emit(event, payload);
      }) as AnyListener;
      this.forwarders.set(event, forward);
      source.on(event, forward as (payload: CardSourceEvents[typeof event]) => void);
    }
  }

  private detach(source: CardSource): void {
    for (const event of FORWARDED) {
      const forward = this.forwarders.get(event);
      if (forward) source.off(event, forward as (payload: CardSourceEvents[typeof event]) => void);
    }
    this.forwarders.clear();
  }

  /** The old source's readers leave, each card before its reader, as a source reports it. */
  private announceGone(source: CardSource): void {
    for (const reader of source.readers()) {
      if (reader.cardPresent) this.emit('card-removed', { reader: reader.name });
      this.emit('reader-removed', { reader: reader.name });
    }
  }

  /** The new source's state as events, so a listener needs no second way to learn it. */
  private announceArrived(source: CardSource): void {
    if (source.status === 'down') this.emit('pcsc-down', { reason: 'not available' });
    else if (source.status === 'up') this.emit('pcsc-up', {});
    for (const reader of source.readers()) {
      this.emit('reader-added', { reader: reader.name });
      if (!reader.cardPresent) continue;
      this.emit('card-inserted', { reader: reader.name, atr: reader.atr ?? '' });
      if (reader.identity) {
        this.emit('card-identified', { reader: reader.name, identity: reader.identity });
      }
    }
  }

  private emit<K extends keyof CardSourceEvents>(event: K, payload: CardSourceEvents[K]): void {
    if (!this.closed) this.listeners.emit(event, payload);
  }
}

/**
 * The app's source at start: the demo card when `--demo` named one, else the PC/SC service,
 * whatever state PC/SC is in. Never the demo card in place of a missing service or reader.
 */
export async function openSwitchableSource(
  demoScenario: string | null,
  factories: SourceFactories,
  log?: (message: string) => void,
): Promise<SwitchableSource> {
  const initial =
    demoScenario === null ? await factories.pcsc() : await factories.demo(demoScenario);
  return new SwitchableSource(factories, initial, demoScenario, log);
}

/**
 * The listeners of a CardSource's events, for the sources that keep their own (the base of
 * the PC/SC and virtual sources, and the switch between them).
 */
import type { CardSourceEvents } from './card-source';

type Listener<K extends keyof CardSourceEvents> = (payload: CardSourceEvents[K]) => void;
type AnyListener = (payload: never) => void;

export class SourceListeners {
  private readonly byEvent = new Map<keyof CardSourceEvents, AnyListener[]>();

  constructor(private readonly log: (message: string) => void) {}

  on<K extends keyof CardSourceEvents>(event: K, listener: Listener<K>): void {
    const list = this.byEvent.get(event) ?? [];
    list.push(listener as AnyListener);
    this.byEvent.set(event, list);
  }

  /** Removes one registration of `listener`, the latest, as Node's EventEmitter does. */
  off<K extends keyof CardSourceEvents>(event: K, listener: Listener<K>): void {
    const list = this.byEvent.get(event);
    const at = list?.lastIndexOf(listener as AnyListener) ?? -1;
    if (at >= 0) list!.splice(at, 1);
  }

  /**
   * Each listener on its own: one that throws must neither keep the others from hearing of
   * the card nor unwind into whoever reported it (pcsclite's native callback). Listeners
   * added or removed meanwhile take effect from the next event.
   */
  emit<K extends keyof CardSourceEvents>(event: K, payload: CardSourceEvents[K]): void {
    for (const listener of [...(this.byEvent.get(event) ?? [])]) {
      try {
        (listener as Listener<K>)(payload);
      } catch (err) {
        this.log(`a '${event}' listener threw: ${(err as Error)?.stack ?? String(err)}`);
      }
    }
  }

  clear(): void {
    this.byEvent.clear();
  }
}

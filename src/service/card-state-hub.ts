/**
 * The one card state every window shows. The backend is its single owner: each status read
 * and each PIN outcome goes through here and is pushed to every subscriber (every Electron
 * window, every browser tab), so a window never shows counters another one has spent.
 *
 * Reads of one reader that overlap share one card read: two windows that both see a card
 * arrive ask for its status at once, and the card is read once for both.
 */
import type { CardStatusView, PinOutcome } from './contract';
import type { BackendEventListener } from './handler-types';

export interface CardStateHub {
  /** `read` the status of the card in `reader`, or join the read already under way. */
  status(reader: string, read: () => Promise<CardStatusView>): Promise<CardStatusView>;
  /**
   * The counters after a PIN operation (success, failure or refusal), for every window; one
   * left out was not read and stays as each window has it.
   */
  counters(reader: string, counters: Partial<PinOutcome>): void;
  /** The card in `reader` left (or the reader, or the service): no read of it is shared on. */
  forget(reader: string): void;
  forgetAll(): void;
}

export function createCardStateHub(emit: BackendEventListener): CardStateHub {
  const reading = new Map<string, Promise<CardStatusView>>();

  return {
    status(reader, read) {
      const current = reading.get(reader);
      if (current) return current;
      const run = read().then((status) => {
        // A read overtaken by a removal is nobody's news: the removal was pushed already.
        if (reading.get(reader) === run) emit('card-status', { reader, status });
        return status;
      });
      reading.set(reader, run);
      const done = () => {
        if (reading.get(reader) === run) reading.delete(reader);
      };
      run.then(done, done);
      return run;
    },
    counters(reader, counters) {
      emit('pin-state', { reader, ...counters });
    },
    forget(reader) {
      reading.delete(reader);
    },
    forgetAll() {
      reading.clear();
    },
  };
}

import type { CardState } from '../store/card-store';

/**
 * The live states of the card screen (docs/app.md "Card states"), each with its own
 * message: what is going on, and what the person can do next.
 */
export type CardViewState =
  | 'starting'
  | 'pcsc-down'
  | 'no-reader'
  | 'no-card'
  | 'removed'
  | 'mute'
  | 'reading'
  | 'unknown-card'
  | 'error'
  | 'ready';

/** Which of the card screen's states applies. */
export function cardViewState(
  s: Pick<
    CardState,
    | 'pcscAvailable'
    | 'readersLoaded'
    | 'readers'
    | 'selectedReader'
    | 'status'
    | 'statusLoading'
    | 'error'
  > & { removedFrom?: string | null },
): CardViewState {
  if (!s.pcscAvailable) return 'pcsc-down';
  if (!s.readersLoaded) return s.error ? 'error' : 'starting';
  if (s.readers.length === 0) return 'no-reader';
  const reader = s.readers.find((r) => r.name === s.selectedReader);
  if (!reader || !reader.cardPresent) {
    return reader && s.removedFrom === reader.name ? 'removed' : 'no-card';
  }
  if (reader.mute) return 'mute';
  if (s.status) return s.status.family === 'unknown' ? 'unknown-card' : 'ready';
  if (s.statusLoading) return 'reading';
  return s.error ? 'error' : 'reading';
}

/** The demo badge: the in-process demo card, or the project's virtual card in a reader. */
export function isDemo(s: Pick<CardState, 'info' | 'status'>): boolean {
  return !!s.info?.demoScenario || !!s.status?.demo;
}

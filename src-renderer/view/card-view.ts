import type { CardState } from '../store/card-store';

export type CardViewState =
  'pcsc-down' | 'loading' | 'no-reader' | 'no-card' | 'mute' | 'error' | 'ready';

/** Which of the card screen's states applies; each has its own "what to do" message. */
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
  >,
): CardViewState {
  if (!s.pcscAvailable) return 'pcsc-down';
  if (!s.readersLoaded) return s.error ? 'error' : 'loading';
  if (s.readers.length === 0) return 'no-reader';
  const reader = s.readers.find((r) => r.name === s.selectedReader);
  if (!reader || !reader.cardPresent) return 'no-card';
  if (reader.mute) return 'mute';
  if (s.status) return 'ready';
  if (s.statusLoading) return 'loading';
  return s.error ? 'error' : 'loading';
}

/** The demo badge: the in-process demo card, or the project's virtual card in a reader. */
export function isDemo(s: Pick<CardState, 'info' | 'status'>): boolean {
  return !!s.info?.demoScenario || !!s.status?.demo;
}

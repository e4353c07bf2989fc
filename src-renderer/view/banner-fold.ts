import type { LangStorage } from '../store/language';

/**
 * Which advice the person folded away: the advisor status it was folded for. A banner
 * folded while extension was open comes back unfolded when the certificate expires, since
 * that is news. Holds a status name only, never anything from the card.
 */
export const BANNER_FOLD_KEY = 'citizen-card-manager.advice-folded';

export function readFold(storage: LangStorage | null): string {
  try {
    return storage?.getItem(BANNER_FOLD_KEY) ?? '';
  } catch {
    return '';
  }
}

/** `status` folded, or '' for unfolded. */
export function saveFold(storage: LangStorage | null, status: string): void {
  try {
    storage?.setItem(BANNER_FOLD_KEY, status);
  } catch {
    // Not remembering a fold is harmless.
  }
}

/** The page's storage, or null where there is none (server rendering, storage disabled). */
export function pageStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

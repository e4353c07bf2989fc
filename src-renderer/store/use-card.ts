import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Lang } from '../../src/core/i18n';
import { t } from '../../src/core/i18n';
import type { MessageParams } from '../../src/core/errors';
import type { CardActions, CardState, CardStore } from './card-store';

export const CardStoreContext = createContext<CardStore | null>(null);

function useStoreApi(): CardStore {
  const store = useContext(CardStoreContext);
  if (!store) throw new Error('CardStoreContext is missing');
  return store;
}

/**
 * One slice of the store. Selectors must return a field as it is (not a new object), so
 * the snapshot stays stable; the same snapshot serves server rendering in tests.
 */
export function useCard<T>(selector: (s: CardState & CardActions) => T): T {
  const store = useStoreApi();
  const get = () => selector(store.getState());
  return useSyncExternalStore(store.subscribe, get, get);
}

export function useActions(): CardActions {
  return useStoreApi().getState();
}

/** The current language and a bound `t`. */
export function useT(): { lang: Lang; tr: (key: string, params?: MessageParams) => string } {
  const lang = useCard((s) => s.lang);
  return { lang, tr: (key, params) => t(lang, key, params) };
}

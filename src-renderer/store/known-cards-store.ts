/**
 * "My cards": the remembered cards as the backend lists them (masked), the ones the person
 * chose to reveal, and the outcome of the last action. The remembering switch is the
 * `rememberCards` setting, in the card store with the other settings. Kept apart
 * from the card store, so the list never disturbs what the other screens show.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Lang } from '../../src/core/i18n';
import type {
  CardApi,
  IpcError,
  IpcResult,
  KnownCardsView,
  RevealedCard,
} from '../../src/service/contract';
import { getCardApi } from '../api/get-api';
import { downloadBase64 } from '../view/download';

/** What the last action did, as a message key, so it follows the language switch. */
export interface KnownCardsOutcome {
  ok: boolean;
  key: string;
  params: Record<string, string | number>;
}

export interface KnownCardsState {
  view: KnownCardsView | null;
  loading: boolean;
  busy: boolean;
  /** The list could not be fetched at all. */
  error: IpcError | null;
  /** Cards shown in full, by ID, until hidden again or the list changes. */
  revealed: Record<string, RevealedCard>;
  outcome: KnownCardsOutcome | null;
}

export interface KnownCardsActions {
  load(): Promise<void>;
  reveal(id: string): Promise<void>;
  hide(id: string): void;
  forget(id: string): Promise<void>;
  forgetAll(): Promise<void>;
  calendar(lang: Lang): Promise<void>;
}

export type KnownCardsStore = StoreApi<KnownCardsState & KnownCardsActions>;

export interface KnownCardsDeps {
  api: CardApi;
  /** The browser host returns the calendar file as base64: offered as a download. */
  download?: (fileName: string, base64: string) => void;
}

export function createKnownCardsStore(deps: KnownCardsDeps): KnownCardsStore {
  const { api } = deps;
  // An answer to an older list request is dropped when a newer one was made meanwhile.
  let seq = 0;
  return createStore<KnownCardsState & KnownCardsActions>()((set, get) => {
    const fail = (error: IpcError) =>
      set({ busy: false, outcome: { ok: false, key: error.messageKey, params: error.params } });

    /** A new list from an action: revealed cards that are gone are forgotten too. */
    const apply = (result: IpcResult<KnownCardsView>, done: KnownCardsOutcome | null) => {
      seq++;
      if (!result.ok) return fail(result.error);
      const ids = new Set(result.value.cards.map((c) => c.id));
      const revealed = Object.fromEntries(
        Object.entries(get().revealed).filter(([id]) => ids.has(id)),
      );
      set({ view: result.value, busy: false, error: null, revealed, outcome: done });
    };

    return {
      view: null,
      loading: false,
      busy: false,
      error: null,
      revealed: {},
      outcome: null,

      async load() {
        const mine = ++seq;
        set({ loading: true });
        const r = await api.knownCards();
        if (mine !== seq) return;
        if (r.ok) {
          const ids = new Set(r.value.cards.map((c) => c.id));
          const revealed = Object.fromEntries(
            Object.entries(get().revealed).filter(([id]) => ids.has(id)),
          );
          set({ view: r.value, loading: false, error: null, revealed });
        } else set({ loading: false, error: r.error });
      },

      async reveal(id) {
        const r = await api.revealCard({ id });
        if (r.ok) set({ revealed: { ...get().revealed, [id]: r.value } });
        else fail(r.error);
      },

      hide(id) {
        const { [id]: _gone, ...rest } = get().revealed;
        set({ revealed: rest });
      },

      async forget(id) {
        set({ busy: true, outcome: null });
        apply(await api.forgetCards({ id }), {
          ok: true,
          key: 'knownCards.ui.forgotten',
          params: {},
        });
      },

      async forgetAll() {
        set({ busy: true, outcome: null });
        apply(await api.forgetCards({ all: true }), {
          ok: true,
          key: 'knownCards.ui.forgottenAll',
          params: {},
        });
      },

      async calendar(lang) {
        set({ busy: true, outcome: null });
        const r = await api.cardsCalendar({ lang });
        if (!r.ok) return fail(r.error);
        const { fileName, saved, base64 } = r.value;
        let key = saved ? 'knownCards.ui.calendarSaved' : 'knownCards.ui.calendarCancelled';
        if (base64 !== undefined) {
          (deps.download ?? downloadBase64)(fileName, base64);
          key = 'knownCards.ui.calendarDownloaded';
        }
        set({
          busy: false,
          outcome: { ok: saved || base64 !== undefined, key, params: { file: fileName } },
        });
      },
    };
  });
}

export const KnownCardsStoreContext = createContext<KnownCardsStore | null>(null);

let pageStore: KnownCardsStore | null = null;

function useKnownCardsStore(): KnownCardsStore {
  const provided = useContext(KnownCardsStoreContext);
  if (provided) return provided;
  pageStore ??= createKnownCardsStore({ api: getCardApi() });
  return pageStore;
}

export function useKnownCards<T>(selector: (s: KnownCardsState & KnownCardsActions) => T): T {
  const store = useKnownCardsStore();
  const get = () => selector(store.getState());
  return useSyncExternalStore(store.subscribe, get, get);
}

/** The store the page provides, or null (a screen rendered alone in a test). */
export function useProvidedKnownCardsStore(): KnownCardsStore | null {
  return useContext(KnownCardsStoreContext);
}

const NO_STORE = () => () => undefined;

/** Like useKnownCards on the provided store; `fallback` when the page provides none. */
export function useProvidedKnownCards<T>(
  store: KnownCardsStore | null,
  selector: (s: KnownCardsState & KnownCardsActions) => T,
  fallback: T,
): T {
  const get = () => (store ? selector(store.getState()) : fallback);
  return useSyncExternalStore(store ? store.subscribe : NO_STORE, get, get);
}

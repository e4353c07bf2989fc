/**
 * "Can this card sign?": the state of the signature self-test panel (PIN and Diagnose
 * screens). Nothing runs until the person submits the PIN; the form's checks and the
 * last-try gate are the app's one PIN policy, the same as the verify form's
 * (card-profile.md §1.2), and main checks them all again.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { lastTryGate, triesRefusal } from '../../src/card/pin-policy';
import type { SecretStatus, SelfTestResult } from '../../src/core/model';
import type { CardApi, IpcError } from '../../src/service/contract';
import { getCardApi } from '../api/get-api';
import { validateVerify, type FieldProblem } from '../view/secret-validation';

export interface SelfTestState {
  busy: boolean;
  /** The last test's outcome, for the reader it ran on. */
  result: SelfTestResult | null;
  /** The request never became a test (no card, refused by a rule, bad form, IPC error). */
  error: IpcError | null;
  problems: FieldProblem[];
}

export interface SelfTestActions {
  /**
   * Runs the test on `reader` with `pin`; `counter` is the PIN status the screen shows, so a
   * blocked PIN is never sent and the last try only with `confirmed`. Resolves with whether
   * the PIN counter may have changed (the screen then reads the card's status again).
   */
  run(
    reader: string,
    pin: string,
    confirmed: boolean,
    counter: SecretStatus | null,
  ): Promise<boolean>;
  clear(): void;
}

export type SelfTestStore = StoreApi<SelfTestState & SelfTestActions>;

const refused = (messageKey: string): IpcError => ({ code: 'refused', messageKey, params: {} });

export function createSelfTestStore(api: () => CardApi): SelfTestStore {
  return createStore<SelfTestState & SelfTestActions>()((set, get) => ({
    busy: false,
    result: null,
    error: null,
    problems: [],

    async run(reader, pin, confirmed, counter) {
      if (get().busy) return false;
      const problems = validateVerify({ pin });
      if (problems.length > 0) {
        set({
          problems,
          result: null,
          error: { ...refused('ui.validate.fixFields'), code: 'invalid-input' },
        });
        return false;
      }
      const tries = triesRefusal(counter, confirmed);
      if (tries === 'blocked') {
        set({ problems: [], result: null, error: refused('refused.already-blocked') });
        return false;
      }
      if (tries) {
        set({ problems: [], result: null, error: refused('refused.last-try-unconfirmed') });
        return false;
      }
      set({ busy: true, result: null, error: null, problems: [] });
      const r = await api().selfTest({
        reader,
        pin,
        confirmLastTry: lastTryGate(counter, confirmed).confirmLastTry,
      });
      if (r.ok) {
        set({ busy: false, result: r.value });
        return true;
      }
      set({ busy: false, error: r.error });
      return r.error.code === 'wrong-secret' || r.error.code === 'secret-blocked';
    },

    clear() {
      set({ result: null, error: null, problems: [] });
    },
  }));
}

export const SelfTestStoreContext = createContext<SelfTestStore | null>(null);

let pageStore: SelfTestStore | null = null;

function useSelfTestStore(): SelfTestStore {
  const provided = useContext(SelfTestStoreContext);
  if (provided) return provided;
  pageStore ??= createSelfTestStore(getCardApi);
  return pageStore;
}

export function useSelfTest<T>(selector: (s: SelfTestState & SelfTestActions) => T): T {
  const store = useSelfTestStore();
  const get = () => selector(store.getState());
  return useSyncExternalStore(store.subscribe, get, get);
}

/**
 * The Diagnose screen's own state: the last report, the two switches (show card number and
 * name, record an APDU trace) and the run in progress. Kept apart from the card store, so
 * running a diagnosis never disturbs what the other screens show.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DiagnosticReport } from '../../src/service/diagnostics/types';
import type { Lang } from '../../src/core/i18n';
import type { CardApi, IpcError } from '../../src/service/contract';
import { getCardApi } from '../api/get-api';
import { parseReportFile, ReportFileError } from '../../src/service/diagnostics/report-file';

export interface DiagnoseState {
  report: DiagnosticReport | null;
  busy: boolean;
  error: IpcError | null;
  /** Show the card number and holder in full (the report is masked otherwise). */
  unmask: boolean;
  /** Record every APDU of the run into the report. */
  trace: boolean;
  /** The report shown was opened from this file, not made here (docs/diagnostics.md). */
  openedFile: string | null;
  /** Why a file could not be opened as a report (one sentence). */
  openError: IpcError | null;
}

export interface DiagnoseActions {
  run(lang: Lang): Promise<void>;
  /** Changes what the report shows, so an existing report is made again. */
  setUnmask(unmask: boolean, lang: Lang): Promise<void>;
  setTrace(trace: boolean): void;
  /** Shows a saved report (its JSON text) instead of running the checks. */
  openSaved(fileName: string, text: string): void;
  /** Says why a file was not even read (too large). */
  refuseFile(error: IpcError): void;
  closeSaved(): void;
}

export type DiagnoseStore = StoreApi<DiagnoseState & DiagnoseActions>;

export function createDiagnoseStore(api: CardApi): DiagnoseStore {
  // An answer to an older run (the person pressed again, or flipped "show") is dropped.
  let seq = 0;
  return createStore<DiagnoseState & DiagnoseActions>()((set, get) => ({
    report: null,
    busy: false,
    error: null,
    unmask: false,
    trace: false,
    openedFile: null,
    openError: null,

    async run(lang) {
      const mine = ++seq;
      const { unmask, trace } = get();
      set({ busy: true, error: null, openError: null });
      const r = await api.diagnose({ lang, unmask, trace });
      if (mine !== seq) return;
      if (r.ok) set({ report: r.value, busy: false, openedFile: null });
      else set({ error: r.error, busy: false });
    },

    async setUnmask(unmask, lang) {
      set({ unmask });
      // A masked report must not stay on screen under "show", nor the reverse. A saved one
      // is shown as it was saved: it cannot be unmasked, and is not replaced by a new run.
      if (get().report && !get().openedFile) await get().run(lang);
    },

    setTrace(trace) {
      set({ trace });
    },

    openSaved(fileName, text) {
      try {
        const report = parseReportFile(text.replace(/^\uFEFF/, ''), fileName);
        // A run still under way must not replace the report the person just opened.
        seq++;
        set({ report, openedFile: fileName, openError: null, error: null, busy: false });
      } catch (err) {
        if (!(err instanceof ReportFileError)) throw err;
        set({ openError: { code: err.code, messageKey: err.messageKey, params: err.params } });
      }
    },

    refuseFile(error) {
      set({ openError: error });
    },

    closeSaved() {
      if (get().openedFile) set({ report: null, openedFile: null });
      set({ openError: null });
    },
  }));
}

export const DiagnoseStoreContext = createContext<DiagnoseStore | null>(null);

let pageStore: DiagnoseStore | null = null;

function useDiagnoseStore(): DiagnoseStore {
  const provided = useContext(DiagnoseStoreContext);
  if (provided) return provided;
  pageStore ??= createDiagnoseStore(getCardApi());
  return pageStore;
}

export function useDiagnose<T>(selector: (s: DiagnoseState & DiagnoseActions) => T): T {
  const store = useDiagnoseStore();
  const get = () => selector(store.getState());
  return useSyncExternalStore(store.subscribe, get, get);
}

/**
 * Everything the screens show, and every way the page reaches the card, in one zustand
 * store that runs in Node as well as in the page (tests drive it with a fake CardApi).
 *
 * Secrets: PIN and user code are arguments of the PIN actions only. They go straight to
 * the CardApi call and are never written to the state, a log or storage.
 *
 * The card state itself belongs to the main process (or the browser host): every read and
 * every PIN outcome it pushes is applied here, whichever window asked for it, so two
 * windows never disagree about a card's counters.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ErrorCode, MessageParams } from '../../src/core/errors';
import type { Lang } from '../../src/core/i18n';
import type {
  AppInfo,
  CardApi,
  CardStatusView,
  IpcError,
  IpcEvents,
  IpcResult,
  PinOutcome,
  ReaderState,
  RevocationView,
} from '../../src/service/contract';
import type { AdvisorResult, SecretStatus } from '../../src/core/model';
import type { Settings, SettingsProblem } from '../../src/service/contract';
import { lastTryGate, triesRefusal } from '../../src/card/pin-policy';
import {
  validateChange,
  validateUnblock,
  validateVerify,
  type FieldProblem,
} from '../view/secret-validation';
import { loadLang, pageMessages, saveLang, type LangStorage, type MessageLoader } from './language';
import { pinRefusal } from './pin-access';
import { countersAfterError } from './pin-outcome';

export type Screen =
  'card' | 'pin' | 'certs' | 'expiry' | 'cards' | 'help' | 'diagnose' | 'settings';
export const SCREENS: readonly Screen[] = [
  'card',
  'pin',
  'certs',
  'expiry',
  'cards',
  'help',
  'diagnose',
  'settings',
];

/** A message to show, as a key and parameters, so it follows the language switch. */
export interface Message {
  key: string;
  params: MessageParams;
}

export interface Notice extends Message {
  /** Increases with every notice, so the same text said twice is announced twice. */
  id: number;
  tone: 'info' | 'warning';
}

export type PinKind = 'verify' | 'change' | 'unblock';

export interface PinResult {
  kind: PinKind;
  ok: boolean;
  message: Message;
  errorCode: ErrorCode | null;
  problems: FieldProblem[];
  /** The counters after the attempt (card or PKCS#11 module), to show "n/3" or the state. */
  pin: SecretStatus | null;
  userCode: SecretStatus | null;
}

export interface ExportOutcome {
  ok: boolean;
  message: Message;
}

/** Whether the page reaches the app: always in Electron, lost when a browser host stops. */
export type HostConnection = 'connected' | 'disconnected';

export interface CardState {
  lang: Lang;
  screen: Screen;
  info: AppInfo | null;
  host: HostConnection;
  pcscAvailable: boolean;
  readersLoaded: boolean;
  readers: ReaderState[];
  selectedReader: string | null;
  /** The selected reader's card was just pulled out (until a card or reader comes). */
  removedFrom: string | null;
  status: CardStatusView | null;
  statusLoading: boolean;
  /** The last failed read (readers or status), shown where the data would be. */
  error: IpcError | null;
  advice: AdvisorResult | null;
  /** The person's own statement about extension (UI toggle); null = the advisor infers. */
  extendedStated: boolean | null;
  adviceLoading: boolean;
  adviceError: IpcError | null;
  /** What the certificates' issuer says (docs/revocation.md); null until asked. */
  revocation: RevocationView | null;
  revocationLoading: boolean;
  pinBusy: boolean;
  pinResult: PinResult | null;
  exportBusy: boolean;
  exportResult: ExportOutcome | null;
  notice: Notice | null;
  /** The person's settings as saved (null until loaded); every window shows the same. */
  settings: Settings | null;
  /** The settings file was damaged and moved aside: where to, shown once on the settings screen. */
  settingsProblem: SettingsProblem | null;
  /** A switch between real cards and the demo card is under way. */
  switchBusy: boolean;
}

export interface ChangeForm {
  oldPin: string;
  newPin: string;
  newPinAgain: string;
}

export interface UnblockForm {
  userCode: string;
  newPin: string;
  newPinAgain: string;
}

export interface CardActions {
  /** Load app info and readers, then follow the live events. */
  start(): Promise<void>;
  /** Stop following events. */
  stop(): void;
  /**
   * Show `lang` once its messages are in (at once when they are); if they cannot be
   * loaded, the page stays in its language and says so.
   */
  setLang(lang: Lang): Promise<void>;
  setScreen(screen: Screen): void;
  selectReader(name: string): Promise<void>;
  refreshReaders(): Promise<void>;
  refreshStatus(): Promise<void>;
  /** true/false: the person says the certificate was (not) extended; null: infer again. */
  setExtended(value: boolean | null): Promise<void>;
  verifyPin(pin: string, confirmedLastTry: boolean): Promise<PinResult>;
  changePin(form: ChangeForm, confirmedLastTry: boolean): Promise<PinResult>;
  unblockPin(form: UnblockForm, confirmedLastTry: boolean): Promise<PinResult>;
  clearPinResult(): void;
  exportCertificate(id: string, format: 'pem' | 'der'): Promise<void>;
  openExternal(url: string): Promise<void>;
  dismissNotice(): void;
  changeSettings(patch: Partial<Settings>): Promise<void>;
  /** Switch to the demo card of `scenario` (default `fresh`): only on the person's request. */
  tryDemo(scenario?: string): Promise<void>;
  /** Leave the demo card for real cards. */
  leaveDemo(): Promise<void>;
}

/** How the page learns that the host went away and came back (the browser bridge). */
export interface ConnectionWatch {
  readonly status: 'connecting' | 'connected' | 'disconnected';
  onStatus(listener: (status: 'connecting' | 'connected' | 'disconnected') => void): () => void;
}

export type CardStore = StoreApi<CardState & CardActions>;

export interface CardStoreDeps {
  api: CardApi;
  /** Where the language choice is kept (localStorage in the page); null keeps nothing. */
  storage?: LangStorage | null;
  /** Each language's messages; default: the page's own (src/core/i18n). */
  messages?: MessageLoader;
  /** Offers a file the browser host returned as base64 (the page's download). */
  download?: (fileName: string, base64: string) => void;
  /** The browser bridge's connection; absent in Electron, where the app cannot go away. */
  connection?: ConnectionWatch | null;
}

function message(key: string, params: MessageParams = {}): Message {
  return { key, params };
}

function fromError(error: IpcError): Message {
  return { key: error.messageKey, params: error.params };
}

/** A local refusal has the same shape as one from the main process. */
function localError(code: ErrorCode, messageKey: string): IpcError {
  return { code, messageKey, params: {} };
}

/** The reader to show: keep the current one, else the first with a card, else the first. */
export function chooseReader(readers: ReaderState[], current: string | null): string | null {
  if (current && readers.some((r) => r.name === current)) return current;
  return (readers.find((r) => r.cardPresent) ?? readers[0])?.name ?? null;
}

export function hasUsableCard(reader: ReaderState | undefined): boolean {
  return !!reader && reader.cardPresent && !reader.mute;
}

export function createCardStore(deps: CardStoreDeps): CardStore {
  const { api } = deps;
  const storage = deps.storage ?? null;
  let unsubscribe: Array<() => void> = [];
  // Every status request gets a number; an answer for an older one (the card was removed
  // or another reader chosen meanwhile) is dropped instead of overwriting newer state.
  let statusSeq = 0;
  let adviceSeq = 0;
  let revocationSeq = 0;
  let noticeSeq = 0;
  const messages = deps.messages ?? pageMessages;
  // The language last asked for: a slower load of an earlier choice must not win over it.
  let wantedLang: Lang | null = null;

  return createStore<CardState & CardActions>()((set, get) => {
    const readerState = (name: string | null) => get().readers.find((r) => r.name === name);

    const notify = (key: string, params: MessageParams, tone: Notice['tone'] = 'info') =>
      set({ notice: { id: ++noticeSeq, key, params, tone } });

    /** "Inserted, reading it now" is stale once the read is over: the screen shows the rest. */
    const doneReading = () => {
      if (get().notice?.key === 'ui.notice.cardInserted') set({ notice: null });
    };

    const clearCard = () => {
      statusSeq++;
      adviceSeq++;
      revocationSeq++;
      set({
        revocation: null,
        revocationLoading: false,
        status: null,
        statusLoading: false,
        advice: null,
        adviceLoading: false,
        adviceError: null,
        extendedStated: null,
        pinResult: null,
        exportResult: null,
        error: null,
      });
    };

    const markDown = (error: IpcError) => {
      clearCard();
      set({ pcscAvailable: false, readers: [], readersLoaded: true, error });
    };

    /** New reader list: keep or pick the selection, fetch or clear the card's data. */
    const applyReaders = async (readers: ReaderState[]) => {
      const before = get().selectedReader;
      const hadCard = !!get().status;
      const selectedReader = chooseReader(readers, before);
      set({ readers, readersLoaded: true, selectedReader, pcscAvailable: true });
      const now = readerState(selectedReader);
      if (selectedReader !== before || now?.cardPresent) set({ removedFrom: null });
      if (!hasUsableCard(now)) {
        if (hadCard || get().statusLoading) {
          clearCard();
          if (selectedReader === before && before && !now?.cardPresent) {
            set({ removedFrom: before });
            notify('ui.notice.cardRemoved', { reader: before }, 'warning');
          }
        }
        return;
      }
      if (selectedReader !== before || (!get().status && !get().statusLoading)) {
        if (selectedReader !== before) clearCard();
        await get().refreshStatus();
      }
    };

    const requestAdvice = async () => {
      const reader = get().selectedReader;
      if (!reader || !get().status) return;
      const seq = ++adviceSeq;
      const stated = get().extendedStated;
      set({ adviceLoading: true, adviceError: null });
      const r = await api.advise(stated === null ? { reader } : { reader, extended: stated });
      if (seq !== adviceSeq) return;
      if (r.ok) set({ advice: r.value, adviceLoading: false });
      else set({ adviceLoading: false, adviceError: r.error });
    };

    /**
     * Asks the issuer (the backend decides from the person's setting) without holding up the
     * card's details; a definite answer then reaches the advice through card:advise.
     */
    const requestRevocation = async () => {
      const reader = get().selectedReader;
      if (!reader || !get().status) return;
      const seq = ++revocationSeq;
      set({ revocationLoading: true });
      const r = await api.revocation({ reader });
      if (seq !== revocationSeq) return;
      set({ revocation: r.ok ? r.value : null, revocationLoading: false });
      if (r.ok && r.value.enabled && get().advice) await requestAdvice();
    };

    const runPin = async (
      kind: PinKind,
      problems: FieldProblem[],
      secret: 'pin' | 'userCode',
      confirmed: boolean,
      send: (reader: string, confirmLastTry: boolean) => Promise<IpcResult<PinOutcome>>,
    ): Promise<PinResult> => {
      const status = get().status;
      const counters = { pin: status?.pin ?? null, userCode: status?.userCode ?? null };
      const finish = (result: PinResult) => {
        set({ pinResult: result, pinBusy: false });
        return result;
      };
      const refuse = (error: IpcError, fieldProblems: FieldProblem[] = []) =>
        finish({
          kind,
          ok: false,
          message: fromError(error),
          errorCode: error.code,
          problems: fieldProblems,
          ...counters,
        });

      const reader = get().selectedReader;
      if (!reader || !status) return refuse(localError('no-card', 'error.noCard'));
      const refusal = pinRefusal(status, kind);
      if (refusal) return refuse(localError('refused', refusal));
      if (problems.length > 0) {
        return refuse(localError('invalid-input', 'ui.validate.fixFields'), problems);
      }
      if (kind === 'unblock' && !status.pin?.blocked) {
        return refuse(localError('refused', 'refused.unblock-not-offered'));
      }
      const tries = triesRefusal(counters[secret], confirmed);
      if (tries === 'blocked') return refuse(localError('refused', 'refused.already-blocked'));
      if (tries) return refuse(localError('refused', 'refused.last-try-unconfirmed'));
      if (get().pinBusy) return refuse(localError('refused', 'ui.pin.busy'));

      set({ pinBusy: true, pinResult: null });
      const r = await send(reader, lastTryGate(counters[secret], confirmed).confirmLastTry);
      const current = get().status;
      // The card may have been removed while the operation ran: nothing to update then.
      const sameCard = current !== null && current.reader === reader;
      if (r.ok) {
        if (sameCard) set({ status: { ...current, pin: r.value.pin, userCode: r.value.userCode } });
        return finish({
          kind,
          ok: true,
          message: message(`ui.pin.result.${kind}`),
          errorCode: null,
          problems: [],
          pin: r.value.pin,
          userCode: r.value.userCode,
        });
      }
      // A refusal or failure comes with the counters read right after it (a window that
      // missed a change elsewhere learns it here); otherwise they follow from the error.
      const after = r.error.counters ?? countersAfterError(r.error, counters);
      if (sameCard) set({ status: { ...current, ...after } });
      return finish({
        kind,
        ok: false,
        message: fromError(r.error),
        errorCode: r.error.code,
        problems: [],
        ...after,
      });
    };

    /** The main process announces the switch ('source-changed'); this only asks for it. */
    const switchSource = async (demo: string | null) => {
      if (get().switchBusy) return;
      set({ switchBusy: true });
      const r = await api.switchSource({ demo });
      set({ switchBusy: false });
      if (!r.ok) notify(r.error.messageKey, r.error.params, 'warning');
      else set({ info: r.value });
    };

    const onReadersChanged = (readers: IpcEvents['readers-changed']) => {
      void applyReaders(readers);
    };

    const onCardRemoved = ({ reader }: IpcEvents['card-removed']) => {
      const wasPresent = !!readerState(reader)?.cardPresent;
      set({
        readers: get().readers.map((r) =>
          r.name === reader
            ? { ...r, cardPresent: false, atr: null, mute: false, identity: null }
            : r,
        ),
      });
      if (reader !== get().selectedReader) return;
      // readers-changed may have told us first; announce the removal once.
      const hadCard = wasPresent || !!get().status || get().statusLoading;
      clearCard();
      if (hadCard) {
        set({ removedFrom: reader });
        notify('ui.notice.cardRemoved', { reader }, 'warning');
      }
    };

    const onCardInserted = ({ reader, atr }: IpcEvents['card-inserted']) => {
      const alreadyKnown = !!readerState(reader)?.cardPresent;
      const known = get().readers.some((r) => r.name === reader);
      const readers = known
        ? get().readers.map((r) =>
            r.name === reader ? { ...r, cardPresent: true, atr, mute: false } : r,
          )
        : [...get().readers, { name: reader, cardPresent: true, atr, mute: false, identity: null }];
      set({ readers });
      if (get().removedFrom === reader) set({ removedFrom: null });
      const selected = get().selectedReader;
      // Follow the new card unless the person is looking at another card that is still in.
      if (selected !== reader && hasUsableCard(readerState(selected))) return;
      if (selected !== reader) {
        clearCard();
        set({ selectedReader: reader, removedFrom: null });
      }
      notify('ui.notice.cardInserted', { reader });
      // readers-changed may already have started reading this card.
      if (alreadyKnown && (get().status || get().statusLoading)) return;
      void get().refreshStatus();
    };

    /** A read of the card shown, whichever window asked for it: the same card everywhere. */
    const onCardStatus = ({ reader, status }: IpcEvents['card-status']) => {
      if (reader !== get().selectedReader || !hasUsableCard(readerState(reader))) return;
      // This window's own request, if one is under way, still finishes (and asks the issuer):
      // its answer is this very read, shared.
      set({ status, advice: status.advice, statusLoading: false, error: null });
      // A statement the person made about this card still holds after a re-read.
      if (get().extendedStated !== null) void requestAdvice();
    };

    /** A PIN operation's counters, from any window: the form then offers the right gate. */
    const onPinState = ({ reader, pin, userCode }: IpcEvents['pin-state']) => {
      const current = get().status;
      if (!current || current.reader !== reader) return;
      set({
        status: {
          ...current,
          ...(pin !== undefined ? { pin } : {}),
          ...(userCode !== undefined ? { userCode } : {}),
        },
      });
    };

    const onSourceChanged = ({ demoScenario }: IpcEvents['source-changed']) => {
      const info = get().info;
      if (info) set({ info: { ...info, demoScenario } });
      clearCard();
      set({ removedFrom: null, selectedReader: null });
      // Said instead of "card removed": the demo card's reader left because of the switch.
      notify(demoScenario ? 'live.notice.demoOn' : 'live.notice.demoOff', {});
      void get().refreshReaders();
    };

    /** The host came back (the same token): read everything again, as at the start. */
    const onHost = (status: ConnectionWatch['status']) => {
      if (status === 'disconnected') {
        set({ host: 'disconnected' });
        return;
      }
      if (status !== 'connected' || get().host === 'connected') return;
      set({ host: 'connected' });
      void (async () => {
        const info = await api.info();
        if (info.ok) set({ info: info.value });
        // What happened while away is unknown: start from the readers as they are now.
        clearCard();
        set({ removedFrom: null });
        await get().refreshReaders();
      })();
    };

    const onPcscStatus = ({ available }: IpcEvents['pcsc-status']) => {
      if (available === get().pcscAvailable) return;
      if (!available) {
        markDown(localError('pcsc-unavailable', 'error.pcscUnavailable'));
        notify('ui.notice.pcscDown', {}, 'warning');
        return;
      }
      set({ pcscAvailable: true, error: null });
      notify('ui.notice.pcscUp', {});
      void get().refreshReaders();
    };

    /** A change from any window; the issuer's answer follows the status-check switch. */
    const onSettingsChanged = (settings: Settings) => {
      const before = get().settings;
      set({ settings });
      if (before && before.onlineStatusCheck !== settings.onlineStatusCheck) {
        void requestRevocation();
      }
    };

    return {
      lang: loadLang(storage),
      screen: 'card',
      info: null,
      host: deps.connection?.status === 'disconnected' ? 'disconnected' : 'connected',
      pcscAvailable: true,
      readersLoaded: false,
      readers: [],
      selectedReader: null,
      removedFrom: null,
      status: null,
      statusLoading: false,
      error: null,
      advice: null,
      extendedStated: null,
      adviceLoading: false,
      adviceError: null,
      revocation: null,
      revocationLoading: false,
      pinBusy: false,
      pinResult: null,
      exportBusy: false,
      exportResult: null,
      notice: null,
      settings: null,
      settingsProblem: null,
      switchBusy: false,

      async start() {
        get().stop();
        unsubscribe = [
          api.on('readers-changed', onReadersChanged),
          api.on('card-removed', onCardRemoved),
          api.on('card-inserted', onCardInserted),
          api.on('pcsc-status', onPcscStatus),
          api.on('settings-changed', onSettingsChanged),
          api.on('card-status', onCardStatus),
          api.on('pin-state', onPinState),
          api.on('source-changed', onSourceChanged),
        ];
        if (deps.connection) unsubscribe.push(deps.connection.onStatus(onHost));
        const [info, settings] = await Promise.all([api.info(), api.settings()]);
        if (info.ok) set({ info: info.value });
        if (settings.ok) {
          set({ settings: settings.value.settings, settingsProblem: settings.value.problem });
        }
        await get().refreshReaders();
      },

      async changeSettings(patch) {
        const r = await api.updateSettings(patch);
        if (r.ok) onSettingsChanged(r.value);
        else notify('ui.settings.saveFailed', {}, 'warning');
      },

      stop() {
        for (const off of unsubscribe) off();
        unsubscribe = [];
      },

      async setLang(lang) {
        wantedLang = lang;
        const show = () => {
          saveLang(storage, lang);
          set({ lang });
        };
        if (messages.isCatalogLoaded(lang)) return show();
        try {
          await messages.ensureCatalog(lang);
        } catch {
          if (wantedLang === lang) notify('ui.lang.loadFailed', {}, 'warning');
          return;
        }
        if (wantedLang === lang) show();
      },

      setScreen(screen) {
        set({ screen });
      },

      async selectReader(name) {
        if (name === get().selectedReader) return;
        clearCard();
        set({ selectedReader: name, removedFrom: null });
        await get().refreshStatus();
      },

      async refreshReaders() {
        const r = await api.readers();
        if (!r.ok) {
          if (r.error.code === 'pcsc-unavailable') markDown(r.error);
          else set({ error: r.error, readersLoaded: true });
          return;
        }
        await applyReaders(r.value);
      },

      async refreshStatus() {
        const seq = ++statusSeq;
        const reader = get().selectedReader;
        if (!reader || !hasUsableCard(readerState(reader))) {
          set({ status: null, advice: null, statusLoading: false });
          return;
        }
        set({ statusLoading: true, error: null });
        const r = await api.status({ reader });
        if (seq !== statusSeq) return;
        if (!r.ok) {
          if (r.error.code === 'pcsc-unavailable') markDown(r.error);
          else set({ status: null, advice: null, statusLoading: false, error: r.error });
          doneReading();
          return;
        }
        set({ status: r.value, advice: r.value.advice, statusLoading: false });
        doneReading();
        void requestRevocation();
        // A statement the person made about this card still holds after a re-read.
        if (get().extendedStated !== null) await requestAdvice();
      },

      async setExtended(value) {
        set({ extendedStated: value });
        await requestAdvice();
      },

      verifyPin(pin, confirmed) {
        return runPin(
          'verify',
          validateVerify({ pin }),
          'pin',
          confirmed,
          (reader, confirmLastTry) => api.verifyPin({ reader, pin, confirmLastTry }),
        );
      },

      changePin(form, confirmed) {
        return runPin('change', validateChange(form), 'pin', confirmed, (reader, confirmLastTry) =>
          api.changePin({ reader, oldPin: form.oldPin, newPin: form.newPin, confirmLastTry }),
        );
      },

      unblockPin(form, confirmed) {
        return runPin(
          'unblock',
          validateUnblock(form),
          'userCode',
          confirmed,
          (reader, confirmLastTry) =>
            api.unblockPin({
              reader,
              userCode: form.userCode,
              newPin: form.newPin,
              confirmLastTry,
            }),
        );
      },

      clearPinResult() {
        set({ pinResult: null });
      },

      async exportCertificate(id, format) {
        const reader = get().selectedReader;
        if (!reader || get().exportBusy) return;
        set({ exportBusy: true, exportResult: null });
        const r = await api.exportCertificate({ reader, id, format });
        if (!r.ok) {
          set({ exportBusy: false, exportResult: { ok: false, message: fromError(r.error) } });
          return;
        }
        const { fileName, saved, base64 } = r.value;
        let result: ExportOutcome;
        if (base64 !== undefined && deps.download) {
          deps.download(fileName, base64);
          result = { ok: true, message: message('ui.certs.export.downloaded', { fileName }) };
        } else if (saved) {
          result = { ok: true, message: message('ui.certs.export.saved', { fileName }) };
        } else {
          result = { ok: false, message: message('ui.certs.export.cancelled') };
        }
        set({ exportBusy: false, exportResult: result });
      },

      async openExternal(url) {
        const r = await api.openExternal({ url });
        if (!r.ok) notify(r.error.messageKey, r.error.params, 'warning');
        else if (!r.value) notify('ui.notice.linkNotOpened', { url }, 'warning');
      },

      dismissNotice() {
        set({ notice: null });
      },

      tryDemo(scenario = 'fresh') {
        return switchSource(scenario);
      },

      leaveDemo() {
        return switchSource(null);
      },
    };
  });
}

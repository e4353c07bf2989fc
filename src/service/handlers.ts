/**
 * The handlers behind every IPC channel, over one CardSource. Electron-free: the Electron
 * main process registers them through its sender-checked `handle`, the browser host calls
 * `invoke` for each WebSocket message. Every handler returns an IpcResult; the card is only
 * reached through `source.withCard` and the driver, which enforces the safety rules.
 *
 * The backend owns the card state every window shows: each status read and each PIN
 * outcome (refusals included, with the counters read right after) is pushed to every
 * subscriber (card-state-hub.ts).
 */
import { CardDriver } from '../card';
import type { CardSource, CardSourceEvents, ReaderState } from '../sources/card-source';
import {
  AppError,
  InvalidInputError,
  NoCardError,
  NoReaderError,
  PcscUnavailableError,
  PinOperationRefused,
  type ErrorCode,
} from '../core/errors';
import type { SourceSwitch } from '../sources/switchable-source';
import type { AppInfo, Channel, ExportCertificateResult, IpcResult, PinOutcome } from './contract';
import { allowedExternalUrl } from './external-url';
import { toIpcError, toIpcResult } from './result';
import { validateRequest } from './validate';
import type { CardFamily, RevocationInfo } from '../core/model';
import { revocationNotChecked } from '../advisor';
import { fileSettingsStore, type SettingsStore } from './settings';
import { checkCertificates, type RevocationCheckOptions } from './revocation';
import { demoTransport } from './revocation/demo-responder';
import { holderCertificate } from '../certs/holder';
import type { VirtualCard } from '../virtual-card';
import { compactHex } from '../card/apdu/hex';
import { wipe } from '../card/pin-policy';
import { toPem, type ParsedCertificate } from '../certs';
import {
  familyOfReader,
  moduleSecretState,
  withPinBackend,
  type PinBackend,
  type PinBackendOptions,
  type PinOperation,
} from '../sources/pin-backend';
import { Pkcs11Client } from '../card/pkcs11/client';
import { parseCardCertificates } from '../certs/card-certificates';
import { createDiagnoseHandler, type DiagnoseHandlerOptions } from './diagnose-handler';
import { adviceFor, readCardStatus, statusView } from './card-status';
import { selfTestCard } from './self-test';
import type { KnownCards } from './known-cards';
import { createKnownCardsHandler } from './known-cards-handler';
import { createCardStateHub } from './card-state-hub';
import type { BackendEventListener, CardBackend, ChannelHandlers } from './handler-types';

export interface CardBackendOptions {
  source: CardSource;
  /** `demoScenario` here is the start's; afterwards `sourceSwitch` says which mode runs. */
  appInfo: AppInfo;
  /** Demo card ⇄ real cards at the person's request (usually `source` itself). */
  sourceSwitch?: SourceSwitch;
  /** Electron: a save dialog; resolves false when the person cancelled. Absent: return base64. */
  saveFile?: (fileName: string, data: Buffer) => Promise<boolean>;
  /** Hands an allow-listed URL to the system browser. Absent: `false` (nothing opened). */
  openUrl?: (url: string) => Promise<void>;
  /** The clock for the advisor and certificate validity (tests pin it). */
  now?: () => Date;
  /** Unexpected (non-AppError) failures; never given a PIN or user code. */
  log?: (message: string) => void;
  /**
   * How PIN operations reach the card (src/sources/pin-backend): the app's PKCS#11 module setting
   * (`pkcs11.modulePath`), and for tests a slot matcher and the worker's environment.
   */
  pinBackends?: PinBackendOptions;
  /** The Diagnose screen: the vendor module's counters, and test stand-ins. */
  diagnose?: DiagnoseHandlerOptions;
  /** The person's settings (the online status check...); default: the per-user settings file. */
  settings?: SettingsStore;
  /**
   * The status check (docs/revocation.md). In demo mode the virtual cards' test CA answers
   * in process (demo-responder.ts) unless a transport is given.
   */
  revocation?: RevocationCheckOptions;
  /**
   * Remembered cards ("My cards", re-reads without the certificates): the person's own list
   * in their data folder. Absent: nothing is remembered and the list is empty.
   */
  knownCards?: KnownCards;
}

/** A vendor module left idle this long is unloaded (its worker ends) until needed again. */
const PKCS11_IDLE_MS = 30_000;

/** How long 'card:readers' waits for a just-started PC/SC service to say whether it is up. */
const START_WAIT_MS = 3000;

/** Failures after which the card's counters are worth reading again for the form. */
const COUNTER_ERRORS: ReadonlySet<ErrorCode> = new Set([
  'wrong-secret',
  'secret-blocked',
  'refused',
]);

/** What was read from the card in a reader, kept until the card leaves. */
interface CardMemo {
  atr: string;
  family: CardFamily;
  cardNumber: string | null;
  certificates: ParsedCertificate[];
  /** What the issuer said, once asked (card:revocation); the advice then follows it. */
  revocation?: Map<string, RevocationInfo>;
}

/** Certificate IDs come from the card: keep file names to harmless characters. */
function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40) || 'certificate';
}

export function createCardBackend(options: CardBackendOptions): CardBackend {
  const { source, sourceSwitch } = options;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((message: string) => console.error(message));
  const memos = new Map<string, CardMemo>();
  const listeners = new Set<BackendEventListener>();
  const appInfo = (): AppInfo =>
    sourceSwitch
      ? { ...options.appInfo, demoScenario: sourceSwitch.demoScenario }
      : options.appInfo;
  // One worker per module for the app's life (ended when idle), not one per status read.
  const pkcs11Clients = new Map<string, Pkcs11Client>();
  const pkcs11 = options.pinBackends?.pkcs11 ?? {};
  const pinBackendOptions: PinBackendOptions = {
    ...options.pinBackends,
    pkcs11: {
      ...pkcs11,
      sharedClient:
        pkcs11.sharedClient ??
        ((modulePath) => {
          let client = pkcs11Clients.get(modulePath);
          if (!client) {
            client = new Pkcs11Client({ idleMs: PKCS11_IDLE_MS, ...pkcs11.client, modulePath });
            pkcs11Clients.set(modulePath, client);
          }
          return client;
        }),
    },
  };

  function presentAtr(reader: string): string {
    const state = source.readers().find((r) => r.name === reader);
    if (!state) throw new NoReaderError();
    if (!state.cardPresent || !state.atr) throw new NoCardError(reader);
    return state.atr;
  }

  /**
   * The reader as the source lists it. One it does not list (or a card without an ATR)
   * gets the ISO backend, whose first `withCard` lets the source report what is wrong.
   */
  function readerState(reader: string): ReaderState {
    return (
      source.readers().find((r) => r.name === reader) ?? {
        name: reader,
        cardPresent: false,
        atr: null,
        mute: false,
        identity: null,
      }
    );
  }

  const settingsStore = options.settings ?? fileSettingsStore();
  const settings = async () => (await settingsStore.load()).settings;
  // Demo mode: the virtual cards' test CA answers in this process; nothing goes out.
  const demoCards = (): VirtualCard[] => {
    const cardIn = (source as { cardIn?: (reader: string) => VirtualCard | null }).cardIn;
    if (typeof cardIn !== 'function') return [];
    return source
      .readers()
      .map((r) => cardIn.call(source, r.name))
      .filter((c): c is VirtualCard => c !== null);
  };
  // Asked at each use: the person may switch between real cards and the demo card.
  const revocationOptions = (): RevocationCheckOptions => ({
    now,
    ...(appInfo().demoScenario !== null && source.kind === 'virtual'
      ? { transport: demoTransport(demoCards), cacheDir: null }
      : {}),
    ...options.revocation,
  });

  /** Each certificate's status from its issuer, or not-checked when the person turned it off. */
  async function revocation(reader: string) {
    const memo = await cardMemo(reader);
    const enabled = (await settings()).onlineStatusCheck;
    const statuses = enabled
      ? await checkCertificates(memo.certificates, revocationOptions())
      : new Map(memo.certificates.map((c) => [c.summary.id, revocationNotChecked('turned-off')]));
    // Kept for card:advise, unless the card changed while the network was asked.
    if (memos.get(reader) === memo) memo.revocation = statuses;
    return {
      enabled,
      certificates: memo.certificates.map((c) => ({
        id: c.summary.id,
        revocation: statuses.get(c.summary.id) ?? revocationNotChecked('not-applicable'),
      })),
    };
  }

  function holderRevocation(memo: CardMemo): RevocationInfo | undefined {
    const holder = holderCertificate(memo.certificates);
    return holder ? memo.revocation?.get(holder.summary.id) : undefined;
  }
  // Through `emit`, which the event section below defines.
  const hub = createCardStateHub((event, payload) => emit(event, payload));

  const diagnose = createDiagnoseHandler(source, appInfo, now, {
    revocation: async () => {
      if (!(await settings()).onlineStatusCheck) return { revocationNotChecked: 'turned-off' };
      // The diagnosis reads the cards on screen: the demo card's test CA answers for it.
      const check = revocationOptions();
      return { checkRevocation: (certs) => checkCertificates(certs, check) };
    },
    pkcs11Status: (reader) => moduleSecretState(source, reader, pinBackendOptions),
    ...options.diagnose,
  });

  const known = createKnownCardsHandler(options.knownCards ?? null, {
    now,
    // The same switch as settings:set and the Settings screen.
    remembering: async () => (await settings()).rememberCards,
    saveFile: options.saveFile,
    log,
  });

  /** The memo for the card now in `reader`, reading the card only when there is none. */
  async function cardMemo(reader: string): Promise<CardMemo> {
    const memo = memos.get(reader);
    if (memo && memo.atr === presentAtr(reader)) return memo;
    const read = await source.withCard(reader, async (transport): Promise<CardMemo> => {
      const driver = new CardDriver(transport);
      const { family } = await driver.identify();
      const { certificates } = parseCardCertificates(await driver.readCertificates());
      const cardNumber = await driver.readCardNumber().catch(() => null);
      return { atr: compactHex(transport.atr), family, cardNumber, certificates };
    });
    memos.set(reader, read);
    return read;
  }

  /**
   * One PIN operation through the card's PIN backend (ISO APDUs, or the vendor's PKCS#11
   * module): the strings become Buffers here, the backend zeroes them, and the `finally`
   * zeroes them again for the paths where it never got them. The ISO backend holds the card
   * exclusively and resets it afterwards (card-profile.md §1.6).
   */
  async function pinOperation(
    reader: string,
    intent: PinOperation,
    secrets: string[],
    run: (backend: PinBackend, buffers: Buffer[]) => Promise<void>,
  ): Promise<IpcResult<PinOutcome>> {
    const buffers = secrets.map((s) => Buffer.from(s, 'utf8'));
    let after: PinOutcome | null = null;
    let result: IpcResult<PinOutcome>;
    try {
      result = await wrap(() =>
        withPinBackend(
          source,
          readerState(reader),
          pinBackendOptions,
          { intent },
          async (backend) => {
            try {
              await run(backend, buffers);
            } catch (err) {
              after = await countersAfter(err, backend);
              throw err;
            }
            const state = await backend.state();
            return { pin: state.pin, userCode: state.userCode };
          },
        ),
      );
    } finally {
      wipe(...buffers);
    }
    const counters = result.ok ? result.value : after;
    if (!result.ok && counters) result.error.counters = counters;
    if (counters) hub.counters(reader, counters);
    return result;
  }

  /**
   * The counters once a PIN operation failed or was refused: read again without spending a
   * try (an empty VERIFY, or the module's flags), so every window, and the form that sent
   * it, shows what the card now says. Null when there is nothing new to tell.
   */
  async function countersAfter(err: unknown, backend: PinBackend): Promise<PinOutcome | null> {
    const code = (err as { code?: ErrorCode } | null)?.code;
    if (code === undefined || !COUNTER_ERRORS.has(code)) return null;
    // Refused for what the card is (vendor card, unknown card): no counter to read.
    if (err instanceof PinOperationRefused && err.reason !== 'last-try-unconfirmed') return null;
    try {
      const state = await backend.state();
      return state.pin || state.userCode ? { pin: state.pin, userCode: state.userCode } : null;
    } catch {
      return null;
    }
  }

  /** A just-started PC/SC service first says whether PC/SC is there; down is an error. */
  async function readers(): Promise<ReaderState[]> {
    if (source.status === 'starting') {
      await source.settle({ limitMs: START_WAIT_MS }).catch(() => undefined);
    }
    if (source.status === 'down') throw new PcscUnavailableError();
    return source.readers();
  }

  async function switchSource(demo: string | null): Promise<AppInfo> {
    // The CLI's backend and some tests run on one fixed source.
    if (!sourceSwitch) throw new AppError('refused', 'live.error.switchNotOffered');
    if (demo === null) await sourceSwitch.useRealCards();
    else await sourceSwitch.useDemo(demo);
    return appInfo();
  }

  async function exportCertificate(
    reader: string,
    id: string,
    format: 'pem' | 'der',
  ): Promise<ExportCertificateResult> {
    const memo = await cardMemo(reader);
    const cert = memo.certificates.find((c) => c.summary.id === id);
    if (!cert) throw new InvalidInputError('app.error.noSuchCertificate', { id: safeName(id) });
    const data = format === 'pem' ? Buffer.from(toPem(cert.der), 'ascii') : cert.der;
    const fileName = `${safeName(memo.cardNumber ?? 'card')}-${safeName(id)}.${format === 'pem' ? 'pem' : 'cer'}`;
    if (options.saveFile) return { fileName, saved: await options.saveFile(fileName, data) };
    return { fileName, saved: false, base64: data.toString('base64') };
  }

  const wrap = <T>(work: () => Promise<T>) =>
    toIpcResult(work, (err) => {
      log(`unexpected error: ${err instanceof Error ? (err.stack ?? err.name) : typeof err}`);
    });

  const handlers: ChannelHandlers = {
    'app:info': () => wrap(async () => appInfo()),
    'card:readers': () => wrap(readers),
    'card:status': ({ reader }) =>
      wrap(() =>
        hub.status(reader, async () => {
          const report = await readCardStatus(source, readerState(reader), {
            now: now(),
            pinBackends: pinBackendOptions,
            known: await known.hints(),
          });
          await known.afterRead(report);
          const { status, parsed } = report;
          memos.set(reader, {
            atr: status.atr,
            family: status.family,
            cardNumber: status.cardNumber,
            certificates: parsed,
          });
          return statusView(report, now());
        }),
      ),
    'card:advise': ({ reader, extended }) =>
      wrap(async () => {
        const memo = await cardMemo(reader);
        return adviceFor(memo.certificates, now(), extended, holderRevocation(memo));
      }),
    'card:revocation': ({ reader }) => wrap(() => revocation(reader)),
    'pin:verify': ({ reader, pin, confirmLastTry }) =>
      pinOperation(reader, 'verify', [pin], (backend, [p]) =>
        backend.verifyPin(p!, { confirmLastTry }),
      ),
    'pin:change': ({ reader, oldPin, newPin, confirmLastTry }) =>
      pinOperation(reader, 'change', [oldPin, newPin], (backend, [o, n]) =>
        backend.changePin(o!, n!, { confirmLastTry }),
      ),
    'pin:unblock': ({ reader, userCode, newPin, confirmLastTry }) =>
      pinOperation(reader, 'unblock', [userCode, newPin], (backend, [u, n]) =>
        backend.unblockPin(u!, n!, { confirmLastTry }),
      ),
    'cert:export': ({ reader, id, format }) => wrap(() => exportCertificate(reader, id, format)),
    'shell:open-external': ({ url }) =>
      wrap(async () => {
        const allowed = allowedExternalUrl(url);
        if (!allowed) throw new InvalidInputError('app.error.urlNotAllowed');
        if (!options.openUrl) return false;
        await options.openUrl(allowed);
        return true;
      }),
    'diagnose:run': (request) => wrap(() => diagnose(request)),
    'settings:get': () => wrap(() => settingsStore.load()),
    'settings:set': (patch) =>
      wrap(async () => {
        const saved = await settingsStore.update(patch);
        emit('settings-changed', saved);
        return saved;
      }),
    // The PIN becomes a Buffer here and selfTestCard zeroes it however the test ends.
    'pin:selftest': ({ reader, pin, confirmLastTry }) =>
      wrap(async () => {
        const result = await selfTestCard(source, readerState(reader), Buffer.from(pin, 'utf8'), {
          confirmLastTry,
          pinBackends: pinBackendOptions,
        });
        // The self-test verifies the PIN, so it may have spent a try: every window hears it.
        if (result.pin) hub.counters(reader, { pin: result.pin });
        return result;
      }),
    'cards:list': () => wrap(() => known.list()),
    'cards:reveal': ({ id }) => wrap(() => known.reveal(id)),
    'cards:forget': (request) => wrap(() => known.forget(request)),
    'cards:calendar': ({ lang }) => wrap(() => known.calendar(lang)),
    'app:switch-source': ({ demo }) => wrap(() => switchSource(demo)),
  };

  // ---- events: CardSource → contract events ----------------------------------------

  const emit: BackendEventListener = (event, payload) => {
    for (const listener of listeners) {
      try {
        listener(event, payload);
      } catch (err) {
        log(`an event listener threw: ${err instanceof Error ? err.name : typeof err}`);
      }
    }
  };
  const readersChanged = () => emit('readers-changed', source.readers());
  const forget = (reader: string) => {
    memos.delete(reader);
    hub.forget(reader);
  };

  const onSource: { [K in keyof CardSourceEvents]: (payload: CardSourceEvents[K]) => void } = {
    'reader-added': readersChanged,
    'reader-removed': ({ reader }) => {
      forget(reader);
      readersChanged();
    },
    'card-inserted': ({ reader, atr }) => {
      forget(reader);
      emit('card-inserted', { reader, atr, family: familyOfReader({ atr })?.family ?? null });
      readersChanged();
    },
    'card-removed': ({ reader }) => {
      forget(reader);
      emit('card-removed', { reader });
      readersChanged();
    },
    'card-identified': readersChanged,
    'pcsc-down': () => {
      memos.clear();
      hub.forgetAll();
      emit('pcsc-status', { available: false });
      readersChanged();
    },
    'pcsc-up': () => {
      emit('pcsc-status', { available: true });
      readersChanged();
    },
    'source-changed': ({ demoScenario }) => {
      memos.clear();
      hub.forgetAll();
      emit('source-changed', { demoScenario });
    },
  };
  const attach = <K extends keyof CardSourceEvents>(event: K) => source.on(event, onSource[event]);
  const detach = <K extends keyof CardSourceEvents>(event: K) => source.off(event, onSource[event]);
  const sourceEvents = Object.keys(onSource) as Array<keyof CardSourceEvents>;
  for (const event of sourceEvents) attach(event);

  return {
    handlers,
    invoke(channel: string, raw: unknown) {
      try {
        const request = validateRequest(channel as Channel, raw);
        const handler = handlers[channel as Channel] as (r: unknown) => Promise<IpcResult<unknown>>;
        return handler(request);
      } catch (err) {
        return Promise.resolve({ ok: false, error: toIpcError(err) });
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close() {
      for (const event of sourceEvents) detach(event);
      listeners.clear();
      memos.clear();
      for (const client of pkcs11Clients.values()) {
        client.close().catch((err: unknown) => log(`PKCS#11 worker: ${(err as Error)?.name}`));
      }
      pkcs11Clients.clear();
    },
  };
}

/**
 * The one IPC contract between the main process (or the browser host) and the renderer.
 * Each channel is declared once, in `CONTRACT`, with its CardApi method name and its request
 * and response types; everything else is derived from that map: the main side registers a
 * handler for each of its channels, the preload and the browser bridge build one named
 * function per channel from it, and the browser host serves the same channels over its
 * local bridge. A renamed field breaks the build on every side.
 *
 * Secrets: PIN and user code go renderer → main once per operation (as strings, because
 * that is what a form holds); the handler turns them into Buffers at once and zeroes them
 * when the operation ends. No response or event ever contains one.
 */
import type { ErrorCode, MessageParams } from '../core/errors';
import type {
  AdvisorResult,
  AdvisorStatus,
  CardFamily,
  CardStatus,
  CertificateSummary,
  RevocationInfo,
  SecretStatus,
  SelfTestResult,
} from '../core/model';
import type { ReaderState } from '../sources/card-source';

/** The renderer names readers through the contract, never through the sources layer. */
export type { ReaderState };
import type { DiagnosticReport } from './diagnostics/types';
import type { Lang } from '../core/i18n';
import type { LoadedSettings, Settings, SettingsProblem } from './settings';

/** The renderer names settings through the contract. */
export type { LoadedSettings, Settings, SettingsProblem };
import { MOICA_SITES } from '../core/moica-links';

/** Errors cross the boundary as data: Electron keeps only `message` of a thrown Error. */
export interface IpcError {
  code: ErrorCode;
  messageKey: string;
  params: MessageParams;
  /**
   * A PIN operation that failed or was refused with the card still in: the counters read
   * right afterwards, so the form shows the true "n/3" and, at one try left, the last-try
   * confirmation (a window that missed the change still gets it here).
   */
  counters?: PinOutcome;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export interface AppInfo {
  name: string;
  version: string;
  /** Where the UI runs: inside Electron or in a browser through the local host. */
  runtime: 'electron' | 'browser';
  platform: string;
  /** Demo mode: the card is the in-process virtual card (scenario name), else null. */
  demoScenario: string | null;
}

export type ChainStatus = 'trusted' | 'test-root' | 'untrusted-root' | 'incomplete' | 'invalid';

export interface CertificateView extends CertificateSummary {
  chain: { status: ChainStatus; problems: string[]; rootName: string | null };
  crlUrls: string[];
  ocspUrls: string[];
  policies: string[];
  /** Exact notAfter is shown when it is not 23:59:59 Taipei (citizen-rules.md). */
  pem: string;
}

/** Something on the card that could not be read or parsed; the rest of the status is good. */
export interface ReadProblem extends IpcError {
  /** 'layout', 'cardNumber', 'osVersion', 'certificates', 'pin', 'userCode', 'certificate:<id>'. */
  item: string;
}

export interface CardStatusView extends Omit<CardStatus, 'certificates'> {
  certificates: CertificateView[];
  /** Show as "could not read …" (a gen-2 or damaged card); absent or empty: all was read. */
  problems?: ReadProblem[];
}

export interface PinOperationRequest {
  reader: string;
  /** Required: the person confirmed the "last try, the card will lock" warning. */
  confirmLastTry: boolean;
}

export interface VerifyPinRequest extends PinOperationRequest {
  pin: string;
}

export interface ChangePinRequest extends PinOperationRequest {
  oldPin: string;
  newPin: string;
}

export interface UnblockPinRequest extends PinOperationRequest {
  userCode: string;
  newPin: string;
}

/** "Can this card sign?": asked for by the person, with the PIN (card-profile.md §6). */
export type SelfTestRequest = VerifyPinRequest;

/** After any PIN operation: the fresh counters, so the UI never guesses. */
export interface PinOutcome {
  pin: SecretStatus | null;
  userCode: SecretStatus | null;
}

export interface ExportCertificateRequest {
  reader: string;
  id: string;
  format: 'pem' | 'der';
}

export interface ExportCertificateResult {
  fileName: string;
  /** Electron: saved through a save dialog (false when cancelled). Browser: data to download. */
  saved: boolean;
  /** Browser host only: the file as base64 for the page to offer as a download. */
  base64?: string;
}

export interface AdviseRequest {
  reader: string;
  /** The person's own statement (UI toggle), overriding the inference. */
  extended?: boolean;
}

/**
 * What the issuer says about each certificate of the card (docs/revocation.md). Asked only
 * when the person's setting allows it; then `enabled` is true.
 */
export interface RevocationView {
  /** false: the online status check is turned off, and every certificate says not-checked. */
  enabled: boolean;
  certificates: Array<{ id: string; revocation: RevocationInfo }>;
}

/** Switch between real cards (`demo: null`) and the demo card of a scenario. */
export interface SwitchSourceRequest {
  demo: string | null;
}

/**
 * A card's counters as they now are, pushed to every window after any PIN operation; a
 * counter the operation did not read (the self-test reads the PIN's only) is left out.
 */
export interface PinStateEvent extends Partial<PinOutcome> {
  reader: string;
}

/** The Diagnose screen: masked unless the person turns "show" on; trace on request. */
export interface DiagnoseRequest {
  lang: Lang;
  unmask: boolean;
  trace: boolean;
}

/** Where a remembered card stands, as "My cards" and `cards --json` show it (docs/known-cards.md). */
export interface KnownCardView {
  /** Random, says nothing about the card: what the app forgets or reveals a card by. */
  id: string;
  /** Masked (TP03********5678, 王*明) unless `masked` is false. */
  cardNumber: string;
  holderName: string | null;
  masked: boolean;
  family: CardFamily;
  /** ISO 8601 UTC: the last time this computer read the card. */
  lastSeen: string;
  /** The advice on the holder certificate's dates; null when the card had none usable. */
  expiresOn: string | null;
  finalExpiresOn: string | null;
  extended: boolean | null;
  status: AdvisorStatus | null;
  daysLeft: number | null;
  /** The holder certificate's exact notAfter (shown when it is not 23:59:59 Taipei). */
  notAfter: string | null;
  /** Extension for an original certificate, online renewal for an extended one. */
  nextWindow: {
    kind: 'extension' | 'onlineRenewal';
    from: string;
    to: string;
    state: 'upcoming' | 'open' | 'passed';
    daysToOpen: number;
    daysToClose: number;
  } | null;
  urgency: 'act-now' | 'open' | 'reapply' | 'upcoming' | 'unknown';
  /** The reminder due today, if any (the desktop app shows it as a notification). */
  reminder: 'window-open' | 'closing-soon' | 'window-passed' | null;
}

/** A list of remembered cards that could not be used as it was, and where it went. */
export interface KnownCardsProblemView {
  movedTo: string;
  reason: 'not-json' | 'not-a-list' | 'bad-records' | 'too-large' | 'not-a-file';
  kept: number;
  dropped: number;
}

export interface KnownCardsView {
  /** The person's `rememberCards` setting (settings:set changes it): new reads are remembered. */
  remembering: boolean;
  /** Most urgent first. */
  cards: KnownCardView[];
  /** The list was damaged and moved aside (this time). */
  problem: KnownCardsProblemView | null;
  /** The list could not be read or the last card could not be remembered, and why. */
  error: IpcError | null;
}

export interface RevealedCard {
  cardNumber: string;
  holderName: string | null;
}

export type ForgetCardsRequest = { id: string } | { all: true };

/**
 * Marks the request and response types a channel carries. The types live only in the
 * compiler; at run time a spec holds just its CardApi method name.
 */
declare const carried: unique symbol;

interface ChannelSpec<Method extends string, Request, Response> {
  readonly method: Method;
  readonly [carried]?: { request: Request; response: Response };
}

interface EventSpec<Payload> {
  readonly [carried]?: Payload;
}

/** `channel('status').carries<Request, Response>()`: the method name, then the types. */
function channel<const Method extends string>(method: Method) {
  return {
    carries: <Request, Response>(): ChannelSpec<Method, Request, Response> => ({ method }),
  };
}

function event<Payload>(): EventSpec<Payload> {
  return {};
}

/**
 * Every invoke channel, written once: the channel name, the CardApi method the renderer
 * calls, its request (`void`: the method takes nothing) and its response. `Channel`,
 * `CHANNELS`, `CardApi` and `API_METHODS` are derived from it; the preload, the browser
 * bridge and the Electron registrar iterate it. A new channel needs a validator
 * (src/service/validate.ts) and a handler (src/service/handlers.ts), and the build fails
 * until both exist (test/src/service/contract-typecheck.test.ts proves that).
 */
export const CONTRACT = Object.freeze({
  'app:info': channel('info').carries<void, AppInfo>(),
  'card:readers': channel('readers').carries<void, ReaderState[]>(),
  'card:status': channel('status').carries<{ reader: string }, CardStatusView>(),
  'card:advise': channel('advise').carries<AdviseRequest, AdvisorResult | null>(),
  'card:revocation': channel('revocation').carries<{ reader: string }, RevocationView>(),
  'pin:verify': channel('verifyPin').carries<VerifyPinRequest, PinOutcome>(),
  'pin:change': channel('changePin').carries<ChangePinRequest, PinOutcome>(),
  'pin:unblock': channel('unblockPin').carries<UnblockPinRequest, PinOutcome>(),
  'cert:export': channel('exportCertificate').carries<
    ExportCertificateRequest,
    ExportCertificateResult
  >(),
  'shell:open-external': channel('openExternal').carries<{ url: string }, boolean>(),
  'diagnose:run': channel('diagnose').carries<DiagnoseRequest, DiagnosticReport>(),
  'settings:get': channel('settings').carries<void, LoadedSettings>(),
  'settings:set': channel('updateSettings').carries<Partial<Settings>, Settings>(),
  'pin:selftest': channel('selfTest').carries<SelfTestRequest, SelfTestResult>(),
  'cards:list': channel('knownCards').carries<void, KnownCardsView>(),
  'cards:reveal': channel('revealCard').carries<{ id: string }, RevealedCard>(),
  'cards:forget': channel('forgetCards').carries<ForgetCardsRequest, KnownCardsView>(),
  /** The reminders as an .ics file: saved through a dialog (Electron) or as a download. */
  'cards:calendar': channel('cardsCalendar').carries<{ lang: Lang }, ExportCertificateResult>(),
  'app:switch-source': channel('switchSource').carries<SwitchSourceRequest, AppInfo>(),
});

/** Events pushed main → renderer, written once: name and payload. */
const EVENT_SPECS = {
  'readers-changed': event<ReaderState[]>(),
  'card-removed': event<{ reader: string }>(),
  'card-inserted': event<{ reader: string; atr: string; family: CardFamily | null }>(),
  'pcsc-status': event<{ available: boolean }>(),
  /** Every window shows the same settings: pushed after each change. */
  'settings-changed': event<Settings>(),
  /** Every status read, whichever window asked: one card state in every window. */
  'card-status': event<{ reader: string; status: CardStatusView }>(),
  'pin-state': event<PinStateEvent>(),
  'source-changed': event<{ demoScenario: string | null }>(),
};

type Contract = typeof CONTRACT;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> =
  Contract[C] extends ChannelSpec<string, infer Request, unknown> ? Request : never;
export type ResponseOf<C extends Channel> =
  Contract[C] extends ChannelSpec<string, unknown, infer Response> ? Response : never;
type MethodOf<C extends Channel> = Contract[C]['method'];
export type ApiMethod = MethodOf<Channel>;
/** The channel a CardApi method serves. */
export type ChannelOf<M extends ApiMethod> = {
  [C in Channel]: M extends MethodOf<C> ? C : never;
}[Channel];

export type EventName = keyof typeof EVENT_SPECS;
export type IpcEvents = {
  [E in EventName]: (typeof EVENT_SPECS)[E] extends EventSpec<infer Payload> ? Payload : never;
};

export const CHANNELS = Object.freeze(Object.keys(CONTRACT) as Channel[]);
export const EVENTS = Object.freeze(Object.keys(EVENT_SPECS) as EventName[]);

/** Which CardApi method serves which channel. */
export const API_METHODS = Object.fromEntries(CHANNELS.map((c) => [CONTRACT[c].method, c])) as {
  readonly [M in ApiMethod]: ChannelOf<M>;
};

type ApiFunction<C extends Channel> = [RequestOf<C>] extends [void]
  ? () => Promise<IpcResult<ResponseOf<C>>>
  : (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>;

/** One function per channel, named by the contract; each takes its request or nothing. */
export type CardApiMethods = { [C in Channel as MethodOf<C>]: ApiFunction<C> };

/**
 * What the renderer sees as `window.cardApi`: one named function per channel (the preload
 * and the browser bridge both build exactly this with `buildApiMethods`), never a generic
 * invoke.
 */
export interface CardApi extends CardApiMethods {
  /** Subscribe to a pushed event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
}

/** How one transport (Electron IPC, the browser bridge) carries one request. */
export type ChannelCall = <C extends Channel>(
  channel: C,
  request: RequestOf<C>,
) => Promise<IpcResult<ResponseOf<C>>>;

/**
 * CardApi's methods over one transport, by iterating the contract: a new channel needs no
 * edit in the preload or the bridge. A method given no request passes `undefined`.
 */
export function buildApiMethods(call: ChannelCall): CardApiMethods {
  const entries = CHANNELS.map((c) => [
    CONTRACT[c].method,
    (request?: RequestOf<typeof c>) => call(c, request as RequestOf<typeof c>),
  ]);
  return Object.fromEntries(entries) as CardApiMethods;
}

/**
 * Compile-time checks on the contract itself (`npm run typecheck` fails on a false one).
 * Two channels sharing one method name would merge into one CardApi function.
 */
type Assert<T extends true> = T;
type SharedMethod = {
  [C in Channel]: Exclude<ChannelOf<MethodOf<C>>, C> extends never ? never : MethodOf<C>;
}[Channel];
type _ContractChecks = [
  Assert<[SharedMethod] extends [never] ? true : `two channels share the method ${SharedMethod}`>,
];

/**
 * The only sites `openExternal` may open (MOICA's own), checked in main: the sites of the
 * MOICA link table, which every button to MOICA takes its address from.
 */
export const EXTERNAL_ALLOW_LIST: readonly string[] = MOICA_SITES;

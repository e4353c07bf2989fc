/**
 * The one IPC contract between the main process (or the browser host) and the renderer.
 * Each channel names its request and response types; the main side registers handlers
 * through one typed helper, the preload exposes one named function per channel, and the
 * browser host serves the very same map over its local bridge. A renamed field breaks the
 * build on every side.
 *
 * Secrets: PIN and user code go renderer → main once per operation (as strings, because
 * that is what a form holds); the handler turns them into Buffers at once and zeroes them
 * when the operation ends. No response or event ever contains one.
 */
import type { ErrorCode, MessageParams } from '../core/errors';
import type {
  AdvisorResult,
  CardFamily,
  CardStatus,
  CertificateSummary,
  RevocationInfo,
  SecretStatus,
} from '../core/model';
import type { ReaderState } from '../sources/card-source';

/** The renderer names readers through the contract, never through the sources layer. */
export type { ReaderState };
import type { DiagnosticReport } from './diagnostics/types';
import type { Lang } from '../core/i18n';

/** Errors cross the boundary as data: Electron keeps only `message` of a thrown Error. */
export interface IpcError {
  code: ErrorCode;
  messageKey: string;
  params: MessageParams;
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

/** The Diagnose screen: masked unless the person turns "show" on; trace on request. */
export interface DiagnoseRequest {
  lang: Lang;
  unmask: boolean;
  trace: boolean;
}

/** Every invoke channel: request and response. */
export interface IpcChannels {
  'app:info': { request: void; response: AppInfo };
  'card:readers': { request: void; response: ReaderState[] };
  'card:status': { request: { reader: string }; response: CardStatusView };
  'card:advise': { request: AdviseRequest; response: AdvisorResult | null };
  'card:revocation': { request: { reader: string }; response: RevocationView };
  'pin:verify': { request: VerifyPinRequest; response: PinOutcome };
  'pin:change': { request: ChangePinRequest; response: PinOutcome };
  'pin:unblock': { request: UnblockPinRequest; response: PinOutcome };
  'cert:export': { request: ExportCertificateRequest; response: ExportCertificateResult };
  'shell:open-external': { request: { url: string }; response: boolean };
  'diagnose:run': { request: DiagnoseRequest; response: DiagnosticReport };
}

export type Channel = keyof IpcChannels;
export type RequestOf<C extends Channel> = IpcChannels[C]['request'];
export type ResponseOf<C extends Channel> = IpcChannels[C]['response'];

/** Events pushed main → renderer. */
export interface IpcEvents {
  'readers-changed': ReaderState[];
  'card-removed': { reader: string };
  'card-inserted': { reader: string; atr: string; family: CardFamily | null };
  'pcsc-status': { available: boolean };
}

export type EventName = keyof IpcEvents;

export const CHANNELS: readonly Channel[] = [
  'app:info',
  'card:readers',
  'card:status',
  'card:advise',
  'card:revocation',
  'pin:verify',
  'pin:change',
  'pin:unblock',
  'cert:export',
  'shell:open-external',
  'diagnose:run',
] as const;

export const EVENTS: readonly EventName[] = [
  'readers-changed',
  'card-removed',
  'card-inserted',
  'pcsc-status',
] as const;

/**
 * What the renderer sees as `window.cardApi`: one named function per channel (the preload
 * and the browser bridge both build exactly this), never a generic invoke.
 */
export interface CardApi {
  info(): Promise<IpcResult<AppInfo>>;
  readers(): Promise<IpcResult<ReaderState[]>>;
  status(reader: string): Promise<IpcResult<CardStatusView>>;
  advise(request: AdviseRequest): Promise<IpcResult<AdvisorResult | null>>;
  revocation(reader: string): Promise<IpcResult<RevocationView>>;
  verifyPin(request: VerifyPinRequest): Promise<IpcResult<PinOutcome>>;
  changePin(request: ChangePinRequest): Promise<IpcResult<PinOutcome>>;
  unblockPin(request: UnblockPinRequest): Promise<IpcResult<PinOutcome>>;
  exportCertificate(request: ExportCertificateRequest): Promise<IpcResult<ExportCertificateResult>>;
  openExternal(url: string): Promise<IpcResult<boolean>>;
  diagnose(request: DiagnoseRequest): Promise<IpcResult<DiagnosticReport>>;
  /** Subscribe to a pushed event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
}

/** Which CardApi method serves which channel: the preload and the bridge share this map. */
export const API_METHODS = {
  info: 'app:info',
  readers: 'card:readers',
  status: 'card:status',
  advise: 'card:advise',
  revocation: 'card:revocation',
  verifyPin: 'pin:verify',
  changePin: 'pin:change',
  unblockPin: 'pin:unblock',
  exportCertificate: 'cert:export',
  openExternal: 'shell:open-external',
  diagnose: 'diagnose:run',
} as const satisfies Record<Exclude<keyof CardApi, 'on'>, Channel>;

/** The only sites `openExternal` may open (MOICA's own), checked in main. */
export const EXTERNAL_ALLOW_LIST: readonly string[] = [
  'https://moica.nat.gov.tw/',
  'https://www.moica.nat.gov.tw/',
];

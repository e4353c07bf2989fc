/**
 * The messages between the app and the PKCS#11 worker (a child process that is the only
 * place the vendor's module is ever loaded). Structured-clone serialisation ("advanced"),
 * so binary fields travel as bytes and never as JSON text.
 *
 * Secrets: only `verify`, `changePin` and `sign` carry one, as Uint8Array fields that exist for
 * that one message; both sides zero their copy when the call ends, and the worker process
 * is ended after every such call (see client.ts).
 */
import type { GuardRefusal } from './flags';

/** A slot handle (pkcs11js gives a Buffer) as hex, plus the token we expect to find there. */
export interface SlotRef {
  slotId: string;
  /** Blank-trimmed CK_TOKEN_INFO fields: the worker refuses if the token changed. */
  serialNumber: string;
  label: string;
}

export interface TokenReport {
  label: string;
  serialNumber: string;
  manufacturer: string;
  model: string;
  flags: number;
  minPinLen: number;
  maxPinLen: number;
}

export interface SlotReport {
  slotId: string;
  description: string;
  manufacturer: string;
  /** null when the slot's token could not be read (it went away, or is not recognised). */
  token: TokenReport | null;
}

export interface ModuleReport {
  manufacturer: string;
  description: string;
  cryptokiVersion: string;
  libraryVersion: string;
}

export interface TokenCertificate {
  label: string;
  /** CKA_ID as upper-case hex (HiCOS: "SIGN" = 5349474E, "KEYX" = 4B455958). */
  idHex: string;
  der: Uint8Array;
}

/** The result of a PIN operation: the token's state right after it. */
export interface PinOperationReport {
  token: TokenReport;
  /** C_Login answered CKR_PIN_EXPIRED: the PIN was right but the token wants a new one. */
  pinExpired: boolean;
}

export interface WorkerOps {
  init: { request: { modulePath: string }; response: ModuleReport };
  slots: { request: Record<never, never>; response: SlotReport[] };
  token: { request: { slot: SlotRef }; response: TokenReport };
  certificates: { request: { slot: SlotRef }; response: TokenCertificate[] };
  verify: {
    request: { slot: SlotRef; pin: Uint8Array; confirmLastTry: boolean };
    response: PinOperationReport;
  };
  changePin: {
    request: { slot: SlotRef; oldPin: Uint8Array; newPin: Uint8Array; confirmLastTry: boolean };
    response: PinOperationReport;
  };
  /**
   * The self-test's signature: C_Login, the private key whose CKA_ID is that of the token
   * certificate equal to `certificate` (DER), C_Sign with CKM_SHA256_RSA_PKCS over `data`,
   * C_Logout. The certificate is looked up before logging in, so a token that does not
   * hold it costs no PIN try.
   */
  sign: {
    request: {
      slot: SlotRef;
      pin: Uint8Array;
      confirmLastTry: boolean;
      certificate: Uint8Array;
      data: Uint8Array;
    };
    response: PinOperationReport & { signature: Uint8Array };
  };
  /** C_Finalize, then the worker exits. */
  exit: { request: Record<never, never>; response: null };
}

export type WorkerOp = keyof WorkerOps;
export type RequestOf<K extends WorkerOp> = WorkerOps[K]['request'];
export type ResponseOf<K extends WorkerOp> = WorkerOps[K]['response'];

export type WorkerRequest = {
  [K in WorkerOp]: { id: number; op: K } & RequestOf<K>;
}[WorkerOp];

/** Why the worker could not do what was asked. Never carries a secret. */
export type WorkerFailure =
  /** A Cryptoki function returned an error. */
  | {
      kind: 'ckr';
      fn: string;
      code: number;
      /** Token flags read right after a refused PIN, when they could be read. */
      flagsAfter?: number;
      minPinLen?: number;
      maxPinLen?: number;
    }
  /** The token's own flags forbid sending a PIN now (read just before). */
  | { kind: 'guard'; reason: GuardRefusal }
  /**
   * The self-test's signature failed after the PIN: no usable key (`key`: the certificate or
   * its private key is not on the token, or a Cryptoki call while finding them failed) or
   * the module would not sign (`sign`). `code` is the CK_RV when a call failed.
   */
  | {
      kind: 'signing';
      step: 'key' | 'sign';
      fn: string;
      code?: number;
      missing?: 'certificate' | 'private-key';
    }
  /** The slot no longer holds the token the app matched (card swapped or removed). */
  | { kind: 'token-changed' }
  /** The module file could not be loaded (not a PKCS#11 module, wrong architecture...). */
  | { kind: 'load'; detail: string }
  | { kind: 'not-initialized' }
  | { kind: 'bad-request'; detail: string }
  /** Anything else thrown inside the worker. */
  | { kind: 'native'; fn: string; detail: string };

export type WorkerResponse =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; failure: WorkerFailure };

export function isWorkerResponse(message: unknown): message is WorkerResponse {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  return typeof m.id === 'number' && typeof m.ok === 'boolean';
}

/** Operations that carry a secret: the worker is ended after each of them. */
export const SECRET_OPS: ReadonlySet<WorkerOp> = new Set<WorkerOp>(['verify', 'changePin', 'sign']);

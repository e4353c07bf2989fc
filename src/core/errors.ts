/**
 * Typed errors shared by the driver, the card service, the CLI and the UI.
 * Every error carries a stable `code` (scripts and the renderer switch on it), a
 * message key into the locale catalogues, and parameters for that message.
 * No error may ever carry a PIN or user code (card-profile.md §1.5).
 */
export type ErrorCode =
  | 'invalid-input'
  | 'card-removed'
  | 'timeout'
  | 'pcsc-unavailable'
  | 'no-reader'
  | 'no-card'
  | 'reader-busy'
  | 'card-error'
  | 'malformed-response'
  | 'wrong-secret'
  | 'secret-blocked'
  | 'refused'
  | 'unsupported-card'
  | 'not-found'
  | 'bad-certificate'
  | 'bad-state-file'
  | 'cancelled'
  | 'pkcs11-module'
  | 'update-rejected'
  | 'internal';

export type MessageParams = Record<string, string | number>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messageKey: string;
  readonly params: MessageParams;

  constructor(code: ErrorCode, messageKey: string, params: MessageParams = {}, detail?: string) {
    super(
      detail ??
        `${code}: ${messageKey}${Object.keys(params).length ? ' ' + JSON.stringify(params) : ''}`,
    );
    this.name = new.target.name;
    this.code = code;
    this.messageKey = messageKey;
    this.params = params;
  }
}

export class InvalidInputError extends AppError {
  constructor(messageKey: string, params: MessageParams = {}) {
    super('invalid-input', messageKey, params);
  }
}

/** The card (or reader) went away while an operation was under way. */
export class CardRemovedError extends AppError {
  constructor() {
    super('card-removed', 'error.cardRemoved');
  }
}

export class TransmitTimeoutError extends AppError {
  constructor(readonly timeoutMs: number) {
    super('timeout', 'error.timeout', { seconds: Math.round(timeoutMs / 100) / 10 });
  }
}

export class PcscUnavailableError extends AppError {
  constructor(detail?: string) {
    super('pcsc-unavailable', 'error.pcscUnavailable', {}, detail);
  }
}

export class NoReaderError extends AppError {
  constructor() {
    super('no-reader', 'error.noReader');
  }
}

export class NoCardError extends AppError {
  constructor(readonly reader?: string) {
    super('no-card', 'error.noCard', reader ? { reader } : {});
  }
}

/** A response the driver cannot make sense of (too short, bad TLV, bad DER...). */
export class MalformedResponseError extends AppError {
  constructor(what: string, detail?: string) {
    super('malformed-response', 'error.malformedResponse', { what }, detail);
  }
}

export type SecretKind = 'pin' | 'userCode';

/**
 * Wrong PIN or user code; `triesLeft` > 0 (63C0 becomes SecretBlockedError). A PKCS#11
 * module reports flags, not counts: then `triesLeft` is null, the message claims no
 * number, and `lastTry` (CKF_USER_PIN_FINAL_TRY) says whether the next wrong one locks.
 */
export class WrongSecretError extends AppError {
  constructor(
    readonly secret: SecretKind,
    readonly triesLeft: number | null,
    readonly lastTry = triesLeft === 1,
  ) {
    const base = secret === 'pin' ? 'error.wrongPin' : 'error.wrongUserCode';
    const key = triesLeft !== null ? base : `${base}NoCount${lastTry ? 'LastTry' : ''}`;
    super('wrong-secret', key, triesLeft !== null ? { triesLeft } : {});
  }
}

/** The PIN or user code is blocked (6983, or 63C0 after a wrong attempt). */
export class SecretBlockedError extends AppError {
  constructor(
    readonly secret: SecretKind,
    readonly justBlocked = false,
  ) {
    super(
      'secret-blocked',
      secret === 'pin'
        ? justBlocked
          ? 'error.pinJustBlocked'
          : 'error.pinBlocked'
        : justBlocked
          ? 'error.userCodeJustBlocked'
          : 'error.userCodeBlocked',
    );
  }
}

export type RefusalReason =
  | 'vendor-card'
  | 'unknown-card'
  | 'last-try-unconfirmed'
  | 'already-blocked'
  | 'unblock-not-offered'
  | 'vendor-module-missing';

/** A safety rule of card-profile.md §1 stopped the operation before anything was sent. */
export class PinOperationRefused extends AppError {
  constructor(readonly reason: RefusalReason) {
    super('refused', `refused.${reason}`);
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

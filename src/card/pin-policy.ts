/**
 * The PIN rules of card-profile.md §1 and §4, in one place for every layer that handles a
 * PIN or user code: the card driver, the PIN backends (ISO and PKCS#11, worker included),
 * the IPC checks, the CLI and the page. Each caller maps the neutral answers here to its own
 * message; none restates a rule.
 *
 * The page imports this module too, so it uses no Node-only API and imports nothing but
 * src/core: secrets come in as strings (a form field) or bytes (everything past the first
 * boundary, §1.5), and both get the same answer.
 */
import {
  InvalidInputError,
  PinOperationRefused,
  SecretBlockedError,
  type RefusalReason,
  type SecretKind,
} from '../core/errors';
import type { PinChannel, SecretStatus } from '../core/model';

// ---- form (§4) ---------------------------------------------------------------------

export interface SecretLimits {
  min: number;
  max: number;
}

/** §4: a PIN is 6–8 and a user code 6–10 characters, all of 0-9A-Za-z. */
export const SECRET_LIMITS: Readonly<Record<SecretKind, Readonly<SecretLimits>>> = {
  pin: { min: 6, max: 8 },
  userCode: { min: 6, max: 10 },
};

/** Why a secret cannot be what it claims to be; the caller words it. */
export type SecretFormProblem = 'empty' | 'bad-character' | 'too-short' | 'too-long';

function isSecretCharacter(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a)
  );
}

/**
 * What is wrong with a PIN or user code, or null when its form is right. A string is
 * judged by its UTF-16 units and bytes one by one: every accepted secret is ASCII, so
 * both count the same, and anything else (non-ASCII, symbols, spaces) is a bad character
 * in either form.
 */
export function secretFormProblem(
  kind: SecretKind,
  value: string | Uint8Array,
): SecretFormProblem | null {
  // Anything else is a caller's bug or a hostile message: it is no secret of any form.
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) return 'bad-character';
  if (value.length === 0) return 'empty';
  for (let i = 0; i < value.length; i++) {
    const code = typeof value === 'string' ? value.charCodeAt(i) : value[i]!;
    if (!isSecretCharacter(code)) return 'bad-character';
  }
  const { min, max } = SECRET_LIMITS[kind];
  if (value.length < min) return 'too-short';
  if (value.length > max) return 'too-long';
  return null;
}

/**
 * Throws InvalidInputError(`messageKey`, { min, max }) for a secret of the wrong form,
 * before anything is sent. The message names the rule, never the secret.
 */
export function assertSecretForm(
  kind: SecretKind,
  value: string | Uint8Array,
  messageKey: string,
): void {
  if (secretFormProblem(kind, value) !== null) {
    const { min, max } = SECRET_LIMITS[kind];
    throw new InvalidInputError(messageKey, { min, max });
  }
}

// ---- tries (§1.2) ------------------------------------------------------------------

/** Blocked: never tried again, whatever the person confirms. */
export function isBlocked(status: SecretStatus | null): boolean {
  return !!status && (status.blocked || status.triesLeft === 0);
}

/** Exactly one try left (a count of 1, or PKCS#11's final-try flag), and not blocked. */
export function isLastTry(status: SecretStatus | null): boolean {
  return !!status && !isBlocked(status) && (status.lastTry || status.triesLeft === 1);
}

export type TriesRefusal = 'blocked' | 'last-try-unconfirmed';

/**
 * Whether the counter an operation spends from lets it go ahead: a blocked one never, the
 * last try only with the person's explicit confirmation (exactly `true`). An unknown
 * counter (null) is no refusal: the layer that can read it decides.
 */
export function triesRefusal(
  status: SecretStatus | null,
  confirmLastTry: boolean,
): TriesRefusal | null {
  if (isBlocked(status)) return 'blocked';
  if (isLastTry(status) && confirmLastTry !== true) return 'last-try-unconfirmed';
  return null;
}

/** triesRefusal as the errors every layer reports: SecretBlockedError or PinOperationRefused. */
export function refuseOnTries(
  secret: SecretKind,
  status: SecretStatus | null,
  confirmLastTry: boolean,
): void {
  const refusal = triesRefusal(status, confirmLastTry);
  if (refusal === 'blocked') throw new SecretBlockedError(secret);
  if (refusal) throw new PinOperationRefused(refusal);
}

export interface LastTryGate {
  /** The form must show the warning and the explicit confirmation checkbox. */
  needsConfirm: boolean;
  /** Submitting is allowed (false while the confirmation is missing, or when blocked). */
  canSubmit: boolean;
  /** What to send as `confirmLastTry`: true only after the person ticked the box. */
  confirmLastTry: boolean;
}

/**
 * triesRefusal for a form: computed from the counter the card reported, never from the
 * form, so no path skips it.
 */
export function lastTryGate(status: SecretStatus | null, confirmed: boolean): LastTryGate {
  const needsConfirm = isLastTry(status);
  return {
    needsConfirm,
    canSubmit: triesRefusal(status, confirmed) === null,
    confirmLastTry: needsConfirm && confirmed === true,
  };
}

// ---- which cards get plain PIN commands (§1.3, §1.4) ---------------------------------

export type ChannelRefusal = Extract<RefusalReason, 'vendor-card' | 'unknown-card'>;

/**
 * Plain ISO PIN APDUs (INS 20, 24, 2C, the empty VERIFY included) go to `iso` cards only:
 * a genuine MOICA card (`vendor`) needs the vendor's secure channel, and a card of unknown
 * family (`none`) is only read. Null: plain PIN commands are allowed.
 */
export function plainPinRefusal(channel: PinChannel): ChannelRefusal | null {
  if (channel === 'iso') return null;
  return channel === 'vendor' ? 'vendor-card' : 'unknown-card';
}

// ---- secrets' lifetime (§1.5) ------------------------------------------------------

/** Zeroes every secret handed over; anything that is not bytes is left alone. */
export function wipe(...secrets: Array<Uint8Array | null | undefined>): void {
  for (const s of secrets) if (s instanceof Uint8Array) s.fill(0);
}

/** Runs `work`, then zeroes every secret however it ended. */
export async function withSecrets<T>(
  secrets: ReadonlyArray<Uint8Array | null | undefined>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } finally {
    wipe(...secrets);
  }
}

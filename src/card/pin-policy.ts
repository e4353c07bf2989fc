import {
  InvalidInputError,
  SecretBlockedError,
  WrongSecretError,
  type SecretKind,
} from '../core/errors';
import type { SecretStatus } from '../core/model';
import { CardStatusError } from './apdu/errors';

/** card-profile.md §4: plain ISO PIN profile. */
export const PIN_REF = 0x01;
export const USER_CODE_REF = 0x02;
export const PIN_MAX_TRIES = 3;
export const USER_CODE_MAX_TRIES = 5;

export const INS_VERIFY = 0x20;
export const INS_CHANGE_REFERENCE_DATA = 0x24;
export const INS_RESET_RETRY_COUNTER = 0x2c;

interface SecretFormat {
  min: number;
  max: number;
  /** Bytes on the wire: the secret right-padded with FF. */
  padded: number;
}

export const PIN_FORMAT: SecretFormat = { min: 6, max: 8, padded: 8 };
export const USER_CODE_FORMAT: SecretFormat = { min: 6, max: 10, padded: 10 };

function isAlnum(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

/**
 * Reject a malformed secret before any APDU goes out. The message names the rule, never
 * the secret.
 */
export function validateSecret(value: Buffer, format: SecretFormat, messageKey: string): void {
  if (
    !Buffer.isBuffer(value) ||
    value.length < format.min ||
    value.length > format.max ||
    !value.every(isAlnum)
  ) {
    throw new InvalidInputError(messageKey, { min: format.min, max: format.max });
  }
}

/** ASCII right-padded with FF. The caller zeroes the result when done. */
export function padSecret(value: Buffer, format: SecretFormat): Buffer {
  const out = Buffer.alloc(format.padded, 0xff);
  value.copy(out, 0, 0, format.padded);
  return out;
}

/** Answer to an empty VERIFY (spends nothing) → status (card-profile.md §4). */
export function statusFromEmptyVerify(sw: number, maxTries: number): SecretStatus {
  let triesLeft: number;
  if ((sw & 0xfff0) === 0x63c0) triesLeft = sw & 0x0f;
  else if (sw === 0x6983) triesLeft = 0;
  // Verified since the last reset: the counter was restored by that success.
  else if (sw === 0x9000) triesLeft = maxTries;
  else throw new CardStatusError(sw, 'VERIFY (tries)');
  return {
    triesLeft,
    maxTries,
    blocked: triesLeft === 0,
    lastTry: triesLeft === 1,
    source: 'card',
  };
}

/** Answer to a VERIFY / CHANGE / RESET RETRY COUNTER that carried a secret. */
export function checkSecretAnswer(sw: number, secret: SecretKind, step: string): void {
  if (sw === 0x9000) return;
  if ((sw & 0xfff0) === 0x63c0) {
    const left = sw & 0x0f;
    if (left === 0) throw new SecretBlockedError(secret, true);
    throw new WrongSecretError(secret, left);
  }
  if (sw === 0x6983) throw new SecretBlockedError(secret);
  throw new CardStatusError(sw, step);
}

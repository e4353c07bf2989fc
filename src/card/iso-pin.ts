/**
 * The plain ISO PIN profile of card-profile.md §4 as bytes: references, instructions, the
 * padded data field and what the status words mean. Only the driver uses it, and only for
 * cards that pin-policy.ts lets have plain PIN commands.
 */
import { SecretBlockedError, WrongSecretError, type SecretKind } from '../core/errors';
import type { SecretStatus } from '../core/model';
import { CardStatusError } from './apdu/errors';

export const PIN_REF = 0x01;
export const USER_CODE_REF = 0x02;
export const PIN_MAX_TRIES = 3;
export const USER_CODE_MAX_TRIES = 5;

export const INS_VERIFY = 0x20;
export const INS_CHANGE_REFERENCE_DATA = 0x24;
export const INS_RESET_RETRY_COUNTER = 0x2c;

/** Bytes on the wire: the secret right-padded with FF to its field's size. */
export const PADDED_LENGTH: Readonly<Record<SecretKind, number>> = { pin: 8, userCode: 10 };

/** ASCII right-padded with FF. The caller zeroes the result when done. */
export function padSecret(kind: SecretKind, value: Uint8Array): Buffer {
  const out = Buffer.alloc(PADDED_LENGTH[kind], 0xff);
  out.set(value.subarray(0, out.length));
  return out;
}

/** Answer to an empty VERIFY (spends nothing) → status. */
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

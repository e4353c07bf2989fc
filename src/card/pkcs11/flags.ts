/**
 * What a token's CK_TOKEN_INFO.flags say about its user PIN, and what the safety rules of
 * card-profile.md §1 make of that. PKCS#11 reports flags, not counts (cli.md): the status
 * never claims a number of tries, only "last try" and "blocked".
 */
import type { SecretStatus } from '../../core/model';
import { triesRefusal } from '../pin-policy';
import {
  CKF_PROTECTED_AUTHENTICATION_PATH,
  CKF_USER_PIN_COUNT_LOW,
  CKF_USER_PIN_FINAL_TRY,
  CKF_USER_PIN_INITIALIZED,
  CKF_USER_PIN_LOCKED,
  CKF_USER_PIN_TO_BE_CHANGED,
} from './constants';

export interface UserPinFlags {
  /** At least one wrong PIN since the last right one. */
  countLow: boolean;
  /** One more wrong PIN locks the token. */
  finalTry: boolean;
  locked: boolean;
  /** The token asks for a new PIN (a default or expired one). */
  toBeChanged: boolean;
  initialized: boolean;
  /** PIN entry happens on the reader's own keypad: the app cannot supply one. */
  protectedPath: boolean;
}

export function decodeUserPinFlags(flags: number): UserPinFlags {
  const has = (bit: number): boolean => (flags & bit) !== 0;
  return {
    countLow: has(CKF_USER_PIN_COUNT_LOW),
    finalTry: has(CKF_USER_PIN_FINAL_TRY),
    locked: has(CKF_USER_PIN_LOCKED),
    toBeChanged: has(CKF_USER_PIN_TO_BE_CHANGED),
    initialized: has(CKF_USER_PIN_INITIALIZED),
    protectedPath: has(CKF_PROTECTED_AUTHENTICATION_PATH),
  };
}

/**
 * The PIN status a PKCS#11 token gives. Some modules leave FINAL_TRY set once the PIN is
 * locked: locked wins, and a locked PIN has no "last try" left.
 */
export function pinStatusFromFlags(flags: number): SecretStatus {
  const f = decodeUserPinFlags(flags);
  return {
    triesLeft: null,
    maxTries: null,
    blocked: f.locked,
    lastTry: f.finalTry && !f.locked,
    source: 'pkcs11',
  };
}

export type GuardRefusal =
  'blocked' | 'last-try-unconfirmed' | 'protected-path' | 'pin-not-initialized';

/**
 * Whether a PIN may be sent to the token now, decided from its flags read just before:
 * the tries rule of pin-policy.ts (card-profile.md §1.2), the same as on the ISO path,
 * plus two a PKCS#11 token adds.
 */
export function guardFromFlags(flags: number, confirmLastTry: boolean): GuardRefusal | null {
  const tries = triesRefusal(pinStatusFromFlags(flags), confirmLastTry);
  if (tries === 'blocked') return tries;
  const f = decodeUserPinFlags(flags);
  if (f.protectedPath) return 'protected-path';
  // A token whose user PIN was never set has nothing to check a PIN against.
  if (!f.initialized) return 'pin-not-initialized';
  return tries;
}

/**
 * Token flags → PIN status, the guard before any PIN is sent, and worker failures → the
 * app's typed errors. SoftHSM2 never counts tries, so every flag combination is checked
 * here against the rules of card-profile.md §1.2 and cli.md ("flags, not counts").
 */
import { describe, expect, it } from 'vitest';
import {
  CKF_LOGIN_REQUIRED,
  CKF_PROTECTED_AUTHENTICATION_PATH,
  CKF_TOKEN_INITIALIZED,
  CKF_USER_PIN_COUNT_LOW,
  CKF_USER_PIN_FINAL_TRY,
  CKF_USER_PIN_INITIALIZED,
  CKF_USER_PIN_LOCKED,
  CKF_USER_PIN_TO_BE_CHANGED,
  CKR_DEVICE_REMOVED,
  CKR_FUNCTION_NOT_SUPPORTED,
  CKR_PIN_INCORRECT,
  CKR_PIN_INVALID,
  CKR_PIN_LEN_RANGE,
  CKR_PIN_LOCKED,
} from '../../../../src/card/pkcs11/constants';
import { errorFromFailure } from '../../../../src/card/pkcs11/errors';
import {
  decodeUserPinFlags,
  guardFromFlags,
  pinStatusFromFlags,
} from '../../../../src/card/pkcs11/flags';
import { exitCodeFor } from '../../../../src/cli/exit-codes';
import { localizeError } from '../../../../src/core/i18n';
import {
  PinOperationRefused,
  SecretBlockedError,
  WrongSecretError,
} from '../../../../src/core/errors';

/** A healthy token as SoftHSM2 and most modules report it. */
const READY = CKF_TOKEN_INITIALIZED | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED;

describe('PIN status from token flags', () => {
  const cases: Array<[string, number, { blocked: boolean; lastTry: boolean }]> = [
    ['no PIN flag', READY, { blocked: false, lastTry: false }],
    [
      'count low only (a wrong PIN earlier)',
      READY | CKF_USER_PIN_COUNT_LOW,
      { blocked: false, lastTry: false },
    ],
    ['final try', READY | CKF_USER_PIN_FINAL_TRY, { blocked: false, lastTry: true }],
    [
      'count low and final try',
      READY | CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY,
      { blocked: false, lastTry: true },
    ],
    ['locked', READY | CKF_USER_PIN_LOCKED, { blocked: true, lastTry: false }],
    [
      'locked with final try left set',
      READY | CKF_USER_PIN_LOCKED | CKF_USER_PIN_FINAL_TRY,
      { blocked: true, lastTry: false },
    ],
    [
      'locked with every count flag',
      READY | CKF_USER_PIN_LOCKED | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_COUNT_LOW,
      { blocked: true, lastTry: false },
    ],
    ['to be changed', READY | CKF_USER_PIN_TO_BE_CHANGED, { blocked: false, lastTry: false }],
  ];
  for (const [name, flags, expected] of cases) {
    it(name, () => {
      // Flags, not counts: never a number of tries, never a maximum.
      expect(pinStatusFromFlags(flags)).toEqual({
        triesLeft: null,
        maxTries: null,
        ...expected,
        source: 'pkcs11',
      });
    });
  }

  it('decodes the "to be changed" and keypad flags the status cannot show', () => {
    expect(decodeUserPinFlags(READY | CKF_USER_PIN_TO_BE_CHANGED).toBeChanged).toBe(true);
    expect(decodeUserPinFlags(READY).toBeChanged).toBe(false);
    expect(decodeUserPinFlags(READY | CKF_PROTECTED_AUTHENTICATION_PATH).protectedPath).toBe(true);
  });
});

describe('guard before a PIN is sent', () => {
  it('lets a healthy token through, confirmed or not', () => {
    expect(guardFromFlags(READY, false)).toBeNull();
    expect(guardFromFlags(READY | CKF_USER_PIN_COUNT_LOW, false)).toBeNull();
    expect(guardFromFlags(READY | CKF_USER_PIN_TO_BE_CHANGED, false)).toBeNull();
  });

  it('refuses the last try unless the person confirmed it', () => {
    const flags = READY | CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY;
    expect(guardFromFlags(flags, false)).toBe('last-try-unconfirmed');
    expect(guardFromFlags(flags, true)).toBeNull();
  });

  it('refuses a locked PIN even with confirmation', () => {
    expect(guardFromFlags(READY | CKF_USER_PIN_LOCKED, true)).toBe('blocked');
    expect(guardFromFlags(READY | CKF_USER_PIN_LOCKED | CKF_USER_PIN_FINAL_TRY, true)).toBe(
      'blocked',
    );
  });

  it('refuses a keypad reader and a token without a user PIN', () => {
    expect(guardFromFlags(READY | CKF_PROTECTED_AUTHENTICATION_PATH, true)).toBe('protected-path');
    expect(guardFromFlags(CKF_TOKEN_INITIALIZED | CKF_LOGIN_REQUIRED, true)).toBe(
      'pin-not-initialized',
    );
  });
});

describe('worker failures as typed errors', () => {
  it('a wrong PIN claims no count, in both languages', () => {
    const err = errorFromFailure({
      kind: 'ckr',
      fn: 'C_Login',
      code: CKR_PIN_INCORRECT,
      flagsAfter: READY | CKF_USER_PIN_COUNT_LOW,
    });
    expect(err).toBeInstanceOf(WrongSecretError);
    expect((err as WrongSecretError).triesLeft).toBeNull();
    expect(exitCodeFor(err.code)).toBe(4);
    const en = localizeError(err, 'en');
    const zh = localizeError(err, 'zh-TW');
    expect(en).toMatch(/^Wrong PIN\./);
    expect(en).not.toMatch(/\d/);
    expect(zh).toContain('PIN 碼錯誤');
    expect(zh).not.toMatch(/還剩 \d/);
  });

  it('a wrong PIN that leaves the final try says the next one locks', () => {
    const err = errorFromFailure({
      kind: 'ckr',
      fn: 'C_Login',
      code: CKR_PIN_INCORRECT,
      flagsAfter: READY | CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY,
    });
    expect(err).toBeInstanceOf(WrongSecretError);
    expect((err as WrongSecretError).lastTry).toBe(true);
    expect(localizeError(err, 'en')).toBe('Wrong PIN - the next wrong PIN will lock the card.');
  });

  it('a wrong PIN whose flags could not be read afterwards still claims nothing', () => {
    const err = errorFromFailure({ kind: 'ckr', fn: 'C_Login', code: CKR_PIN_INCORRECT });
    expect((err as WrongSecretError).lastTry).toBe(false);
    expect(localizeError(err, 'en')).not.toMatch(/\d/);
  });

  it('a wrong PIN that locked the token → blocked now (exit 5)', () => {
    const err = errorFromFailure({
      kind: 'ckr',
      fn: 'C_Login',
      code: CKR_PIN_INCORRECT,
      flagsAfter: READY | CKF_USER_PIN_LOCKED,
    });
    expect(err).toBeInstanceOf(SecretBlockedError);
    expect((err as SecretBlockedError).justBlocked).toBe(true);
    expect(exitCodeFor(err.code)).toBe(5);
  });

  it('CKR_PIN_LOCKED → blocked; PIN_LEN_RANGE / PIN_INVALID → invalid input (exit 2)', () => {
    const locked = errorFromFailure({ kind: 'ckr', fn: 'C_Login', code: CKR_PIN_LOCKED });
    expect(locked).toBeInstanceOf(SecretBlockedError);
    expect((locked as SecretBlockedError).justBlocked).toBe(false);
    for (const code of [CKR_PIN_LEN_RANGE, CKR_PIN_INVALID]) {
      const err = errorFromFailure({
        kind: 'ckr',
        fn: 'C_SetPIN',
        code,
        minPinLen: 6,
        maxPinLen: 8,
      });
      expect(err.code).toBe('invalid-input');
      expect(exitCodeFor(err.code)).toBe(2);
      expect(localizeError(err, 'en')).toContain('6 to 8 characters');
    }
    // A module that reports no sensible limits gets a message without them.
    const noRange = errorFromFailure({ kind: 'ckr', fn: 'C_SetPIN', code: CKR_PIN_LEN_RANGE });
    expect(noRange.messageKey).toBe('pkcs11.pinRejectedNoRange');
  });

  it('guard refusals keep the ISO path exit codes (6 last try, 5 blocked)', () => {
    const lastTry = errorFromFailure({ kind: 'guard', reason: 'last-try-unconfirmed' });
    expect(lastTry).toBeInstanceOf(PinOperationRefused);
    expect(exitCodeFor(lastTry.code)).toBe(6);
    expect(exitCodeFor(errorFromFailure({ kind: 'guard', reason: 'blocked' }).code)).toBe(5);
    expect(exitCodeFor(errorFromFailure({ kind: 'guard', reason: 'protected-path' }).code)).toBe(6);
  });

  it('a removed card and an unexpected return value read as such', () => {
    expect(errorFromFailure({ kind: 'ckr', fn: 'C_Login', code: CKR_DEVICE_REMOVED }).code).toBe(
      'card-removed',
    );
    const other = errorFromFailure({
      kind: 'ckr',
      fn: 'C_GetTokenInfo',
      code: CKR_FUNCTION_NOT_SUPPORTED,
    });
    expect(other.code).toBe('pkcs11-module');
    expect(localizeError(other, 'en')).toContain('C_GetTokenInfo (0x00000054)');
    expect(errorFromFailure({ kind: 'token-changed' }).code).toBe('card-removed');
  });
});

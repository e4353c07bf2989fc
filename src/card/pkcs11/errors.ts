/**
 * From what the worker reports to the app's typed errors, so the CLI's exit codes and the
 * UI's messages are the same whichever backend answered. No message carries a secret:
 * failures hold function names, return values and flags only.
 */
import {
  AppError,
  CardRemovedError,
  InvalidInputError,
  PinOperationRefused,
  SecretBlockedError,
  WrongSecretError,
  type MessageParams,
} from '../../core/errors';
import {
  CKR_CARD_GONE,
  CKR_PIN_INCORRECT,
  CKR_PIN_INVALID,
  CKR_PIN_LEN_RANGE,
  CKR_PIN_LOCKED,
  CKR_USER_PIN_NOT_INITIALIZED,
  ckrHex,
} from './constants';
import { SigningStepError } from '../signing';
import { decodeUserPinFlags } from './flags';
import type { WorkerFailure } from './protocol';

/** The module failed: it would not load, crashed, or answered something unexpected. */
export class Pkcs11ModuleError extends AppError {
  constructor(what: string, params: MessageParams = {}, detail?: string) {
    super('pkcs11-module', `pkcs11.error.${what}`, params, detail);
  }
}

/** A call into the module did not return in time; the worker was stopped. */
export class Pkcs11TimeoutError extends AppError {
  constructor(readonly timeoutMs: number) {
    super('timeout', 'pkcs11.error.timeout', { seconds: Math.round(timeoutMs / 100) / 10 });
  }
}

/** The token's own flags forbid this PIN operation for a reason the ISO path never meets. */
export class Pkcs11Refused extends AppError {
  constructor(readonly reason: 'protected-path' | 'pin-not-initialized') {
    super('refused', `pkcs11.refused.${reason}`);
  }
}

/** The card in the reader is no longer the token the app matched (swapped, or removed). */
export class TokenChangedError extends AppError {
  constructor() {
    super('card-removed', 'pkcs11.error.tokenChanged');
  }
}

function pinRejected(failure: { minPinLen?: number; maxPinLen?: number }): AppError {
  const { minPinLen: min, maxPinLen: max } = failure;
  if (min !== undefined && max !== undefined && max > 0 && max >= min && max < 256) {
    return new InvalidInputError('pkcs11.pinRejected', { min, max });
  }
  return new InvalidInputError('pkcs11.pinRejectedNoRange');
}

/**
 * A PKCS#11 module reports flags, not counts (cli.md): a wrong PIN says "wrong" and, when
 * the flags read right after say so, that the next wrong one locks or that it just did.
 */
function wrongPin(flagsAfter: number | undefined): AppError {
  if (flagsAfter === undefined) return new WrongSecretError('pin', null);
  const flags = decodeUserPinFlags(flagsAfter);
  if (flags.locked) return new SecretBlockedError('pin', true);
  return new WrongSecretError('pin', null, flags.finalTry);
}

export function errorFromFailure(failure: WorkerFailure): AppError {
  switch (failure.kind) {
    case 'guard':
      if (failure.reason === 'blocked') return new SecretBlockedError('pin');
      if (failure.reason === 'last-try-unconfirmed') {
        return new PinOperationRefused('last-try-unconfirmed');
      }
      return new Pkcs11Refused(failure.reason);
    case 'token-changed':
      return new TokenChangedError();
    case 'signing': {
      const { step, fn, code, missing } = failure;
      if (missing) return new SigningStepError(step, new Pkcs11ModuleError(`sign.${missing}`));
      const cause =
        code === undefined
          ? new Pkcs11ModuleError('internal', {}, `${fn} failed`)
          : errorFromFailure({ kind: 'ckr', fn, code });
      return new SigningStepError(step, cause);
    }
    case 'load':
      return new Pkcs11ModuleError('load', {}, `module load failed: ${failure.detail}`);
    case 'ckr': {
      const { code, fn } = failure;
      if (code === CKR_PIN_INCORRECT) return wrongPin(failure.flagsAfter);
      if (code === CKR_PIN_LOCKED) return new SecretBlockedError('pin');
      if (code === CKR_PIN_LEN_RANGE || code === CKR_PIN_INVALID) return pinRejected(failure);
      if (code === CKR_USER_PIN_NOT_INITIALIZED) return new Pkcs11Refused('pin-not-initialized');
      if (CKR_CARD_GONE.includes(code)) return new CardRemovedError();
      return new Pkcs11ModuleError('ckr', { fn, code: ckrHex(code) });
    }
    case 'not-initialized':
    case 'bad-request':
    case 'native':
      return new Pkcs11ModuleError(
        'internal',
        {},
        `worker failure ${failure.kind}${'detail' in failure ? `: ${failure.detail}` : ''}`,
      );
  }
}

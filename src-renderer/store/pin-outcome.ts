import type { IpcError } from '../../src/service/contract';
import type { SecretStatus } from '../../src/core/model';

export interface Counters {
  pin: SecretStatus | null;
  userCode: SecretStatus | null;
}

function which(error: IpcError): 'pin' | 'userCode' {
  return /userCode/i.test(error.messageKey) ? 'userCode' : 'pin';
}

/**
 * The counters after a failed attempt, from what the card answered (63Cx → x left, 6983 /
 * 63C0 → blocked), so the form shows the new "n/3" without another trip to the card. A
 * PKCS#11 module gives no count (triesLeft null): its wrong-PIN error says instead whether
 * the next wrong PIN locks the card, from the flags read right after.
 */
export function countersAfterError(error: IpcError, before: Counters): Counters {
  if (error.code !== 'wrong-secret' && error.code !== 'secret-blocked') return before;
  const secret = which(error);
  const prev = before[secret];
  const base: SecretStatus = prev ?? {
    triesLeft: null,
    maxTries: null,
    blocked: false,
    lastTry: false,
    source: 'card',
  };
  let next: SecretStatus;
  if (error.code === 'secret-blocked') {
    next = { ...base, triesLeft: base.maxTries === null ? null : 0, blocked: true, lastTry: false };
  } else {
    const left = Number(error.params.triesLeft);
    if (Number.isInteger(left)) {
      next = { ...base, triesLeft: left, blocked: left === 0, lastTry: left === 1 };
    } else if (error.params.triesLeft === undefined && /NoCountLastTry$/.test(error.messageKey)) {
      next = { ...base, blocked: false, lastTry: true };
    } else {
      return before;
    }
  }
  return { ...before, [secret]: next };
}

/**
 * The plain ISO PIN profile of card-profile.md §4, as pure functions over the card's
 * secrets: VERIFY (with and without data), CHANGE REFERENCE DATA and RESET RETRY COUNTER
 * with the user code. Each returns the status word and the next state; the card persists
 * the state and only then answers.
 */
import { timingSafeEqual } from 'node:crypto';
import { PIN_MAX_TRIES, USER_CODE_MAX_TRIES } from './scenarios';
import { SW } from './status-words';

export interface Secrets {
  pin: string;
  userCode: string;
  pinTriesLeft: number;
  userCodeTriesLeft: number;
}

export interface PinOutcome {
  sw: number;
  secrets: Secrets;
  verified: boolean;
}

export const PIN_FIELD = 8;
export const USER_CODE_FIELD = 10;

const SECRET_CHARS = /^[0-9A-Za-z]+$/;

export function isValidPin(value: string): boolean {
  return value.length >= 6 && value.length <= PIN_FIELD && SECRET_CHARS.test(value);
}

export function isValidUserCode(value: string): boolean {
  return value.length >= 6 && value.length <= USER_CODE_FIELD && SECRET_CHARS.test(value);
}

/** ASCII right-padded with FF to the field size (§4). */
export function padSecret(value: string, field: number): Buffer {
  const out = Buffer.alloc(field, 0xff);
  out.write(value, 'ascii');
  return out;
}

/** The secret in a padded field, or null if the field is not ASCII followed by FF only. */
function unpad(field: Buffer): string | null {
  const end = field.indexOf(0xff);
  const used = end === -1 ? field : field.subarray(0, end);
  if (end !== -1 && field.subarray(end).some((b) => b !== 0xff)) return null;
  const text = used.toString('latin1');
  return SECRET_CHARS.test(text) ? text : null;
}

function matches(stored: string, field: Buffer): boolean {
  return timingSafeEqual(padSecret(stored, field.length), field);
}

const triesSw = (tries: number): number => SW.COUNTER | tries;

/** Empty VERIFY: read a counter without spending a try. */
export function pinStatus(secrets: Secrets, verified: boolean): number {
  if (secrets.pinTriesLeft === 0) return SW.AUTH_METHOD_BLOCKED;
  return verified ? SW.OK : triesSw(secrets.pinTriesLeft);
}

export function userCodeStatus(secrets: Secrets): number {
  if (secrets.userCodeTriesLeft === 0) return SW.AUTH_METHOD_BLOCKED;
  return triesSw(secrets.userCodeTriesLeft);
}

function presentPin(secrets: Secrets, verified: boolean, field: Buffer): PinOutcome {
  if (secrets.pinTriesLeft === 0) return { sw: SW.AUTH_METHOD_BLOCKED, secrets, verified };
  if (matches(secrets.pin, field)) {
    return { sw: SW.OK, secrets: { ...secrets, pinTriesLeft: PIN_MAX_TRIES }, verified: true };
  }
  const pinTriesLeft = secrets.pinTriesLeft - 1;
  // 63C0 here means "this attempt blocked the PIN".
  return { sw: triesSw(pinTriesLeft), secrets: { ...secrets, pinTriesLeft }, verified: false };
}

/** VERIFY with 8 bytes of PIN. */
export function verifyPin(secrets: Secrets, verified: boolean, field: Buffer): PinOutcome {
  return presentPin(secrets, verified, field);
}

/** CHANGE REFERENCE DATA: old PIN (checked and counted like VERIFY), then the new one. */
export function changePin(secrets: Secrets, verified: boolean, data: Buffer): PinOutcome {
  if (secrets.pinTriesLeft === 0) return { sw: SW.AUTH_METHOD_BLOCKED, secrets, verified };
  const newPin = unpad(data.subarray(PIN_FIELD));
  // A malformed new PIN is refused before the old one is looked at, so it costs no try.
  if (newPin === null || !isValidPin(newPin)) return { sw: SW.WRONG_DATA, secrets, verified };
  const checked = presentPin(secrets, verified, data.subarray(0, PIN_FIELD));
  if (checked.sw !== SW.OK) return checked;
  return { ...checked, secrets: { ...checked.secrets, pin: newPin } };
}

/** RESET RETRY COUNTER: user code, then the new PIN; the PIN counter goes back to max. */
export function unblockPin(secrets: Secrets, verified: boolean, data: Buffer): PinOutcome {
  if (secrets.userCodeTriesLeft === 0) return { sw: SW.AUTH_METHOD_BLOCKED, secrets, verified };
  const newPin = unpad(data.subarray(USER_CODE_FIELD));
  if (newPin === null || !isValidPin(newPin)) return { sw: SW.WRONG_DATA, secrets, verified };
  if (!matches(secrets.userCode, data.subarray(0, USER_CODE_FIELD))) {
    const userCodeTriesLeft = secrets.userCodeTriesLeft - 1;
    return {
      sw: triesSw(userCodeTriesLeft),
      secrets: { ...secrets, userCodeTriesLeft },
      verified: false,
    };
  }
  return {
    sw: SW.OK,
    secrets: {
      ...secrets,
      pin: newPin,
      pinTriesLeft: PIN_MAX_TRIES,
      userCodeTriesLeft: USER_CODE_MAX_TRIES,
    },
    verified: false,
  };
}

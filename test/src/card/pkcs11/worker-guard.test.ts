/**
 * The worker's own guard, right before C_Login / C_SetPIN, on a real module. SoftHSM2
 * never sets CKF_USER_PIN_FINAL_TRY or CKF_USER_PIN_LOCKED, so the library handed to the
 * worker's session adds them to what the real token reports; everything else is SoftHSM2.
 * Whether a PIN reached the token shows in the real token's CKF_USER_PIN_COUNT_LOW.
 */
import { createRequire } from 'node:module';
import type * as Pkcs11Js from 'pkcs11js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CKF_USER_PIN_COUNT_LOW,
  CKF_USER_PIN_FINAL_TRY,
  CKF_USER_PIN_LOCKED,
  CKR_PIN_INCORRECT,
  CKR_PIN_LEN_RANGE,
} from '../../../../src/card/pkcs11/constants';
import type { SlotRef, WorkerFailure, WorkerRequest } from '../../../../src/card/pkcs11/protocol';
import { ModuleSession, type Pkcs11Library } from '../../../../src/card/pkcs11/worker-ops';
import { createSoftHsm, type SoftHsm } from '../../../helpers/softhsm';

const require = createRequire(import.meta.url);
const real = require('pkcs11js') as Pkcs11Library;

let hsm: SoftHsm;
let extraFlags = 0;
let session: ModuleSession;
let slot: SlotRef;
let id = 1;

/** pkcs11js, with `extraFlags` added to every C_GetTokenInfo answer. */
function library(): Pkcs11Library {
  class Flagged extends real.PKCS11 {
    override C_GetTokenInfo(handle: Buffer): Pkcs11Js.TokenInfo {
      const info = super.C_GetTokenInfo(handle);
      return { ...info, flags: info.flags | extraFlags };
    }
  }
  return { ...real, PKCS11: Flagged } as Pkcs11Library;
}

/** The real token's flags, without the added ones (one module per process: same session). */
function realFlags(): number {
  const added = extraFlags;
  extraFlags = 0;
  try {
    return (session.handle({ id: id++, op: 'token', slot }) as { flags: number }).flags;
  } finally {
    extraFlags = added;
  }
}

function failureOf(request: WorkerRequest): WorkerFailure | null {
  try {
    session.handle(request);
    return null;
  } catch (err) {
    return session.failureOf(err);
  }
}

function verify(pin: string, confirmLastTry: boolean): WorkerFailure | null {
  return failureOf({ id: id++, op: 'verify', slot, pin: Buffer.from(pin), confirmLastTry });
}

beforeAll(() => {
  hsm = createSoftHsm();
  process.env.SOFTHSM2_CONF = hsm.env.SOFTHSM2_CONF;
});

afterAll(() => {
  delete process.env.SOFTHSM2_CONF;
  hsm?.cleanup();
});

beforeEach(() => {
  // A fresh token each time: COUNT_LOW must start clear.
  const label = `GUARD${id}`;
  hsm.initToken(label, '730101');
  extraFlags = 0;
  session = new ModuleSession(library);
  session.handle({ id: id++, op: 'init', modulePath: hsm.module });
  const slots = session.handle({ id: id++, op: 'slots' }) as Array<{
    slotId: string;
    token: { label: string; serialNumber: string } | null;
  }>;
  const s = slots.find((x) => x.token?.label === label)!;
  slot = { slotId: s.slotId, serialNumber: s.token!.serialNumber, label };
  return () => session.finalize();
});

describe('worker guard on a real token', () => {
  it('final try without confirmation: refused, and no PIN reached the token', () => {
    extraFlags = CKF_USER_PIN_FINAL_TRY;
    expect(verify('999999', false)).toEqual({ kind: 'guard', reason: 'last-try-unconfirmed' });
    expect(realFlags() & CKF_USER_PIN_COUNT_LOW).toBe(0);
  });

  it('final try with confirmation: the PIN is checked by the token', () => {
    extraFlags = CKF_USER_PIN_FINAL_TRY;
    const failure = verify('999999', true);
    expect(failure).toMatchObject({ kind: 'ckr', fn: 'C_Login', code: CKR_PIN_INCORRECT });
    // The flags read right after the refusal travel back for the message.
    expect((failure as { flagsAfter: number }).flagsAfter & CKF_USER_PIN_FINAL_TRY).toBeTruthy();
    expect(realFlags() & CKF_USER_PIN_COUNT_LOW).toBeTruthy();
    expect(verify('730101', true)).toBeNull();
  });

  it('locked: refused even with confirmation, nothing sent', () => {
    extraFlags = CKF_USER_PIN_LOCKED | CKF_USER_PIN_FINAL_TRY;
    expect(verify('730101', true)).toEqual({ kind: 'guard', reason: 'blocked' });
    const change = failureOf({
      id: id++,
      op: 'changePin',
      slot,
      oldPin: Buffer.from('000000'),
      newPin: Buffer.from('123456'),
      confirmLastTry: true,
    });
    expect(change).toEqual({ kind: 'guard', reason: 'blocked' });
    expect(realFlags() & CKF_USER_PIN_COUNT_LOW).toBe(0);
  });

  it('a new PIN the token cannot take is refused before the old one is counted', () => {
    const failure = failureOf({
      id: id++,
      op: 'changePin',
      slot,
      oldPin: Buffer.from('000000'),
      newPin: Buffer.from('123'),
      confirmLastTry: false,
    });
    expect(failure).toMatchObject({ kind: 'ckr', code: CKR_PIN_LEN_RANGE, minPinLen: 4 });
    expect(realFlags() & CKF_USER_PIN_COUNT_LOW).toBe(0);
  });

  it('zeroes the secret fields of the request whatever the outcome', () => {
    const pin = Buffer.from('999999');
    extraFlags = CKF_USER_PIN_FINAL_TRY;
    failureOf({ id: id++, op: 'verify', slot, pin, confirmLastTry: false });
    expect(pin.every((b) => b === 0)).toBe(true);
    extraFlags = 0;
    const oldPin = Buffer.from('730101');
    const newPin = Buffer.from('654321');
    expect(
      failureOf({ id: id++, op: 'changePin', slot, oldPin, newPin, confirmLastTry: false }),
    ).toBeNull();
    expect([...oldPin, ...newPin].every((b) => b === 0)).toBe(true);
  });

  it('refuses a slot whose token is no longer the one matched, before any login', () => {
    slot = { ...slot, serialNumber: '0000000000000000' };
    expect(verify('999999', true)).toEqual({ kind: 'token-changed' });
  });
});

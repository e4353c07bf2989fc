/**
 * What the PKCS#11 worker does with each request, over pkcs11js. Runs only inside the
 * worker process: a vendor module that crashes or hangs takes this process down, not the
 * app. Synchronous on purpose: pkcs11js calls block, and the worker serves one call at a
 * time anyway.
 */
import { createRequire } from 'node:module';
import type * as Pkcs11Js from 'pkcs11js';
import {
  CKA_CLASS,
  CKA_ID,
  CKA_LABEL,
  CKA_VALUE,
  CKF_RW_SESSION,
  CKF_SERIAL_SESSION,
  CKM_SHA256_RSA_PKCS,
  CKO_CERTIFICATE,
  CKO_PRIVATE_KEY,
  CKR_CRYPTOKI_ALREADY_INITIALIZED,
  CKR_PIN_EXPIRED,
  CKR_PIN_INCORRECT,
  CKR_PIN_LEN_RANGE,
  CKU_USER,
} from './constants';
import { wipe } from '../pin-policy';
import { guardFromFlags } from './flags';
import type {
  ModuleReport,
  PinOperationReport,
  RequestOf,
  ResponseOf,
  SlotRef,
  SlotReport,
  TokenCertificate,
  TokenReport,
  WorkerFailure,
  WorkerOp,
  WorkerRequest,
} from './protocol';

/** A failure already in protocol form, thrown inside the worker and sent back as is. */
export class WorkerFailureError extends Error {
  constructor(readonly failure: WorkerFailure) {
    super(failure.kind);
  }
}

type Lib = typeof Pkcs11Js;
type PKCS11 = Pkcs11Js.PKCS11;

// Not named `require`: electron-vite's build declares its own `require` in every ES chunk
// that calls one, and a second declaration would make the bundled worker a syntax error.
const loadPackage = createRequire(import.meta.url);

/** CK_UTF8CHAR fields are blank-padded (and some modules pad with NULs). */
function trimField(text: string): string {
  return text.replace(/[\s\0]+$/u, '');
}

function version(v: { major: number; minor: number }): string {
  return `${v.major}.${v.minor}`;
}

function tokenReport(info: Pkcs11Js.TokenInfo): TokenReport {
  return {
    label: trimField(info.label),
    serialNumber: trimField(info.serialNumber),
    manufacturer: trimField(info.manufacturerID),
    model: trimField(info.model),
    flags: info.flags,
    minPinLen: info.minPinLen,
    maxPinLen: info.maxPinLen,
  };
}

/**
 * A secret arrives as bytes; pkcs11js only takes a string, which JavaScript cannot wipe.
 * It lives in this process only, and the process ends after every PIN operation.
 */
function secretText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

export type Pkcs11Library = Lib;

export class ModuleSession {
  private lib: Lib | null = null;
  private p11: PKCS11 | null = null;
  private module: ModuleReport | null = null;

  /** `loadLibrary` is pkcs11js; tests wrap it to make a token report flags SoftHSM2 never sets. */
  constructor(private readonly loadLibrary: () => Lib = () => loadPackage('pkcs11js') as Lib) {}

  /** Turns anything pkcs11js throws into a protocol failure. */
  failureOf(err: unknown): WorkerFailure {
    if (err instanceof WorkerFailureError) return err.failure;
    const lib = this.lib;
    if (lib && err instanceof lib.Pkcs11Error) {
      return { kind: 'ckr', fn: err.method || 'unknown', code: err.code };
    }
    if (lib && err instanceof lib.NativeError) {
      return { kind: 'native', fn: err.method || 'unknown', detail: err.message };
    }
    return { kind: 'native', fn: 'unknown', detail: err instanceof Error ? err.name : typeof err };
  }

  handle(request: WorkerRequest): unknown {
    try {
      switch (request.op) {
        case 'init':
          return this.init(request);
        case 'slots':
          return this.slots();
        case 'token':
          return this.token(request);
        case 'certificates':
          return this.certificates(request);
        case 'verify':
          return this.verify(request);
        case 'changePin':
          return this.changePin(request);
        case 'sign':
          return this.sign(request);
        case 'exit':
          this.finalize();
          return null;
        default:
          throw new WorkerFailureError({
            kind: 'bad-request',
            detail: `unknown op ${String((request as { op: unknown }).op)}`,
          });
      }
    } finally {
      // Whatever happened, no secret outlives the call in this process's own buffers.
      const r = request as Partial<Record<'pin' | 'oldPin' | 'newPin', Uint8Array>>;
      wipe(r.pin, r.oldPin, r.newPin);
    }
  }

  finalize(): void {
    const p11 = this.p11;
    this.p11 = null;
    if (!p11) return;
    try {
      p11.C_Finalize();
    } finally {
      p11.close();
    }
  }

  private init({ modulePath }: RequestOf<'init'>): ResponseOf<'init'> {
    if (this.p11 && this.module) return this.module;
    // Loaded lazily so a broken addon build is reported as a failure, not a dead worker.
    const lib = (this.lib ??= this.loadLibrary());
    const p11 = new lib.PKCS11();
    try {
      p11.load(modulePath);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new WorkerFailureError({ kind: 'load', detail });
    }
    try {
      p11.C_Initialize();
    } catch (err) {
      if (!(err instanceof lib.Pkcs11Error && err.code === CKR_CRYPTOKI_ALREADY_INITIALIZED)) {
        p11.close();
        throw err;
      }
    }
    const info = p11.C_GetInfo();
    this.p11 = p11;
    this.module = {
      manufacturer: trimField(info.manufacturerID),
      description: trimField(info.libraryDescription),
      cryptokiVersion: version(info.cryptokiVersion),
      libraryVersion: version(info.libraryVersion),
    };
    return this.module;
  }

  private need(): PKCS11 {
    if (!this.p11) throw new WorkerFailureError({ kind: 'not-initialized' });
    return this.p11;
  }

  private slots(): SlotReport[] {
    const p11 = this.need();
    return p11.C_GetSlotList(true).map((handle) => {
      const info = p11.C_GetSlotInfo(handle);
      let token: TokenReport | null = null;
      try {
        token = tokenReport(p11.C_GetTokenInfo(handle));
      } catch {
        // A token that vanished between the list and this call, or one the module cannot
        // read, is reported as a slot without a token rather than failing the whole list.
      }
      return {
        slotId: handle.toString('hex'),
        description: trimField(info.slotDescription),
        manufacturer: trimField(info.manufacturerID),
        token,
      };
    });
  }

  /** The slot's handle, after checking it still holds the token the app matched. */
  private checkedSlot(ref: SlotRef): { handle: Buffer; token: TokenReport } {
    const p11 = this.need();
    const handle = p11.C_GetSlotList(true).find((h) => h.toString('hex') === ref.slotId);
    if (!handle) throw new WorkerFailureError({ kind: 'token-changed' });
    const token = tokenReport(p11.C_GetTokenInfo(handle));
    if (token.serialNumber !== ref.serialNumber || token.label !== ref.label) {
      throw new WorkerFailureError({ kind: 'token-changed' });
    }
    return { handle, token };
  }

  private token({ slot }: RequestOf<'token'>): ResponseOf<'token'> {
    return this.checkedSlot(slot).token;
  }

  private withSession<T>(handle: Buffer, flags: number, work: (session: Buffer) => T): T {
    const p11 = this.need();
    const session = p11.C_OpenSession(handle, flags);
    try {
      return work(session);
    } finally {
      try {
        p11.C_CloseSession(session);
      } catch {
        // The card may be gone; the session dies with it.
      }
    }
  }

  /** Every object matching `template`, without a login unless the session has one. */
  private find(session: Buffer, template: Pkcs11Js.Template): Buffer[] {
    const p11 = this.need();
    p11.C_FindObjectsInit(session, template);
    const objects: Buffer[] = [];
    try {
      for (;;) {
        const batch = p11.C_FindObjects(session, 16);
        if (batch.length === 0) break;
        objects.push(...batch);
      }
    } finally {
      p11.C_FindObjectsFinal(session);
    }
    return objects;
  }

  private certificates({ slot }: RequestOf<'certificates'>): TokenCertificate[] {
    const p11 = this.need();
    const { handle } = this.checkedSlot(slot);
    // Certificates are public objects: listed without logging in.
    return this.withSession(handle, CKF_SERIAL_SESSION, (session) => {
      const objects = this.find(session, [{ type: CKA_CLASS, value: CKO_CERTIFICATE }]);
      return objects.map((object) => {
        const [label, id, value] = p11.C_GetAttributeValue(session, object, [
          { type: CKA_LABEL },
          { type: CKA_ID },
          { type: CKA_VALUE },
        ]);
        const bytes = (a: Pkcs11Js.Attribute | undefined): Buffer =>
          Buffer.isBuffer(a?.value) ? a.value : Buffer.alloc(0);
        return {
          label: trimField(bytes(label).toString('utf8')),
          idHex: bytes(id).toString('hex').toUpperCase(),
          der: new Uint8Array(bytes(value)),
        };
      });
    });
  }

  /** The token's flags say whether a PIN may be sent now (card-profile.md §1.2). */
  private guard(token: TokenReport, confirmLastTry: boolean): void {
    const refusal = guardFromFlags(token.flags, confirmLastTry);
    if (refusal) throw new WorkerFailureError({ kind: 'guard', reason: refusal });
  }

  /** A refused PIN: what the token says now (locked? final try?) goes back with the code. */
  private refusedPin(err: unknown, fn: string, handle: Buffer): never {
    const failure = this.failureOf(err);
    if (failure.kind === 'ckr' && failure.code === CKR_PIN_INCORRECT) {
      try {
        failure.flagsAfter = this.need().C_GetTokenInfo(handle).flags;
      } catch {
        // Flags unknown: the message will not claim anything about the tries left.
      }
    }
    if (failure.kind === 'ckr') failure.fn = fn;
    throw new WorkerFailureError(failure);
  }

  /**
   * C_Login as the user, the PIN wiped whatever happens. True when the PIN was right and the
   * token only asks for a new one (still logged in); a refused PIN throws (refusedPin).
   */
  private login(session: Buffer, pin: Uint8Array, handle: Buffer): boolean {
    try {
      this.need().C_Login(session, CKU_USER, secretText(pin));
      return false;
    } catch (err) {
      if (err instanceof this.lib!.Pkcs11Error && err.code === CKR_PIN_EXPIRED) return true;
      this.refusedPin(err, 'C_Login', handle);
    } finally {
      wipe(pin);
    }
  }

  private verify({ slot, pin, confirmLastTry }: RequestOf<'verify'>): PinOperationReport {
    const p11 = this.need();
    const { handle, token } = this.checkedSlot(slot);
    this.guard(token, confirmLastTry);
    const pinExpired = this.withSession(handle, CKF_SERIAL_SESSION, (session) => {
      const expired = this.login(session, pin, handle);
      // Verify only: nothing is done while logged in.
      p11.C_Logout(session);
      return expired;
    });
    return { token: tokenReport(p11.C_GetTokenInfo(handle)), pinExpired };
  }

  /**
   * A failed Cryptoki call at a step of the signature, as a protocol failure: a token that
   * went away is still "card removed", anything else names the step it stopped.
   */
  private signingFailure(err: unknown, step: 'key' | 'sign', fn: string): WorkerFailureError {
    const failure = this.failureOf(err);
    if (failure.kind !== 'ckr') return new WorkerFailureError(failure);
    return new WorkerFailureError({ kind: 'signing', step, fn, code: failure.code });
  }

  private sign(request: RequestOf<'sign'>): ResponseOf<'sign'> {
    const { slot, pin, confirmLastTry, certificate, data } = request;
    const p11 = this.need();
    const { handle, token } = this.checkedSlot(slot);
    this.guard(token, confirmLastTry);
    const wanted = Buffer.from(certificate.buffer, certificate.byteOffset, certificate.byteLength);
    let pinExpired = false;
    const signature = this.withSession(handle, CKF_SERIAL_SESSION, (session) => {
      // The key is the one whose CKA_ID its certificate carries (PKCS#11 2.40 §4.6.3, the
      // usual pairing); found before logging in, so a token without it costs no try.
      let keyId: Buffer;
      try {
        // Compared here rather than in the search template: not every module matches on
        // CKA_VALUE.
        const found = this.find(session, [{ type: CKA_CLASS, value: CKO_CERTIFICATE }])
          .map((object) =>
            p11.C_GetAttributeValue(session, object, [{ type: CKA_VALUE }, { type: CKA_ID }]),
          )
          .find(([value]) => Buffer.isBuffer(value?.value) && value.value.equals(wanted));
        if (!found) {
          throw new WorkerFailureError({
            kind: 'signing',
            step: 'key',
            fn: 'C_FindObjects',
            missing: 'certificate',
          });
        }
        const id = found[1]?.value;
        keyId = Buffer.isBuffer(id) ? id : Buffer.alloc(0);
      } catch (err) {
        wipe(pin);
        if (err instanceof WorkerFailureError) throw err;
        throw this.signingFailure(err, 'key', 'C_FindObjects');
      }
      pinExpired = this.login(session, pin, handle);
      try {
        let key: Buffer | undefined;
        try {
          key = this.find(session, [
            { type: CKA_CLASS, value: CKO_PRIVATE_KEY },
            { type: CKA_ID, value: keyId },
          ])[0];
        } catch (err) {
          throw this.signingFailure(err, 'key', 'C_FindObjects');
        }
        if (!key) {
          throw new WorkerFailureError({
            kind: 'signing',
            step: 'key',
            fn: 'C_FindObjects',
            missing: 'private-key',
          });
        }
        try {
          p11.C_SignInit(session, { mechanism: CKM_SHA256_RSA_PKCS }, key);
        } catch (err) {
          throw this.signingFailure(err, 'sign', 'C_SignInit');
        }
        try {
          // 512 bytes holds an RSA-4096 signature; MOICA's keys are RSA-2048.
          return p11.C_Sign(session, Buffer.from(data), Buffer.alloc(512));
        } catch (err) {
          throw this.signingFailure(err, 'sign', 'C_Sign');
        }
      } finally {
        try {
          p11.C_Logout(session);
        } catch {
          // Closing the session logs out too.
        }
      }
    });
    return {
      token: tokenReport(p11.C_GetTokenInfo(handle)),
      pinExpired,
      signature: new Uint8Array(signature),
    };
  }

  private changePin(request: RequestOf<'changePin'>): PinOperationReport {
    const { slot, oldPin, newPin, confirmLastTry } = request;
    const p11 = this.need();
    const { handle, token } = this.checkedSlot(slot);
    this.guard(token, confirmLastTry);
    // Some modules check the old PIN (and count it) before the new one's length: refuse a
    // new PIN the token cannot take before anything is spent.
    const limitsKnown = token.maxPinLen > 0 && token.maxPinLen >= token.minPinLen;
    if (limitsKnown && (newPin.length < token.minPinLen || newPin.length > token.maxPinLen)) {
      throw new WorkerFailureError({
        kind: 'ckr',
        fn: 'C_SetPIN',
        code: CKR_PIN_LEN_RANGE,
        minPinLen: token.minPinLen,
        maxPinLen: token.maxPinLen,
      });
    }
    // Not logged in: C_SetPIN then changes the user PIN, checking the old one itself
    // (PKCS#11 2.40 §5.6), as pkcs11-tool --change-pin does.
    this.withSession(handle, CKF_SERIAL_SESSION | CKF_RW_SESSION, (session) => {
      try {
        p11.C_SetPIN(session, secretText(oldPin), secretText(newPin));
      } catch (err) {
        const failure = this.failureOf(err);
        if (failure.kind === 'ckr' && failure.code !== CKR_PIN_INCORRECT) {
          failure.minPinLen = token.minPinLen;
          failure.maxPinLen = token.maxPinLen;
          failure.fn = 'C_SetPIN';
          throw new WorkerFailureError(failure);
        }
        this.refusedPin(err, 'C_SetPIN', handle);
      } finally {
        wipe(oldPin, newPin);
      }
    });
    return { token: tokenReport(p11.C_GetTokenInfo(handle)), pinExpired: false };
  }
}

/** Requests are checked for shape only: the parent is trusted, but a bug must not crash us. */
export function isWorkerRequest(message: unknown): message is WorkerRequest {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as { id?: unknown; op?: unknown };
  const ops: WorkerOp[] = [
    'init',
    'slots',
    'token',
    'certificates',
    'verify',
    'changePin',
    'sign',
    'exit',
  ];
  return typeof m.id === 'number' && ops.includes(m.op as WorkerOp);
}

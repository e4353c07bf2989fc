/**
 * Every layer that takes a PIN or user code, driven the way its own user drives it, for
 * test/src/card/pin-policy.test.ts: the card driver on the virtual card, the app's IPC
 * backend (validation, handler, PIN backend, driver), the CLI with --pin-stdin, the page's
 * store with its forms and gate, and the PKCS#11 backend over the real worker code with a
 * scripted module. Each reports whether the secret went anywhere that checks it, and what
 * came back.
 */
import { Readable } from 'node:stream';
import { CardDriver } from '../../../src/card';
import {
  CKF_USER_PIN_COUNT_LOW,
  CKF_USER_PIN_FINAL_TRY,
  CKF_USER_PIN_INITIALIZED,
  CKF_USER_PIN_LOCKED,
  CKR_PIN_INCORRECT,
} from '../../../src/card/pkcs11/constants';
import { errorFromFailure } from '../../../src/card/pkcs11/errors';
import type { Pkcs11Client } from '../../../src/card/pkcs11/client';
import type { WorkerRequest } from '../../../src/card/pkcs11/protocol';
import { ModuleSession, type Pkcs11Library } from '../../../src/card/pkcs11/worker-ops';
import { isAppError } from '../../../src/core/errors';
import { createCardBackend } from '../../../src/service/handlers';
import type { IpcResult } from '../../../src/service/contract';
import { openPinBackend, type Pkcs11Settings } from '../../../src/sources/pin-backend';
import {
  createVirtualSource,
  DEMO_READER,
  type VirtualCardSource,
} from '../../../src/sources/virtual-source';
import { createVirtualCard, type ScenarioName, type VirtualCard } from '../../../src/virtual-card';
import { createCardStore } from '../../../src-renderer/store/card-store';
import {
  cardStatus,
  FakeCardApi,
  MemoryStorage,
  moicaStatus,
  secret,
  settle,
} from '../../src-renderer/fake-card-api';
import { NOW, pinFamilyCommands, run, secretCommands } from '../cli/run-cli';

export const PIN = '730101';
export const USER_CODE = '12345678';
export const NEW_PIN = '135790';

/** The card in the reader: its family (by scenario) and its counters. */
export interface CardSetup {
  scenario: Extract<ScenarioName, 'fresh' | 'vendor-gen1' | 'unknown-atr'>;
  pinTries: number;
  userCodeTries: number;
}

/** What the person asks for, with the secrets as bytes (the page types them as text). */
export type Operation =
  | { name: 'verify'; pin: Uint8Array }
  | { name: 'unblock'; userCode: Uint8Array; newPin: Uint8Array };

export interface Attempt {
  card: CardSetup;
  operation: Operation;
  confirmLastTry: boolean;
}

export interface Decision {
  /** The secret reached what checks it: the card, the module, or (from the page) the IPC. */
  sent: boolean;
  /** INS 20/24/2C the card received, empty VERIFYs included. */
  pinApdus: number;
  /** The message key of the refusal or failure, null when the operation succeeded. */
  messageKey: string | null;
  /** The CLI's exit code; null for the other callers. */
  exitCode: number | null;
}

export interface Caller {
  name: string;
  attempt(attempt: Attempt): Promise<Decision>;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (s: string) => new TextEncoder().encode(s);
export const secretBytes = bytes;

/** ASCII right-padded with FF, built here rather than with the code under test. */
function padded(value: string, length: number): Buffer {
  const out = Buffer.alloc(length, 0xff);
  out.write(value, 'latin1');
  return out;
}

/**
 * A virtual card with these counters: wrong secrets are sent to it directly, then its
 * record of received commands is cleared, so a test sees only what the caller sent.
 */
export async function preparedCard(setup: CardSetup): Promise<VirtualCard> {
  const card = await createVirtualCard({
    scenario: setup.scenario,
    now: () => NOW,
    recordCommands: 10_000,
  });
  if (setup.scenario === 'fresh') {
    const wrongPin = Buffer.concat([Buffer.from('0020000108', 'hex'), padded('000000', 8)]);
    while (card.pinTriesLeft > setup.pinTries) await card.process(wrongPin);
    const wrongUserCode = Buffer.concat([
      Buffer.from('002C000112', 'hex'),
      padded('00000000', 10),
      padded(NEW_PIN, 8),
    ]);
    while (card.userCodeTriesLeft > setup.userCodeTries) await card.process(wrongUserCode);
    card.reset();
  }
  card.forgetReceived();
  return card;
}

async function sourceWith(card: VirtualCard): Promise<VirtualCardSource> {
  const source = await createVirtualSource([{ reader: DEMO_READER }], { now: () => NOW });
  await source.insertCard(DEMO_READER, card);
  return source;
}

/** A machine without the vendor's module: a genuine MOICA card's PIN has nowhere to go. */
const NO_MODULE: Pkcs11Settings = {
  environment: { platform: 'linux', home: '/nonexistent', env: {} },
  exists: () => false,
};

function keyOf(err: unknown): string {
  if (isAppError(err)) return err.messageKey;
  throw err;
}

// ---- the card driver ----------------------------------------------------------------

export const driverCaller: Caller = {
  name: 'card driver',
  async attempt({ card: setup, operation: op, confirmLastTry }) {
    const card = await preparedCard(setup);
    const source = await sourceWith(card);
    let messageKey: string | null = null;
    try {
      await source.withCard(DEMO_READER, async (transport) => {
        const driver = new CardDriver(transport);
        const given = op.name === 'verify' ? [op.pin] : [op.userCode, op.newPin];
        const buffers = given.map((b) => Buffer.from(b));
        const done =
          op.name === 'verify'
            ? driver.verifyPin(buffers[0]!, { confirmLastTry })
            : driver.unblockPin(buffers[0]!, buffers[1]!, { confirmLastTry });
        await done.catch(() => undefined);
        // However it ended, the driver zeroed what it was handed (card-profile.md §1.5).
        if (!buffers.every((b) => b.every((x) => x === 0))) throw new Error('secret not wiped');
        await done;
      });
    } catch (err) {
      messageKey = keyOf(err);
    } finally {
      await source.close();
    }
    return {
      sent: secretCommands(card).length > 0,
      pinApdus: pinFamilyCommands(card).length,
      messageKey,
      exitCode: null,
    };
  },
};

// ---- the app's IPC backend ------------------------------------------------------------

export const appCaller: Caller = {
  name: 'app IPC backend',
  async attempt({ card: setup, operation: op, confirmLastTry }) {
    const card = await preparedCard(setup);
    const source = await sourceWith(card);
    const backend = createCardBackend({
      source,
      appInfo: {
        name: 't',
        version: '0',
        runtime: 'browser',
        platform: 'linux',
        demoScenario: null,
      },
      now: () => NOW,
      pinBackends: { pkcs11: NO_MODULE },
      log: () => undefined,
    });
    let result: IpcResult<unknown>;
    try {
      result =
        op.name === 'verify'
          ? await backend.invoke('pin:verify', {
              reader: DEMO_READER,
              pin: text(op.pin),
              confirmLastTry,
            })
          : await backend.invoke('pin:unblock', {
              reader: DEMO_READER,
              userCode: text(op.userCode),
              newPin: text(op.newPin),
              confirmLastTry,
            });
    } finally {
      backend.close();
      await source.close();
    }
    return {
      sent: secretCommands(card).length > 0,
      pinApdus: pinFamilyCommands(card).length,
      messageKey: result.ok ? null : result.error.messageKey,
      exitCode: null,
    };
  },
};

// ---- the CLI ------------------------------------------------------------------------

export const cliCaller: Caller = {
  name: 'CLI',
  async attempt({ card: setup, operation: op, confirmLastTry }) {
    const card = await preparedCard(setup);
    const lines = op.name === 'verify' ? [op.pin] : [op.userCode, op.newPin];
    const stdin = Buffer.concat(lines.flatMap((l) => [Buffer.from(l), Buffer.from('\n')]));
    const argv = [op.name, '--virtual', setup.scenario, '--pin-stdin', '--json'];
    if (confirmLastTry) argv.push('--yes-last-try');
    const r = await run(argv, {
      stdin: Readable.from([stdin]),
      services: {
        now: () => NOW,
        openVirtual: () => sourceWith(card),
        pkcs11: NO_MODULE,
      },
    });
    const doc = r.code === 0 ? null : (JSON.parse(r.stdout) as { error: { messageKey: string } });
    return {
      sent: secretCommands(card).length > 0,
      pinApdus: pinFamilyCommands(card).length,
      messageKey: doc?.error.messageKey ?? null,
      exitCode: r.code,
    };
  },
};

// ---- the page -----------------------------------------------------------------------

export const pageCaller: Caller = {
  name: 'page (forms, gate, store)',
  async attempt({ card: setup, operation: op, confirmLastTry }) {
    const counters = { pin: secret(setup.pinTries), userCode: secret(setup.userCodeTries, 5) };
    const status =
      setup.scenario === 'fresh'
        ? cardStatus(counters)
        : setup.scenario === 'vendor-gen1'
          ? moicaStatus(null)
          : cardStatus({ family: 'unknown', pinChannel: 'none', pin: null, userCode: null });
    const api = new FakeCardApi({ status });
    const store = createCardStore({ api, storage: new MemoryStorage(), download: () => {} });
    await store.getState().start();
    await settle();
    const s = store.getState();
    const result =
      op.name === 'verify'
        ? await s.verifyPin(text(op.pin), confirmLastTry)
        : await s.unblockPin(
            { userCode: text(op.userCode), newPin: text(op.newPin), newPinAgain: text(op.newPin) },
            confirmLastTry,
          );
    const calls = api.callsOf(op.name === 'verify' ? 'verifyPin' : 'unblockPin');
    return {
      sent: calls.length > 0,
      pinApdus: 0,
      // A field's own problem says more than the form's "fix the fields".
      messageKey: result.ok ? null : (result.problems[0]?.key ?? result.message.key),
      exitCode: null,
    };
  },
};

// ---- the PKCS#11 backend ------------------------------------------------------------

const MODULE = '/opt/vendor/libmoica-policy-test.so';
const SLOT = Buffer.from([0x01]);

/** What the scripted token was asked: every PIN that reached C_Login or C_SetPIN. */
export interface ScriptedToken {
  flags: number;
  presented: string[];
}

/** CK_TOKEN_INFO flags for a PIN with this many tries left (PKCS#11 says no number). */
export function flagsForTries(tries: number): number {
  const base = CKF_USER_PIN_INITIALIZED;
  if (tries === 0) return base | CKF_USER_PIN_LOCKED;
  if (tries === 1) return base | CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY;
  if (tries < 3) return base | CKF_USER_PIN_COUNT_LOW;
  return base;
}

/**
 * A pkcs11js stand-in holding one token for the virtual card (serial = its card number):
 * just enough of the interface for the worker's own code (worker-ops.ts) to run on it.
 */
function scriptedLibrary(token: ScriptedToken, cardNumber: string): Pkcs11Library {
  class Pkcs11Error extends Error {
    constructor(
      readonly method: string,
      readonly code: number,
    ) {
      super(`${method} failed`);
    }
  }
  class NativeError extends Error {
    method = '';
  }
  class PKCS11 {
    load(): void {}
    close(): void {}
    C_Initialize(): void {}
    C_Finalize(): void {}
    C_GetInfo() {
      const v = { major: 2, minor: 40 };
      return {
        manufacturerID: 't',
        libraryDescription: 't',
        cryptokiVersion: v,
        libraryVersion: v,
      };
    }
    C_GetSlotList(): Buffer[] {
      return [SLOT];
    }
    C_GetSlotInfo() {
      return { slotDescription: DEMO_READER, manufacturerID: 't' };
    }
    C_GetTokenInfo() {
      return {
        label: 'MOICA',
        serialNumber: cardNumber,
        manufacturerID: 't',
        model: 't',
        flags: token.flags,
        minPinLen: 6,
        maxPinLen: 8,
      };
    }
    C_OpenSession(): Buffer {
      return Buffer.from([0x09]);
    }
    C_CloseSession(): void {}
    C_Logout(): void {}
    C_Login(_session: Buffer, _user: number, pin: string): void {
      token.presented.push(pin);
      if (pin !== PIN) throw new Pkcs11Error('C_Login', CKR_PIN_INCORRECT);
    }
    C_SetPIN(_session: Buffer, oldPin: string): void {
      token.presented.push(oldPin);
      if (oldPin !== PIN) throw new Pkcs11Error('C_SetPIN', CKR_PIN_INCORRECT);
    }
  }
  return { PKCS11, Pkcs11Error, NativeError } as unknown as Pkcs11Library;
}

/** A Pkcs11Client that runs the worker's ModuleSession in this process. */
function inProcessClient(session: ModuleSession): Pkcs11Client {
  let id = 1;
  const call = async (op: string, request: object) => {
    try {
      return session.handle({ id: id++, op, ...request } as WorkerRequest);
    } catch (err) {
      throw errorFromFailure(session.failureOf(err));
    }
  };
  session.handle({ id: id++, op: 'init', modulePath: MODULE });
  return { call, close: async () => session.finalize() } as unknown as Pkcs11Client;
}

/** The PIN backend the app and the CLI open, with the scripted module installed. */
export function pkcs11Settings(token: ScriptedToken, cardNumber: string): Pkcs11Settings {
  const session = new ModuleSession(() => scriptedLibrary(token, cardNumber));
  const client = inProcessClient(session);
  return { modulePath: MODULE, exists: (p) => p === MODULE, sharedClient: () => client };
}

/**
 * The PKCS#11 path: whatever the setup's scenario, the card is a genuine-MOICA one (the
 * only kind this backend serves) whose token reports the setup's PIN counter as flags.
 */
export const pkcs11Caller: Caller = {
  name: 'PKCS#11 backend',
  async attempt({ card: setup, operation: op, confirmLastTry }) {
    const card = await preparedCard({ ...setup, scenario: 'vendor-gen1' });
    const token: ScriptedToken = { flags: flagsForTries(setup.pinTries), presented: [] };
    const source = await sourceWith(card);
    const reader = source.readers().find((r) => r.name === DEMO_READER)!;
    const backend = await openPinBackend(source, reader, {
      pkcs11: pkcs11Settings(token, card.cardNumber),
    });
    let messageKey: string | null = null;
    try {
      if (op.name === 'verify') {
        await backend.verifyPin(Buffer.from(op.pin), { confirmLastTry });
      } else {
        await backend.unblockPin(Buffer.from(op.userCode), Buffer.from(op.newPin), {
          confirmLastTry,
        });
      }
    } catch (err) {
      messageKey = keyOf(err);
    } finally {
      await backend.close();
      await source.close();
    }
    return {
      sent: token.presented.length > 0,
      pinApdus: pinFamilyCommands(card).length,
      messageKey,
      exitCode: null,
    };
  },
};

/**
 * A vendor module that is missing, is not a module, crashes or hangs must become a clear
 * error, with the app (this test process) unaffected. The misbehaving module is a tiny C
 * file built here (test/fixtures/pkcs11-abort/module.c).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createVirtualSource,
  type VirtualCardSource,
} from '../../../../src/sources/virtual-source';
import { exitCodeFor } from '../../../../src/cli/exit-codes';
import { localizeError } from '../../../../src/core/i18n';
import { openPinBackend } from '../../../../src/sources/pin-backend';
import {
  forkLauncher,
  Pkcs11Client,
  type WorkerLauncher,
} from '../../../../src/card/pkcs11/client';
import { Pkcs11ModuleError, Pkcs11TimeoutError } from '../../../../src/card/pkcs11/errors';
import { buildMisbehavingModule, createSoftHsm, type SoftHsm } from '../../../helpers/softhsm';

const READER = 'Vendor reader 00 00';
let dir: string;
let misbehaving: string;
let hsm: SoftHsm;
let source: VirtualCardSource;

function counting(): { launch: WorkerLauncher; pids: number[] } {
  const pids: number[] = [];
  const inner = forkLauncher();
  return {
    pids,
    launch: (env) => {
      const w = inner(env);
      if (w.pid) pids.push(w.pid);
      return w;
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function client(mode: string, extra: Partial<ConstructorParameters<typeof Pkcs11Client>[0]> = {}) {
  return new Pkcs11Client({
    modulePath: misbehaving,
    env: { ...process.env, CCM_TEST_MODULE_MODE: mode },
    ...extra,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-p11-faults-'));
  misbehaving = buildMisbehavingModule(dir);
  hsm = createSoftHsm();
  hsm.initToken('TP03000012345678', '730101');
  const now = () => new Date('2026-03-10T04:00:00Z');
  source = await createVirtualSource([{ reader: READER, card: { scenario: 'vendor-gen1', now } }], {
    now,
  });
});

afterAll(async () => {
  await source?.close();
  hsm?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('module missing', () => {
  it('none installed: PIN state unknown, PIN operations refused (exit 6), no worker started', async () => {
    const { launch, pids } = counting();
    const b = await openPinBackend(source, source.readers()[0]!, {
      pkcs11: { exists: () => false, client: { launch } },
    });
    expect(await b.state()).toMatchObject({ pin: null, userCode: null, problem: null });
    const err = await b.verifyPin(Buffer.from('730101'), { confirmLastTry: false }).catch((e) => e);
    expect(err).toMatchObject({ code: 'refused', reason: 'vendor-module-missing' });
    expect(exitCodeFor(err.code)).toBe(6);
    expect(localizeError(err, 'en')).toContain('--pkcs11-module');
    expect(pids).toEqual([]);
  });

  it('a path given that does not exist: invalid input (exit 2), no worker started', async () => {
    const { launch, pids } = counting();
    const b = await openPinBackend(source, source.readers()[0]!, {
      pkcs11: { modulePath: join(dir, 'nope.so'), client: { launch } },
    });
    const state = await b.state();
    expect(state.problem?.code).toBe('invalid-input');
    expect(localizeError(state.problem, 'en')).toContain(join(dir, 'nope.so'));
    const err = await b
      .changePin(Buffer.from('730101'), Buffer.from('123456'), {
        confirmLastTry: false,
      })
      .catch((e) => e);
    expect(exitCodeFor(err.code)).toBe(2);
    expect(pids).toEqual([]);
  });

  it('CITIZEN_CARD_PKCS11_MODULE pointing nowhere is reported with its path', async () => {
    const b = await openPinBackend(source, source.readers()[0]!, {
      pkcs11: {
        environment: {
          platform: 'linux',
          home: '/home/x',
          env: { CITIZEN_CARD_PKCS11_MODULE: join(dir, 'gone.so') },
        },
      },
    });
    const state = await b.state();
    expect(state.problem?.messageKey).toBe('pkcs11.moduleNotFoundAt');
    expect(state.problem?.params.path).toBe(join(dir, 'gone.so'));
  });

  it('a build without its worker script says so instead of forking something else', async () => {
    const c = new Pkcs11Client({
      modulePath: hsm.module,
      launch: forkLauncher({ script: join(dir, 'no-worker.js'), execArgv: [] }),
    });
    await expect(c.call('slots', {})).rejects.toMatchObject({
      code: 'pkcs11-module',
      messageKey: 'pkcs11.error.workerMissing',
    });
    await c.close();
  });

  it('a file that is not a PKCS#11 module: a load error, the worker ends', async () => {
    const notModule = join(dir, 'readme.so');
    writeFileSync(notModule, 'not a library\n');
    const { launch, pids } = counting();
    const c = new Pkcs11Client({ modulePath: notModule, launch });
    const err = await c.call('slots', {}).catch((e) => e);
    expect(err).toBeInstanceOf(Pkcs11ModuleError);
    expect(err.messageKey).toBe('pkcs11.error.load');
    await c.close();
    expect(alive(pids[0]!)).toBe(false);
  });
});

describe('a module that crashes or hangs', () => {
  it('abort() while loading → "stopped unexpectedly (SIGABRT)", the app carries on', async () => {
    const c = client('abort-on-load');
    const err = await c.call('slots', {}).catch((e) => e);
    expect(err).toBeInstanceOf(Pkcs11ModuleError);
    expect(err).toMatchObject({ code: 'pkcs11-module', messageKey: 'pkcs11.error.crashed' });
    expect(err.params.reason).toBe('SIGABRT');
    expect(localizeError(err, 'zh-TW')).toContain('PKCS#11 模組意外停止');
    await c.close();
  });

  it('abort() in the middle of a call; the next call starts a new worker', async () => {
    const { launch, pids } = counting();
    const c = client('abort-on-slots', { launch });
    await expect(c.call('slots', {})).rejects.toMatchObject({ params: { reason: 'SIGABRT' } });
    await expect(c.call('slots', {})).rejects.toMatchObject({ params: { reason: 'SIGABRT' } });
    expect(pids).toHaveLength(2);
    expect(pids.every((p) => !alive(p))).toBe(true);
    await c.close();
  });

  it('a call that never returns times out, and the stuck worker is killed', async () => {
    const { launch, pids } = counting();
    const c = client('hang-on-slots', { launch, callTimeoutMs: 1000 });
    const started = Date.now();
    const err = await c.call('slots', {}).catch((e) => e);
    const took = Date.now() - started;
    expect(err).toBeInstanceOf(Pkcs11TimeoutError);
    expect(err.code).toBe('timeout');
    expect(localizeError(err, 'en')).toContain('within 1 s');
    // Start-up (spawn + load) is not counted in the call's own timeout.
    expect(took).toBeGreaterThanOrEqual(1000);
    expect(took).toBeLessThan(8000);
    await c.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(pids[0]!)).toBe(false);
  });

  it('a module that hangs while loading hits the start-up timeout', async () => {
    const { launch, pids } = counting();
    const c = client('hang-on-load', { launch, startTimeoutMs: 1500 });
    await expect(c.call('slots', {})).rejects.toBeInstanceOf(Pkcs11TimeoutError);
    await c.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(pids[0]!)).toBe(false);
  });

  it('through the PIN backend, a crash is a problem for status and an error for a PIN', async () => {
    const b = await openPinBackend(source, source.readers()[0]!, {
      pkcs11: {
        modulePath: misbehaving,
        client: { env: { ...process.env, CCM_TEST_MODULE_MODE: 'abort-on-slots' } },
      },
    });
    expect((await b.state()).problem?.messageKey).toBe('pkcs11.error.crashed');
    const pin = Buffer.from('730101');
    await expect(b.verifyPin(pin, { confirmLastTry: false })).rejects.toMatchObject({
      code: 'pkcs11-module',
    });
    expect(pin.every((x) => x === 0)).toBe(true);
  });

  it('after all that, a good module still works in the same app', async () => {
    const c = new Pkcs11Client({ modulePath: hsm.module, env: hsm.env });
    const slots = await c.call('slots', {});
    expect(slots.some((s) => s.token?.label === 'TP03000012345678')).toBe(true);
    await c.close();
  });
});

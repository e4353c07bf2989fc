/**
 * The app starts its PKCS#11 worker as an Electron utility process, so the runAsNode fuse
 * can stay off. Electron cannot run here: an imitation of utilityProcess.fork (a Node child
 * in which the worker finds process.parentPort and no process.send) runs the real worker
 * against SoftHSM2, end to end.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { forkLauncher, Pkcs11Client } from '../../../src/card/pkcs11/client';
import { Pkcs11ModuleError } from '../../../src/card/pkcs11/errors';
import { utilityProcessLauncher } from '../../../src-main/electron/pkcs11-launcher';
import { fakeUtilityFork, forkedUtilities } from '../../helpers/fake-utility-process';
import { createSoftHsm, type SoftHsm } from '../../helpers/softhsm';

const WORKER = fileURLToPath(new URL('./fixtures/pkcs11-worker-from-source.mjs', import.meta.url));

let hsm: SoftHsm;
beforeAll(() => {
  hsm = createSoftHsm();
  hsm.initToken('TP03000012345678', '730101');
});
afterAll(() => hsm?.cleanup());
afterEach(() => {
  forkedUtilities.length = 0;
});

function exited(pid: number): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => {
      try {
        process.kill(pid, 0);
        setTimeout(poll, 20);
      } catch {
        resolve();
      }
    };
    poll();
  });
}

describe('the PKCS#11 worker as a utility process', () => {
  it('answers over parentPort: the module, its slots and a PIN check, then ends', async () => {
    const client = new Pkcs11Client({
      modulePath: hsm.module,
      env: hsm.env,
      launch: utilityProcessLauncher(WORKER, fakeUtilityFork, 'linux'),
    });
    try {
      const slots = await client.call('slots', {});
      const token = slots.find((s) => s.token?.label === 'TP03000012345678')!.token!;
      const slot = slots.find((s) => s.token === token)!;
      const ref = { slotId: slot.slotId, serialNumber: token.serialNumber, label: token.label };
      const pin = new TextEncoder().encode('730101');
      const report = await client.call('verify', { slot: ref, pin, confirmLastTry: false });
      expect(report.token.label).toBe('TP03000012345678');
    } finally {
      await client.close();
    }
    // One utility process per secret operation (the first ended after the PIN), each named
    // for the task manager, quiet, and gone once the client closed.
    expect(forkedUtilities.length).toBeGreaterThanOrEqual(1);
    for (const utility of forkedUtilities) {
      expect(utility.modulePath).toBe(WORKER);
      expect(utility.options).toMatchObject({
        stdio: 'ignore',
        serviceName: 'Citizen Card Manager PKCS#11',
      });
      expect(utility.options.allowLoadingUnsignedLibraries).toBeUndefined();
      await exited(utility.pid!);
    }
  }, 60_000);

  it('on macOS it asks for the helper that may load the vendor’s library', () => {
    const launch = utilityProcessLauncher(WORKER, fakeUtilityFork, 'darwin');
    const worker = launch({ ...hsm.env });
    worker.kill();
    expect(forkedUtilities[0]!.options.allowLoadingUnsignedLibraries).toBe(true);
  });

  it('a build without the worker file says so instead of starting anything', () => {
    const launch = utilityProcessLauncher('/opt/ccm/out/main/no-worker.js', fakeUtilityFork);
    expect(() => launch({})).toThrow(Pkcs11ModuleError);
    expect(forkedUtilities).toEqual([]);
  });

  it('child_process.fork refuses to run inside Electron, where it would start the app itself', () => {
    Object.defineProperty(process.versions, 'electron', { value: '45.5.0', configurable: true });
    try {
      expect(() => forkLauncher({ script: WORKER, execArgv: [] })({})).toThrow(Pkcs11ModuleError);
    } finally {
      delete (process.versions as Record<string, string | undefined>).electron;
    }
  });
});

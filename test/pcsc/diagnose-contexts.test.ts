/**
 * Two hundred Diagnose requests at once, on the app's real PC/SC service through pcscd:
 * counted on our side (contexts the pcsclite factory built and has not closed) and on
 * pcscd's (it runs one thread per client context, so its thread count is the number of
 * contexts clients hold). Neither grows while the requests run.
 *
 * What closing gives back, measured: pcsclite 1.0.1's close() ends its watcher threads and
 * the readers' status contexts, but SCardReleaseContext for its main context (and each
 * reader's connection context) runs only in its destructors, when garbage collection
 * destroys the objects. So the app keeps one service for its whole life (docs/app.md "One
 * PC/SC context"), and this test forces a collection to see pcscd back where it started.
 */
import { readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createCardBackend } from '../../src/service/handlers';
import type { DiagnosticReport } from '../../src/service/diagnostics';
import type { IpcResult } from '../../src/service/contract';
import { CardService } from '../../src/sources/pcsc';
import { loadPcsclite, type PcscContext } from '../../src/sources/pcsc/pcsclite-api';
import { openVirtualSource } from '../../src/sources';
import { openSwitchableSource } from '../../src/sources/switchable-source';
import { createVirtualCard } from '../../src/virtual-card';
import { connectToVpcd, vpcdReaderName } from '../../src/virtual-card/vpcd-link';
import { pcscdStatus } from '../helpers/pcscd';
import { pcscEnv, until } from './support';

const READER = vpcdReaderName(0);
const machine = {
  httpGet: async () => ({ outcome: 'refused' as const }),
  fileExists: () => false,
  os: { platform: 'linux', release: '6.1.0-test', arch: 'x64' },
};

/** A full garbage collection, without starting the test process with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** pcscd's threads: a few of its own, plus one per context its clients hold. */
function pcscdThreads(pid: number): number {
  return readdirSync(`/proc/${pid}/task`).length;
}

describe.skipIf(!pcscEnv.available)('Diagnose under load, through pcscd', () => {
  it('200 concurrent requests: one context of ours, no new context in pcscd, all given back', async () => {
    const { pid } = await pcscdStatus();
    const contexts: Array<{ context: PcscContext; closed: boolean }> = [];
    const open = () => contexts.filter((c) => !c.closed).length;
    let maxOpen = 0;
    const factory = () => {
      const context = loadPcsclite();
      const entry = { context, closed: false };
      const close = context.close.bind(context);
      context.close = () => {
        entry.closed = true;
        close();
      };
      contexts.push(entry);
      maxOpen = Math.max(maxOpen, open());
      return context;
    };
    const before = pid === null ? 0 : pcscdThreads(pid);

    const app = await openSwitchableSource(null, {
      pcsc: async () => new CardService({ factory }),
      demo: (scenario) => openVirtualSource(scenario),
    });
    const backend = createCardBackend({
      source: app,
      sourceSwitch: app,
      appInfo: {
        name: 'Citizen Card Manager',
        version: '0.0.0-test',
        runtime: 'browser',
        platform: 'linux',
        demoScenario: null,
      },
      diagnose: { deps: machine },
    });
    const card = await createVirtualCard({ scenario: 'fresh' });
    const link = await connectToVpcd(card, { slot: 0 });
    try {
      await app.waitForCard(READER, 5000);
      await until(() => app.readers().find((r) => r.name === READER)?.identity != null, 8000);
      const withApp = pid === null ? 0 : pcscdThreads(pid);
      let maxThreads = withApp;
      const sampler = setInterval(() => {
        if (pid !== null) maxThreads = Math.max(maxThreads, pcscdThreads(pid));
      }, 2);
      const requests = Array.from({ length: 200 }, (_, i) =>
        backend.invoke('diagnose:run', {
          lang: i % 2 ? 'en' : 'zh-TW',
          unmask: false,
          trace: false,
        }),
      );
      const results = (await Promise.all(requests)) as Array<IpcResult<DiagnosticReport>>;
      clearInterval(sampler);

      expect(results.every((r) => r.ok)).toBe(true);
      const reader = results[1]!.ok && results[1]!.value.findings.find((f) => f.id === 'card.pin');
      expect(reader && reader.title).toBe('PIN: 3 of 3 tries left');
      expect(contexts).toHaveLength(1);
      expect(maxOpen).toBe(1);
      if (pid !== null) {
        // The app's own service holds contexts (its watcher's and its readers'), no more.
        expect(withApp).toBeGreaterThan(before);
        expect(maxThreads).toBe(withApp);
      }
    } finally {
      await link.remove();
      backend.close();
      await app.close();
    }
    expect(open()).toBe(0);
    contexts.length = 0;
    if (pid === null) return;
    // The watcher contexts end with close(), the rest with pcsclite's destructors.
    await until(
      () => {
        collectGarbage();
        return pcscdThreads(pid) === before;
      },
      5000,
      'pcscd back to its threads before the app',
    );
  });
});

/**
 * However often the Diagnose screen is asked (two hundred requests at once, in four
 * different shapes), the app holds at most one PC/SC context, its own, and closes it
 * explicitly when it ends: pcsclite frees a context only on close(), never by garbage
 * collection. Counted through the injectable pcsclite factory; test/pcsc/diagnose-contexts
 * counts the same through a real pcscd.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCardBackend } from '../../../src/service/handlers';
import type { CardBackend } from '../../../src/service/handler-types';
import type { DiagnosticReport } from '../../../src/service/diagnostics';
import type { AppInfo, IpcResult } from '../../../src/service/contract';
import { CardService } from '../../../src/sources/pcsc';
import { openVirtualSource } from '../../../src/sources';
import {
  openSwitchableSource,
  type SwitchableSource,
} from '../../../src/sources/switchable-source';
import { createVirtualCard, type VirtualCard } from '../../../src/virtual-card';
import type { PcscFactory } from '../../../src/sources/pcsc/pcsclite-api';
import { FakePcsc, STATE, until } from '../sources/pcsc/fake-pcsclite';

const INFO: AppInfo = {
  name: 'Citizen Card Manager',
  version: '1.2.3',
  runtime: 'browser',
  platform: 'linux',
  demoScenario: null,
};
const machine = {
  httpGet: async () => ({ outcome: 'refused' as const }),
  fileExists: () => false,
  os: { platform: 'linux', release: '6.1.0-test', arch: 'x64' },
};
const READER = 'USB Reader 00 00';

/** The fake pcscd's factory, counting the contexts open at any moment. */
function counted(fake: FakePcsc) {
  const stats = { created: 0, maxOpen: 0 };
  const open = () => fake.contexts.filter((c) => !c.closed).length;
  const factory: PcscFactory = () => {
    const context = fake.factory();
    stats.created++;
    stats.maxOpen = Math.max(stats.maxOpen, open());
    return context;
  };
  return { stats, factory, open };
}

let app: SwitchableSource | null = null;
let backend: CardBackend | null = null;
afterEach(async () => {
  backend?.close();
  await app?.close();
  backend = null;
  app = null;
});

async function appOnFakePcsc(fake: FakePcsc, factory: PcscFactory, card: VirtualCard) {
  app = await openSwitchableSource(null, {
    pcsc: async () => new CardService({ factory, retryInitialMs: 5 }),
    demo: (scenario) => openVirtualSource(scenario),
  });
  backend = createCardBackend({
    source: app,
    sourceSwitch: app,
    appInfo: INFO,
    diagnose: { deps: machine },
  });
  await until(() => app!.status === 'up');
  const reader = fake.current.addReader(READER);
  reader.answer = (apdu) => card.process(apdu);
  reader.setState(STATE.PRESENT | STATE.CHANGED, card.atr);
  await until(() => app!.readers()[0]?.identity != null);
}

describe('diagnose under load', () => {
  it('200 concurrent requests: one PC/SC context at most, one run per kind of request', async () => {
    const fake = new FakePcsc();
    const { stats, factory, open } = counted(fake);
    const card = await createVirtualCard({ scenario: 'fresh', recordCommands: 10_000 });
    await appOnFakePcsc(fake, factory, card);

    // One diagnosis alone, to know what one run sends to the card.
    const before = card.received.length;
    const single = await backend!.invoke('diagnose:run', {
      lang: 'en',
      unmask: false,
      trace: false,
    });
    expect(single.ok).toBe(true);
    const perRun = card.received.length - before;
    expect(perRun).toBeGreaterThan(0);

    const shapes = [
      { lang: 'en', unmask: false, trace: false },
      { lang: 'zh-TW', unmask: false, trace: false },
      { lang: 'en', unmask: true, trace: false },
      { lang: 'en', unmask: false, trace: true },
    ];
    const sentBefore = card.received.length;
    let maxOpenDuring = open();
    const sampler = setInterval(() => (maxOpenDuring = Math.max(maxOpenDuring, open())), 1);
    const results = (await Promise.all(
      Array.from({ length: 200 }, (_, i) => backend!.invoke('diagnose:run', shapes[i % 4])),
    )) as Array<IpcResult<DiagnosticReport>>;
    clearInterval(sampler);

    expect(results.every((r) => r.ok)).toBe(true);
    expect(stats.created).toBe(1);
    expect(stats.maxOpen).toBe(1);
    expect(maxOpenDuring).toBe(1);
    // Requests of one shape shared one run, the four runs went one after another.
    expect(card.received.length - sentBefore).toBe(4 * perRun);
    const english = results.filter((_, i) => i % 4 === 0).map((r) => r.ok && r.value);
    expect(new Set(english).size).toBe(1);
    const zh = results[1]!;
    expect(zh.ok && zh.value.lang).toBe('zh-TW');

    // Closing the app closes its one context explicitly.
    backend!.close();
    backend = null;
    await app!.close();
    app = null;
    expect(open()).toBe(0);
    expect(fake.contexts.every((c) => c.closed)).toBe(true);
  });

  it('through a pcscd restart and demo round trips: never two contexts, none made for a switch', async () => {
    const fake = new FakePcsc();
    const { stats, factory, open } = counted(fake);
    const card = await createVirtualCard({ scenario: 'fresh', recordCommands: 10_000 });
    await appOnFakePcsc(fake, factory, card);
    const ask = () => backend!.invoke('diagnose:run', { lang: 'en', unmask: false, trace: false });

    const during = Array.from({ length: 50 }, ask);
    fake.crash();
    await Promise.all(during);
    fake.up = true;
    await until(() => app!.status === 'up');
    await Promise.all(Array.from({ length: 50 }, ask));
    for (let round = 0; round < 3; round++) {
      await backend!.invoke('app:switch-source', { demo: 'fresh' });
      const demo = (await ask()) as IpcResult<DiagnosticReport>;
      expect(demo.ok && demo.value.findings.some((f) => f.id === 'pcsc.virtual')).toBe(true);
      await backend!.invoke('app:switch-source', { demo: null });
      await Promise.all(Array.from({ length: 20 }, ask));
    }

    // The first context, and the one rebuilt after the restart: no more.
    expect(stats.created).toBe(2);
    expect(stats.maxOpen).toBe(1);
    expect(open()).toBe(1);
  });
});

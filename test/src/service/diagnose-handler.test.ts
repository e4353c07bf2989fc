/**
 * 'diagnose:run' through the card backend, as the Electron main process and the browser host
 * serve it: validated requests, and always the source the app shows (the demo card in demo
 * mode). diagnose-contexts.test.ts counts PC/SC contexts under many requests at once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCardBackend } from '../../../src/service/handlers';
import type { CardBackend } from '../../../src/service/handler-types';
import type { VirtualCardSource } from '../../../src/sources/virtual-source';
import type { DiagnosticReport } from '../../../src/service/diagnostics';
import type { AppInfo, IpcResult } from '../../../src/service/contract';
import { CardService } from '../../../src/sources/pcsc';
import { openVirtualSource } from '../../../src/sources';
import { openSwitchableSource } from '../../../src/sources/switchable-source';
import { FakePcsc, until } from '../sources/pcsc/fake-pcsclite';
import { NOW, READER, virtualReaders } from './diagnostics/helpers';

const machine = {
  httpGet: async () => ({ outcome: 'refused' as const }),
  fileExists: () => false,
  os: { platform: 'linux', release: '6.1.0-test', arch: 'x64' },
};

const INFO: AppInfo = {
  name: 'Citizen Card Manager',
  version: '1.2.3',
  runtime: 'electron',
  platform: 'linux',
  demoScenario: null,
};

let source: VirtualCardSource | null = null;
let backend: CardBackend | null = null;
const services: CardService[] = [];
afterEach(async () => {
  backend?.close();
  await source?.close();
  for (const s of services.splice(0)) await s.close();
  source = null;
  backend = null;
});

async function run(raw: unknown): Promise<IpcResult<DiagnosticReport>> {
  return (await backend!.invoke('diagnose:run', raw)) as IpcResult<DiagnosticReport>;
}

describe("'diagnose:run'", () => {
  it('diagnoses the card the app shows, in the language and masking asked for', async () => {
    source = await virtualReaders({ [READER]: 'locked' });
    backend = createCardBackend({
      source,
      appInfo: { ...INFO, demoScenario: 'locked' },
      now: () => NOW,
      diagnose: { deps: machine },
    });
    const r = await run({ lang: 'zh-TW', unmask: false, trace: true });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value).toMatchObject({
      lang: 'zh-TW',
      masked: true,
      app: { name: 'Citizen Card Manager', version: '1.2.3', runtime: 'electron' },
    });
    const pin = r.value.findings.find((f) => f.id === 'card.pin')!;
    expect(pin).toMatchObject({ severity: 'error', title: 'PIN 碼已鎖住' });
    expect(r.value.findings.find((f) => f.id === 'pcsc.virtual')?.data.scenario).toBe('locked');
    expect(r.value.trace!.length).toBeGreaterThan(0);
    expect(JSON.stringify(r.value)).not.toContain('TP03000012345678');
  });

  it('refuses a request with a wrong or extra field before anything runs', async () => {
    source = await virtualReaders({ [READER]: 'fresh' });
    backend = createCardBackend({ source, appInfo: INFO, diagnose: { deps: machine } });
    // Identification at insertion speaks to the card; nothing more may follow it.
    await until(() => source!.readers()[0]!.identity !== null);
    const before = source.cardIn(READER)!.received.length;
    for (const bad of [
      { lang: 'fr', unmask: false, trace: false },
      { lang: 'en', unmask: 'yes', trace: false },
      { lang: 'en', unmask: false, trace: false, pin: '123456' },
      null,
    ]) {
      const r = await run(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid-input');
    }
    expect(source.cardIn(READER)!.received.length).toBe(before);
  });

  it('in demo mode reports on the demo card on screen, and looks at no PC/SC at all', async () => {
    const fake = new FakePcsc();
    const pcsc = vi.fn(async () => new CardService({ factory: fake.factory, identify: null }));
    const app = await openSwitchableSource('one-try-left', {
      pcsc,
      demo: (scenario) => openVirtualSource(scenario, undefined, { now: () => NOW }),
    });
    backend = createCardBackend({
      source: app,
      sourceSwitch: app,
      appInfo: { ...INFO, demoScenario: 'one-try-left' },
      now: () => NOW,
      diagnose: { deps: machine },
    });
    try {
      const r = await run({ lang: 'en', unmask: true, trace: false });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const virtual = r.value.findings.find((f) => f.id === 'pcsc.virtual')!;
      expect(virtual.data.scenario).toBe('one-try-left');
      expect(r.value.findings.some((f) => f.id === 'pcsc.service')).toBe(false);
      const identity = r.value.findings.find((f) => f.id === 'card.identity')!;
      expect(`${identity.title} ${identity.cause}`).toContain('TP03000012345678');
      expect(r.value.findings.find((f) => f.id === 'card.pin')?.title).toBe(
        'PIN: 1 of 3 tries left',
      );
      expect(pcsc).not.toHaveBeenCalled();
      expect(fake.attempts).toBe(0);
    } finally {
      backend.close();
      backend = null;
      await app.close();
    }
  });

  it('follows a switch: the demo card, then real cards with their service', async () => {
    const fake = new FakePcsc();
    fake.up = false;
    const app = await openSwitchableSource('fresh', {
      pcsc: async () => {
        const service = new CardService({ factory: fake.factory, identify: null });
        services.push(service);
        return service;
      },
      demo: (scenario) => openVirtualSource(scenario),
    });
    backend = createCardBackend({
      source: app,
      sourceSwitch: app,
      appInfo: INFO,
      diagnose: { deps: machine },
    });
    try {
      const ids = async () => {
        const r = await run({ lang: 'en', unmask: false, trace: false });
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        return r.value.findings.map((f) => `${f.id}:${f.severity}`);
      };
      expect(await ids()).toContain('pcsc.virtual:info');
      expect(await backend.invoke('app:switch-source', { demo: null })).toMatchObject({
        ok: true,
        value: { demoScenario: null },
      });
      await until(() => app.status === 'down');
      const real = await ids();
      expect(real).toContain('pcsc.service:error');
      expect(real.some((id) => id.startsWith('pcsc.virtual'))).toBe(false);
    } finally {
      backend.close();
      backend = null;
      await app.close();
    }
  });
});

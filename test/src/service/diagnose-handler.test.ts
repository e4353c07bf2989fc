/**
 * 'diagnose:run' through the card backend, as the Electron main process and the browser host
 * serve it: validated requests, the app's own source, and in demo mode the real PC/SC side.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCardBackend } from '../../../src/service/handlers';
import type { CardBackend } from '../../../src/service/handler-types';
import type { VirtualCardSource } from '../../../src/sources/virtual-source';
import type { DiagnosticReport } from '../../../src/service/diagnostics';
import { PcscUnavailableError } from '../../../src/core/errors';
import type { AppInfo, IpcResult } from '../../../src/service/contract';
import { CardService } from '../../../src/sources/pcsc';
import { FakePcsc, STATE, until } from '../sources/pcsc/fake-pcsclite';
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

/**
 * The app on the demo card, whose Diagnose screen opens a PC/SC service of its own over
 * `fake`; `whenOpened` sets up the machine's readers once that service is running.
 */
async function demoWithOwnPcsc(
  fake: FakePcsc,
  whenOpened: () => Promise<void> = async () => undefined,
): Promise<{ service: CardService | null }> {
  source = await virtualReaders({ [READER]: 'fresh' });
  const own: { service: CardService | null } = { service: null };
  backend = createCardBackend({
    source,
    appInfo: { ...INFO, demoScenario: 'fresh' },
    diagnose: {
      openPcsc: async () => {
        const service = new CardService({ factory: fake.factory, identify: null });
        own.service = service;
        services.push(service);
        await whenOpened();
        return service;
      },
      deps: machine,
    },
  });
  return own;
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

  it('in demo mode, looks at the real PC/SC side: service down is the finding', async () => {
    source = await virtualReaders({ [READER]: 'fresh' });
    backend = createCardBackend({
      source,
      appInfo: { ...INFO, demoScenario: 'fresh' },
      diagnose: {
        openPcsc: async () => {
          throw new PcscUnavailableError('Service not available (0x8010001d)');
        },
        deps: machine,
      },
    });
    await until(() => source!.readers()[0]!.identity !== null);
    const before = source.cardIn(READER)!.received.length;
    const r = await run({ lang: 'en', unmask: false, trace: false });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const ids = r.value.findings.map((f) => `${f.id}:${f.severity}`);
    expect(ids).toContain('app.demo:info');
    expect(ids).toContain('pcsc.service:error');
    expect(ids.some((id) => id.startsWith('card.'))).toBe(false);
    expect(source.cardIn(READER)!.received.length).toBe(before);
  });

  it('in demo mode, a PC/SC source that opens but finds no service: the finding, and it is closed', async () => {
    const fake = new FakePcsc();
    fake.up = false;
    const own = await demoWithOwnPcsc(fake);
    const r = await run({ lang: 'en', unmask: false, trace: false });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const ids = r.value.findings.map((f) => `${f.id}:${f.severity}`);
    expect(ids).toContain('pcsc.service:error');
    expect(ids.some((id) => id.startsWith('card.'))).toBe(false);
    expect(own.service!.status).toBe('closed');
  });

  it('in demo mode with PC/SC up: the real readers are diagnosed (a mute card), then let go', async () => {
    const fake = new FakePcsc();
    const own = await demoWithOwnPcsc(fake, async () => {
      await until(() => fake.contexts.length > 0);
      fake.current.addReader('USB Reader 0').setState(STATE.PRESENT | STATE.MUTE | STATE.CHANGED);
    });
    const r = await run({ lang: 'en', unmask: false, trace: false });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.findings.find((f) => f.id === 'card.mute')?.reader).toBe('USB Reader 0');
    expect(own.service!.status).toBe('closed');
  });
});

/**
 * 'pin:selftest' over the validated IPC path: the app's "can this card sign?" on the virtual
 * card, the PIN turned into a Buffer in the handler, and nothing sent for a bad request.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCardBackend } from '../../../src/service/handlers';
import type { CardBackend } from '../../../src/service/handler-types';
import { DEMO_READER, openVirtualSource, type VirtualCardSource } from '../../../src/sources';
import type { AppInfo, IpcResult } from '../../../src/service/contract';
import type { SelfTestResult } from '../../../src/core/model';

const APP_INFO: AppInfo = {
  name: 'Citizen Card Manager',
  version: '0.0.0-test',
  runtime: 'browser',
  platform: 'linux',
  demoScenario: 'fresh',
};

let source: VirtualCardSource;
let backend: CardBackend;

async function setup(scenario: string) {
  source = await openVirtualSource(scenario, undefined, { recordCommands: 10_000 });
  backend = createCardBackend({ source, appInfo: APP_INFO, log: () => undefined });
  await vi.waitUntil(() => source.readers()[0]?.identity);
}

afterEach(async () => {
  backend?.close();
  await source?.close();
});

const selfTest = (request: unknown) =>
  backend.invoke('pin:selftest', request) as Promise<IpcResult<SelfTestResult>>;

describe("pin:selftest (the app's signature self-test)", () => {
  it('passes on a sound card and fails at the named step on a broken one', async () => {
    await setup('fresh');
    const passed = await selfTest({ reader: DEMO_READER, pin: '730101', confirmLastTry: false });
    expect(passed).toMatchObject({ ok: true, value: { ok: true, failedStep: null, via: 'iso' } });
    await backend.close();
    await source.close();
    await setup('sign-broken');
    const broken = await selfTest({ reader: DEMO_READER, pin: '730101', confirmLastTry: false });
    expect(broken).toMatchObject({ ok: true, value: { ok: false, failedStep: 'verify' } });
  });

  it('refuses a malformed request before the card is touched, without echoing the PIN', async () => {
    await setup('fresh');
    const card = source.cardIn(DEMO_READER)!;
    const before = card.received.length;
    const answers = [
      await selfTest({ reader: DEMO_READER, pin: '12', confirmLastTry: false }),
      await selfTest({ reader: DEMO_READER, pin: '730101' }),
      await selfTest({ reader: DEMO_READER, pin: '730101', confirmLastTry: false, extra: 1 }),
    ];
    for (const a of answers) {
      expect(a.ok).toBe(false);
      expect(JSON.stringify(a)).not.toContain('730101');
    }
    expect(card.received.length).toBe(before);
  });
});

/** settings:get / settings:set through the backend, as every window reaches them. */
import { afterEach, describe, expect, it } from 'vitest';
import type { CardBackend } from '../../../src/service/handler-types';
import { createCardBackend } from '../../../src/service/handlers';
import { memorySettingsStore } from '../../../src/service/settings';
import { openVirtualSource, type VirtualCardSource } from '../../../src/sources';

let source: VirtualCardSource;
let backend: CardBackend;

async function setup() {
  source = await openVirtualSource('fresh');
  backend = createCardBackend({
    source,
    appInfo: { name: 't', version: '0', runtime: 'browser', platform: 'linux', demoScenario: null },
    settings: memorySettingsStore(),
    log: () => undefined,
  });
  return backend;
}

afterEach(async () => {
  backend?.close();
  await source?.close();
});

describe('settings channels', () => {
  it('read the saved settings and save a change, pushed to every subscriber', async () => {
    const b = await setup();
    const seen: unknown[] = [];
    b.subscribe((event, payload) => {
      if (event === 'settings-changed') seen.push(payload);
    });
    expect(await b.invoke('settings:get', undefined)).toEqual({
      ok: true,
      value: { settings: { onlineStatusCheck: true, rememberCards: false }, problem: null },
    });
    const saved = await b.invoke('settings:set', { rememberCards: true });
    expect(saved).toEqual({ ok: true, value: { onlineStatusCheck: true, rememberCards: true } });
    expect(seen).toEqual([{ onlineStatusCheck: true, rememberCards: true }]);
  });

  it('refuse a key that is not a setting, or a value that is not a switch', async () => {
    const b = await setup();
    for (const bad of [{ theme: 'dark' }, { rememberCards: 'yes' }, null, [true]]) {
      const r = await b.invoke('settings:set', bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
    }
    expect((await b.invoke('settings:get', undefined)).ok).toBe(true);
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, type CardApi } from '../../../src/service/contract';
import { CONTRACT_METHODS, SAMPLE_REQUESTS, callWithSample } from '../../helpers/ipc-requests';

const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: null }));
const rendererListeners = new Map<string, Set<(...args: unknown[]) => void>>();

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: (...args: unknown[]) => invoke(...args),
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      const set = rendererListeners.get(channel) ?? new Set();
      set.add(listener);
      rendererListeners.set(channel, set);
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
      rendererListeners.get(channel)?.delete(listener);
    },
    send: () => {
      throw new Error('the preload must not use ipcRenderer.send');
    },
  },
}));

async function loadPreload(): Promise<CardApi> {
  await import('../../../src-main/electron/preload');
  return exposed.get('cardApi') as CardApi;
}

beforeEach(() => {
  vi.resetModules();
  exposed.clear();
  invoke.mockClear();
  rendererListeners.clear();
});

describe('preload', () => {
  it('exposes only window.cardApi, with exactly the contract functions and `on`', async () => {
    const api = await loadPreload();
    expect([...exposed.keys()]).toEqual(['cardApi']);
    expect(Object.keys(api).sort()).toEqual([...CONTRACT_METHODS, 'on'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
  });

  it('maps each function to its own channel, with the contract request shape', async () => {
    const api = await loadPreload();
    const verify = { reader: 'R', confirmLastTry: false, pin: '730101' };
    await api.info();
    await api.readers();
    await api.status({ reader: 'R' });
    await api.advise({ reader: 'R', extended: true });
    await api.verifyPin(verify);
    await api.changePin({ reader: 'R', confirmLastTry: true, oldPin: '730101', newPin: '123456' });
    await api.unblockPin({
      reader: 'R',
      confirmLastTry: false,
      userCode: 'abcdef',
      newPin: '1a2b3c',
    });
    await api.exportCertificate({ reader: 'R', id: 'SIGN', format: 'pem' });
    await api.openExternal({ url: 'https://moica.nat.gov.tw/' });
    expect(invoke.mock.calls.map((c) => c[0])).toEqual([
      'app:info',
      'card:readers',
      'card:status',
      'card:advise',
      'pin:verify',
      'pin:change',
      'pin:unblock',
      'cert:export',
      'shell:open-external',
    ]);
    expect(invoke.mock.calls[2]).toEqual(['card:status', { reader: 'R' }]);
    expect(invoke.mock.calls[4]).toEqual(['pin:verify', verify]);
    expect(invoke.mock.calls[8]).toEqual([
      'shell:open-external',
      { url: 'https://moica.nat.gov.tw/' },
    ]);
    // No-argument channels send nothing the main side would have to look at.
    expect(invoke.mock.calls[0]).toEqual(['app:info']);
  });

  it('invokes every channel of the contract, each once, with its request unchanged', async () => {
    const api = await loadPreload();
    for (const channel of CHANNELS) await callWithSample(api, channel);
    expect(invoke.mock.calls).toEqual(
      CHANNELS.map((channel) => {
        const request = SAMPLE_REQUESTS[channel];
        return request === undefined ? [channel] : [channel, request];
      }),
    );
  });

  it('subscribes to contract events only, hands over the payload alone, and unsubscribes', async () => {
    const api = await loadPreload();
    expect(() => api.on('pin:verify' as never, () => undefined)).toThrow(/Unknown event/);
    expect(rendererListeners.size).toBe(0);
    const seen: unknown[] = [];
    const off = api.on('card-removed', (payload) => seen.push(payload));
    const [forward] = rendererListeners.get('card-removed')!;
    const fakeEvent = { sender: { send: () => undefined } };
    forward!(fakeEvent, { reader: 'R' });
    expect(seen).toEqual([{ reader: 'R' }]);
    off();
    expect(rendererListeners.get('card-removed')!.size).toBe(0);
  });
});

/**
 * The browser bridge client against a scripted socket: the page's CardApi has exactly the
 * contract's functions, each sends its own channel with the request unchanged, and answers
 * and events find their way back. (test/src-main/browser-host/server.test.ts runs it
 * against the real host.)
 */
import { describe, expect, it } from 'vitest';
import {
  connectBridge,
  createBridgeApi,
  RECONNECT_DELAYS_MS,
} from '../../../src-renderer/api/bridge-client';
import { CHANNELS } from '../../../src/service/contract';
import { CONTRACT_METHODS, SAMPLE_REQUESTS, callWithSample } from '../../helpers/ipc-requests';

type Handler = (event: { data: unknown }) => void;

/** The socket the client gets: records what it sends, lets the test answer and close. */
class ScriptedSocket {
  static last: ScriptedSocket;
  static all: ScriptedSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  private handlers = new Map<string, Handler[]>();

  constructor(readonly url: string) {
    ScriptedSocket.last = this;
    ScriptedSocket.all.push(this);
  }
  close(): void {
    this.readyState = 3;
    this.fire('close');
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  addEventListener(type: string, listener: Handler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  fire(type: string, event: { data: unknown } = { data: undefined }): void {
    for (const listener of this.handlers.get(type) ?? []) listener(event);
  }
  open(): void {
    this.readyState = 1;
    this.fire('open');
  }
  reply(message: unknown): void {
    this.fire('message', { data: JSON.stringify(message) });
  }
}

const PAGE = { protocol: 'http:', host: '127.0.0.1:4000', search: '?token=t0k3n' };

function connect() {
  const api = createBridgeApi(PAGE, ScriptedSocket);
  return { api, socket: ScriptedSocket.last };
}

describe('browser bridge client', () => {
  it("has exactly the contract's functions and `on`, and no generic invoke", () => {
    const { api, socket } = connect();
    expect(socket.url).toBe('ws://127.0.0.1:4000/bridge?token=t0k3n');
    expect(Object.keys(api).sort()).toEqual([...CONTRACT_METHODS, 'on'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(api).not.toHaveProperty('invoke');
  });

  it('sends every channel of the contract once, with its request, and resolves each answer', async () => {
    const { api, socket } = connect();
    const answers = CHANNELS.map((channel) => callWithSample(api, channel));
    // Calls made before the socket opened wait for it, in order.
    expect(socket.sent).toEqual([]);
    socket.open();
    expect(socket.sent).toEqual(
      CHANNELS.map((channel, i) => {
        const request = SAMPLE_REQUESTS[channel];
        return request === undefined ? { id: i + 1, channel } : { id: i + 1, channel, request };
      }),
    );
    // Answered out of order: each call gets the answer with its own id.
    for (const [i, channel] of [...CHANNELS.entries()].reverse()) {
      socket.reply({ id: i + 1, result: { ok: true, value: channel } });
    }
    expect(await Promise.all(answers)).toEqual(
      CHANNELS.map((channel) => ({ ok: true, value: channel })),
    );
  });

  it('hands contract events to their listeners only, and refuses other names', () => {
    const { api, socket } = connect();
    const removed: unknown[] = [];
    const off = api.on('card-removed', (payload) => removed.push(payload));
    const inserted: unknown[] = [];
    api.on('card-inserted', (payload) => inserted.push(payload));
    socket.reply({ event: 'card-removed', payload: { reader: 'Reader A' } });
    off();
    socket.reply({ event: 'card-removed', payload: { reader: 'Reader B' } });
    expect(removed).toEqual([{ reader: 'Reader A' }]);
    expect(inserted).toEqual([]);
    expect(() => api.on('pin:verify' as never, () => undefined)).toThrow(/Unknown event/);
  });

  it('answers pending and later calls with a disconnected error once the socket closes', async () => {
    const { api, socket } = connect();
    socket.open();
    const pending = api.status({ reader: 'Reader A' });
    socket.fire('close');
    const disconnected = {
      ok: false,
      error: { code: 'internal', messageKey: 'host.disconnected', params: {} },
    };
    expect(await pending).toEqual(disconnected);
    expect(await api.info()).toEqual(disconnected);
    expect(socket.sent).toHaveLength(1);
  });

  it('tells the page when the host goes away, keeps reconnecting with the same token, and tells it when the host is back', async () => {
    ScriptedSocket.all = [];
    const timers: Array<{ run: () => void; ms: number }> = [];
    const bridge = connectBridge(PAGE, {
      Socket: ScriptedSocket,
      setTimer: (run, ms) => timers.push({ run, ms }),
    });
    const statuses: string[] = [];
    bridge.onStatus((status) => statuses.push(status));
    const inserted: unknown[] = [];
    bridge.api.on('card-inserted', (payload) => inserted.push(payload));
    expect(bridge.status).toBe('connecting');
    ScriptedSocket.last.open();
    expect(bridge.status).toBe('connected');

    // The host stops: 'error' and 'close' both come, the page hears it once.
    const pending = bridge.api.info();
    ScriptedSocket.last.fire('error');
    ScriptedSocket.last.fire('close');
    expect(statuses).toEqual(['connected', 'disconnected']);
    expect(await pending).toMatchObject({ ok: false, error: { messageKey: 'host.disconnected' } });
    // Nothing is queued for later: calls made while away fail at once.
    expect(await bridge.api.readers()).toMatchObject({ ok: false });

    // Retries: the same URL, quick first and then every two seconds.
    for (let i = 0; i < 5; i++) {
      expect(timers).toHaveLength(i + 1);
      timers[i]!.run();
      if (i < 4) ScriptedSocket.last.fire('close');
    }
    expect(timers.map((t) => t.ms)).toEqual([...RECONNECT_DELAYS_MS, 2000]);
    expect(new Set(ScriptedSocket.all.map((socket) => socket.url))).toEqual(
      new Set(['ws://127.0.0.1:4000/bridge?token=t0k3n']),
    );
    expect(ScriptedSocket.all).toHaveLength(6);

    // Back: the page is told, calls go through again, events reach the same listeners.
    ScriptedSocket.last.open();
    expect(statuses).toEqual(['connected', 'disconnected', 'connected']);
    const info = bridge.api.info();
    expect(ScriptedSocket.last.sent).toEqual([{ id: 2, channel: 'app:info' }]);
    ScriptedSocket.last.reply({ id: 2, result: { ok: true, value: 'back' } });
    expect(await info).toEqual({ ok: true, value: 'back' });
    ScriptedSocket.last.reply({ event: 'card-inserted', payload: { reader: 'Reader A' } });
    expect(inserted).toEqual([{ reader: 'Reader A' }]);

    // A later loss starts the backoff from the beginning again.
    ScriptedSocket.last.fire('close');
    expect(timers.at(-1)!.ms).toBe(RECONNECT_DELAYS_MS[0]);
    bridge.close();
    timers.at(-1)!.run();
    expect(ScriptedSocket.all).toHaveLength(6);
  });
});

import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../../src-main/browser-host/server';
import {
  connectBridge,
  createBridgeApi,
  type BridgeConnection,
} from '../../../src-renderer/api/bridge-client';
import { createCardBackend } from '../../../src/service/handlers';
import type { BackendEventListener } from '../../../src/service/handler-types';
import { DEMO_READER, openVirtualSource } from '../../../src/sources';
import type { IpcResult } from '../../../src/service/contract';
import { validateRequest } from '../../../src/service/validate';
import { toIpcResult } from '../../../src/service/result';

/** A backend that echoes what it was asked, so the test sees exactly what crossed the wire. */
function fakeBackend() {
  const listeners = new Set<BackendEventListener>();
  const calls: Array<{ channel: string; raw: unknown }> = [];
  return {
    calls,
    listeners,
    invoke(channel: string, raw: unknown): Promise<IpcResult<unknown>> {
      calls.push({ channel, raw });
      return toIpcResult(async () => {
        const req = validateRequest(channel as 'card:status', raw);
        return { echo: channel, reader: req?.reader ?? null };
      });
    },
    subscribe(listener: BackendEventListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with 'open' or with the HTTP status the upgrade was refused with. */
function tryConnect(url: string, origin?: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

let host: BrowserHost;
let backend: ReturnType<typeof fakeBackend>;

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, '.secret'), 'no');
  backend = fakeBackend();
  host = await startBrowserHost({ backend, rendererDir: dir });
});

afterEach(async () => {
  await host.close();
});

describe('browser host: who may reach it', () => {
  it('listens on 127.0.0.1 only, with a 32-byte token in the printed URL', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(host.token, 'base64url')).toHaveLength(32);
    const other = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (other) {
      await expect(
        get(`http://${other.address}:${host.port}/?token=${host.token}`),
      ).rejects.toThrow(/ECONNREFUSED/);
    }
    await expect(get(`http://[::1]:${host.port}/?token=${host.token}`)).rejects.toThrow();
  });

  it('serves the page only with the right token, with the CSP header', async () => {
    const ok = await get(host.url);
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('<title>app</title>');
    expect(ok.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        `connect-src 'self' ws://127.0.0.1:${host.port} ws://localhost:${host.port}; ` +
        "object-src 'none'; base-uri 'none'; " +
        "frame-ancestors 'none'; form-action 'none'",
    );
    expect(ok.headers['referrer-policy']).toBe('no-referrer');
    for (const url of [host.origin + '/', host.origin + '/?token=x', host.origin + '/index.html']) {
      const refused = await get(url);
      expect(refused.status, url).toBe(403);
      expect(refused.body).not.toContain('<title>app</title>');
    }
    // One character off: still refused.
    const last = host.token.at(-1) === 'A' ? 'B' : 'A';
    expect((await get(`${host.origin}/?token=${host.token.slice(0, -1)}${last}`)).status).toBe(403);
  });

  it('refuses foreign Origin and Host headers (other sites, DNS rebinding)', async () => {
    expect((await get(host.url, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(host.url, { Origin: host.origin })).status).toBe(200);
    expect((await get(host.url, { Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get(host.url, { Host: `localhost:${host.port + 1}` })).status).toBe(403);
    // localhost is ours too (server-names.test.ts), but only with the Origin of that name.
    const viaLocalhost = { Host: `localhost:${host.port}` };
    expect((await get(host.url, { ...viaLocalhost, Origin: host.origin })).status).toBe(403);
  });

  it('serves assets but nothing outside the renderer folder and no dotfiles', async () => {
    const js = await get(`${host.origin}/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    expect((await get(`${host.origin}/.secret`)).status).toBe(404);
    expect((await get(`${host.origin}/assets/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await get(`${host.origin}/missing.js`)).status).toBe(404);
  });

  it('accepts the bridge socket only with the token and our own Origin', async () => {
    const ws = `ws://127.0.0.1:${host.port}/bridge`;
    expect(await tryConnect(`${ws}?token=${host.token}`, host.origin)).toBe('open');
    expect(await tryConnect(`${ws}?token=wrong`, host.origin)).toBe(403);
    expect(await tryConnect(ws, host.origin)).toBe(403);
    expect(await tryConnect(`${ws}?token=${host.token}`, 'http://evil.example')).toBe(403);
    expect(await tryConnect(`${ws}?token=${host.token}`, `http://localhost:${host.port}`)).toBe(
      403,
    );
    expect(await tryConnect(`${ws}?token=${host.token}`)).toBe(403);
    expect(
      await tryConnect(`ws://127.0.0.1:${host.port}/other?token=${host.token}`, host.origin),
    ).toBe(403);
    expect(backend.calls).toEqual([]);
  });
});

describe('browser host: the contract over the bridge', () => {
  function pageApi() {
    const origin = host.origin;
    class PageSocket extends WebSocket {
      constructor(url: string) {
        super(url, { origin });
      }
    }
    const location = new URL(host.url);
    return createBridgeApi(location, PageSocket);
  }

  it('carries requests and answers, validated on the host', async () => {
    const api = pageApi();
    expect(await api.status({ reader: 'Reader A' })).toEqual({
      ok: true,
      value: { echo: 'card:status', reader: 'Reader A' },
    });
    expect(backend.calls).toEqual([{ channel: 'card:status', raw: { reader: 'Reader A' } }]);
    const bad = await api.status({ reader: '' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('answers an unknown channel with invalid-input and drops a socket that sends garbage', async () => {
    const url = `ws://127.0.0.1:${host.port}/bridge?token=${host.token}`;
    const ws = new WebSocket(url, { origin: host.origin });
    await new Promise((resolve) => ws.once('open', resolve));
    const answer = new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));
    ws.send(JSON.stringify({ id: 7, channel: 'pin:dump', request: {} }));
    expect(JSON.parse(await answer)).toMatchObject({
      id: 7,
      result: { ok: false, error: { code: 'invalid-input', params: { field: 'channel' } } },
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1008);
  });

  it('pushes events to the page', async () => {
    const api = pageApi();
    await api.readers();
    const seen = new Promise((resolve) => api.on('card-removed', resolve));
    for (const listener of backend.listeners) listener('card-removed', { reader: 'Reader A' });
    expect(await seen).toEqual({ reader: 'Reader A' });
  });

  it('turns a lost host into an error result instead of a hung call', async () => {
    const api = pageApi();
    await api.readers();
    await host.close();
    const result = await api.readers();
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', messageKey: 'host.disconnected', params: {} },
    });
    host = await startBrowserHost({ backend, rendererDir: tmpdir() });
  });
});

describe('browser host: a real card behind the bridge', () => {
  it("reads the demo card's status from the page, end to end in process", async () => {
    const source = await openVirtualSource('fresh');
    const realBackend = createCardBackend({
      source,
      appInfo: {
        name: 'Citizen Card Manager',
        version: '0.0.0-test',
        runtime: 'browser',
        platform: process.platform,
        demoScenario: 'fresh',
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'ccm-renderer-'));
    const realHost = await startBrowserHost({ backend: realBackend, rendererDir: dir });
    let page: BridgeConnection | null = null;
    try {
      const origin = realHost.origin;
      class PageSocket extends WebSocket {
        constructor(url: string) {
          super(url, { origin });
        }
      }
      const bridge = connectBridge(new URL(realHost.url), { Socket: PageSocket });
      page = bridge;
      const api = bridge.api;
      expect(await api.info()).toMatchObject({ ok: true, value: { demoScenario: 'fresh' } });
      const status = await api.status({ reader: DEMO_READER });
      expect(status).toMatchObject({
        ok: true,
        value: {
          reader: DEMO_READER,
          cardNumber: 'TP03000012345678',
          holderName: '王小明',
          pin: { triesLeft: 3 },
          demo: true,
        },
      });
      const wrong = await api.verifyPin({
        reader: DEMO_READER,
        pin: '000000',
        confirmLastTry: false,
      });
      expect(wrong).toEqual({
        ok: false,
        error: {
          code: 'wrong-secret',
          messageKey: 'error.wrongPin',
          params: { triesLeft: 2 },
          // Read again after the wrong PIN, for the form and every other window.
          counters: {
            pin: expect.objectContaining({ triesLeft: 2, lastTry: false }),
            userCode: expect.objectContaining({ triesLeft: 5 }),
          },
        },
      });
      const removed = new Promise((resolve) => api.on('card-removed', resolve));
      source.removeCard(DEMO_READER);
      expect(await removed).toEqual({ reader: DEMO_READER });
    } finally {
      page?.close();
      await realHost.close();
      realBackend.close();
      await source.close();
    }
  });
});

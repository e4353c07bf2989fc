/**
 * The browser host answers to both loopback names, 127.0.0.1 and localhost, with its port
 * and the matching Origin, and nothing else; and a host that replaces a stopped one on the
 * same port with the same token is reached again by the page that was open.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fromOurPage, ourHosts } from '../../../src-main/browser-host/loopback-names';
import { startBrowserHost, type BrowserHost } from '../../../src-main/browser-host/server';
import { connectBridge } from '../../../src-renderer/api/bridge-client';
import type { BackendEventListener } from '../../../src/service/handler-types';

const backend = {
  invoke: async (channel: string) => ({ ok: true as const, value: channel }),
  subscribe: (_listener: BackendEventListener) => () => undefined,
};

function rendererDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
  return dir;
}

/** GET through 127.0.0.1 whatever the Host header says (as a DNS-rebinding page would). */
function get(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

function tryConnect(url: string, headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers, origin: headers.Origin });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

const hosts: BrowserHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

describe('loopback names', () => {
  it('are exactly 127.0.0.1 and localhost with our port, the Origin matching the Host', () => {
    expect(ourHosts(4000)).toEqual(['127.0.0.1:4000', 'localhost:4000']);
    expect(fromOurPage(4000, 'localhost:4000', 'http://localhost:4000', true)).toBe(true);
    expect(fromOurPage(4000, '127.0.0.1:4000', 'http://127.0.0.1:4000', true)).toBe(true);
    expect(fromOurPage(4000, 'localhost:4000', undefined, false)).toBe(true);
    expect(fromOurPage(4000, 'localhost:4000', undefined, true)).toBe(false);
    for (const host of [
      'localhost:4001',
      'localhost',
      'LOCALHOST:4000',
      '[::1]:4000',
      '127.0.0.2:4000',
      'localhost.evil.example:4000',
      undefined,
    ]) {
      expect(fromOurPage(4000, host, undefined, false), String(host)).toBe(false);
    }
    expect(fromOurPage(4000, 'localhost:4000', 'http://127.0.0.1:4000', true)).toBe(false);
    expect(fromOurPage(4000, 'localhost:4000', 'https://localhost:4000', true)).toBe(false);
  });
});

describe('browser host under both names', () => {
  it('serves the page and the bridge at http://localhost:PORT/?token=…', async () => {
    const host = await startBrowserHost({ backend, rendererDir: rendererDir() });
    hosts.push(host);
    const viaLocalhost = { Host: `localhost:${host.port}` };
    expect(await get(host.url, viaLocalhost)).toBe(200);
    expect(await get(host.url, { ...viaLocalhost, Origin: `http://localhost:${host.port}` })).toBe(
      200,
    );
    // The page's own URL under that name keeps its token check.
    expect(await get(`${host.origin}/?token=wrong`, viaLocalhost)).toBe(403);
    const bridge = `${host.url.replace('http:', 'ws:').replace('/?', '/bridge?')}`;
    expect(
      await tryConnect(bridge, { ...viaLocalhost, Origin: `http://localhost:${host.port}` }),
    ).toBe('open');
    expect(await tryConnect(bridge, { ...viaLocalhost, Origin: host.origin })).toBe(403);
  });

  it("names both in the CSP's connect-src, so the page may open its socket under either", async () => {
    const host = await startBrowserHost({ backend, rendererDir: rendererDir() });
    hosts.push(host);
    const csp = await new Promise<string>((resolve, reject) => {
      request(host.url, (res) => {
        res.resume();
        resolve(String(res.headers['content-security-policy']));
      })
        .on('error', reject)
        .end();
    });
    expect(csp).toContain(`ws://127.0.0.1:${host.port}`);
    expect(csp).toContain(`ws://localhost:${host.port}`);
  });

  it('takes over a stopped host with its port and token, and the open page reconnects', async () => {
    const first = await startBrowserHost({ backend, rendererDir: rendererDir() });
    const page = new URL(first.url);
    class PageSocket extends WebSocket {
      constructor(url: string) {
        super(url, { origin: page.origin });
      }
    }
    const bridge = connectBridge(page, {
      Socket: PageSocket as never,
      delaysMs: [20],
    });
    const statuses: string[] = [];
    bridge.onStatus((s) => statuses.push(s));
    try {
      expect(await bridge.api.info()).toEqual({ ok: true, value: 'app:info' });
      await first.close();
      await expect.poll(() => bridge.status).toBe('disconnected');
      const second = await startBrowserHost({
        backend,
        rendererDir: rendererDir(),
        port: first.port,
        token: first.token,
      });
      hosts.push(second);
      await expect.poll(() => bridge.status, { timeout: 3000 }).toBe('connected');
      expect(statuses).toEqual(['connected', 'disconnected', 'connected']);
      expect(await bridge.api.readers()).toEqual({ ok: true, value: 'card:readers' });
    } finally {
      bridge.close();
    }
  });

  it('refuses a token that is not at least 32 random bytes', async () => {
    await expect(
      startBrowserHost({ backend, rendererDir: rendererDir(), token: 'short' }),
    ).rejects.toThrow(/32 random bytes/);
  });
});

/**
 * What a hostile local process can throw at the browser host, by hand over raw sockets:
 * resets in the middle of a handshake, protocol-breaking frames, oversized messages and a
 * flood of requests. After each, the host must still be up and answer our page.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  MAX_REQUESTS_IN_FLIGHT,
  startBrowserHost,
  type BrowserHost,
} from '../../../src-main/browser-host/server';
import type { BackendEventListener } from '../../../src/service/handler-types';
import type { IpcResult } from '../../../src/service/contract';
import {
  closedWithin,
  encodeFrame,
  OPCODE,
  rawConnect,
  rawUpgrade,
  upgradeRequest,
} from '../../helpers/raw-websocket';
import {
  hostAnswers,
  startStandaloneHost,
  type StandaloneHost,
} from '../../helpers/standalone-host';

// ---- the host in a process of its own: an uncaught error would end it --------------------

let remote: StandaloneHost;

beforeAll(async () => {
  remote = await startStandaloneHost();
}, 30_000);

afterAll(() => remote.stop());

/** The host process is still running and answers our page. */
async function expectHostUp(): Promise<void> {
  expect(await hostAnswers(remote)).toBe(true);
  expect(remote.exit()).toBeNull();
}

describe('connection abuse', () => {
  it('survives clients that reset the connection right after a refused upgrade', async () => {
    for (let i = 0; i < 20; i++) {
      const socket = await rawConnect(remote.port);
      socket.on('error', () => undefined);
      socket.write(upgradeRequest(remote, { token: false }));
      socket.resetAndDestroy();
    }
    // And ones that reset while the host is still answering the refused upgrade.
    for (let i = 0; i < 20; i++) {
      const { socket, status } = await rawUpgrade(remote, { token: false });
      expect(status).toBe('HTTP/1.1 403 Forbidden');
      socket.resetAndDestroy();
    }
    await expectHostUp();
  });

  it('survives clients that reset an accepted WebSocket, mid-frame', async () => {
    for (let i = 0; i < 20; i++) {
      const { socket, status } = await rawUpgrade(remote);
      expect(status).toBe('HTTP/1.1 101 Switching Protocols');
      socket.write(encodeFrame({ opcode: OPCODE.text, announcedLength: 100 }).subarray(0, 8));
      socket.resetAndDestroy();
    }
    await expectHostUp();
  });
});

describe('frames that break the protocol (with the token)', () => {
  const text = (s: string) => Buffer.from(s, 'utf8');
  const request = text(JSON.stringify({ id: 1, channel: 'app:info' }));
  it.each([
    ['an unmasked frame', encodeFrame({ opcode: OPCODE.text, payload: request, masked: false })],
    ['opcode 3 (reserved)', encodeFrame({ opcode: 3, payload: request })],
    [
      'RSV1 set without an extension',
      encodeFrame({ opcode: OPCODE.text, payload: request, rsv1: true }),
    ],
    [
      'bad UTF-8 in a text frame',
      encodeFrame({ opcode: OPCODE.text, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }),
    ],
    [
      'a ping over 125 bytes',
      encodeFrame({ opcode: OPCODE.ping, payload: Buffer.alloc(126, 0x61) }),
    ],
    ['a fragmented ping', encodeFrame({ opcode: OPCODE.ping, payload: text('x'), fin: false })],
    [
      'a continuation with nothing to continue',
      encodeFrame({ opcode: OPCODE.continuation, payload: request }),
    ],
    [
      'a message one byte over the limit',
      encodeFrame({ opcode: OPCODE.text, announcedLength: 64 * 1024 + 1 }),
    ],
    [
      'a message announcing 2^53 bytes',
      encodeFrame({ opcode: OPCODE.binary, announcedLength: 2 ** 53 }),
    ],
  ])('%s: that connection is closed, the host stays up', async (_name, frame) => {
    const { socket } = await rawUpgrade(remote);
    socket.write(frame);
    expect(await closedWithin(socket, 3000)).toBe('closed');
    await expectHostUp();
  });
});

// ---- in this process, with a backend that can hold requests -----------------------------

/** Answers at once, or, while `hold` is set, only when released. */
function controllableBackend() {
  const held: Array<() => void> = [];
  const backend = {
    hold: false,
    invoked: 0,
    invoke(channel: string): Promise<IpcResult<unknown>> {
      backend.invoked++;
      const result: IpcResult<unknown> = { ok: true, value: { channel } };
      if (!backend.hold) return Promise.resolve(result);
      return new Promise((resolve) => held.push(() => resolve(result)));
    },
    subscribe(_listener: BackendEventListener) {
      return () => undefined;
    },
    release() {
      for (const r of held.splice(0)) r();
    },
  };
  return backend;
}

describe('a flood of requests', () => {
  let host: BrowserHost;
  let backend: ReturnType<typeof controllableBackend>;

  beforeEach(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccm-renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
    backend = controllableBackend();
    host = await startBrowserHost({ backend, rendererDir: dir });
  });

  afterEach(async () => {
    backend.release();
    await host.close();
  });

  function bridgeUrl(): string {
    return `ws://127.0.0.1:${host.port}/bridge?token=${host.token}`;
  }

  it('5,000 requests at once: the flooding connection is closed, others are answered', async () => {
    backend.hold = true;
    const flood = new WebSocket(bridgeUrl(), { origin: host.origin });
    await new Promise((resolve) => flood.once('open', resolve));
    const closed = new Promise<number>((resolve) => flood.once('close', resolve));
    for (let id = 1; id <= 5000; id++) flood.send(JSON.stringify({ id, channel: 'app:info' }));
    expect(await closed).toBe(1008);
    // Only as many card operations were started as one connection may have open.
    expect(backend.invoked).toBe(MAX_REQUESTS_IN_FLIGHT);
    backend.hold = false;
    expect(await hostAnswers(host)).toBe(true);
  });

  it('answers a well-behaved client that sends 5,000 requests one after another', async () => {
    const ws = new WebSocket(bridgeUrl(), { origin: host.origin });
    await new Promise((resolve) => ws.once('open', resolve));
    let answered = 0;
    await new Promise<void>((resolve) => {
      ws.on('message', () => {
        answered++;
        if (answered === 5000) resolve();
        else ws.send(JSON.stringify({ id: answered + 1, channel: 'app:info' }));
      });
      ws.send(JSON.stringify({ id: 1, channel: 'app:info' }));
    });
    ws.terminate();
    expect(answered).toBe(5000);
  });

  it('refuses 500 upgrades without the token and still serves the page', async () => {
    const attempts = Array.from({ length: 500 }, async () => {
      const { socket, status } = await rawUpgrade(host, { token: false });
      socket.destroy();
      return status;
    });
    const statuses = await Promise.all(attempts);
    expect(new Set(statuses)).toEqual(new Set(['HTTP/1.1 403 Forbidden']));
    expect(await hostAnswers(host)).toBe(true);
  });
});

/**
 * Serves the renderer to a local browser and carries the IPC contract over a WebSocket,
 * for machines where the Electron runtime cannot run. The page is as privileged as the
 * Electron renderer (it can send PIN commands), so only the person who started the host
 * may reach it: loopback only, a random token in the URL and on the socket, and the Origin
 * and Host headers checked (against other web pages and DNS rebinding).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { BRIDGE_PATH, TOKEN_PARAM, type BridgeMessage } from '../../src/service/bridge-protocol';
import type { CardBackend } from '../../src/service/handler-types';
import { contentSecurityPolicy } from '../csp';
import { fromOurPage, ourHosts } from './loopback-names';

export const HOST_ADDRESS = '127.0.0.1';
/** Requests are small JSON objects; anything bigger is not from our page. */
const MAX_MESSAGE_BYTES = 64 * 1024;
/**
 * Our page has a handful of requests open at a time; a connection with more is flooding and
 * is closed, so it cannot queue thousands of card operations ahead of everyone else.
 */
export const MAX_REQUESTS_IN_FLIGHT = 64;
/** A client that stops reading its answers is dropped before they fill our memory. */
const MAX_UNSENT_BYTES = 4 * 1024 * 1024;
/** WebSocket close codes (RFC 6455 §7.4.1): policy violation, unexpected condition. */
const CLOSE_POLICY = 1008;
const CLOSE_INTERNAL = 1011;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface BrowserHostOptions {
  backend: Pick<CardBackend, 'invoke' | 'subscribe'>;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 (default) lets the system choose a free port. */
  port?: number;
  /**
   * The token of a host this one replaces on the same port, so its open pages reconnect
   * and carry on (at least 32 random bytes, base64url). Default: a new random token.
   */
  token?: string;
}

export interface BrowserHost {
  /** The one URL to open: origin + token. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

function sameSecret(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

const REFUSED_PAGE =
  '<!doctype html><meta charset="utf-8"><title>403</title>' +
  '<p>請開啟 <code>npm run web</code> 印出的完整網址（含 token）。</p>' +
  '<p>Open the full address printed by <code>npm run web</code> (it includes the token).</p>';

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  if (options.token !== undefined && !/^[A-Za-z0-9_-]{43,}$/.test(options.token)) {
    throw new Error('a browser-host token must be at least 32 random bytes, base64url');
  }
  const token = options.token ?? randomBytes(32).toString('base64url');
  const rendererDir = normalize(options.rendererDir);
  let origin = '';
  let port = 0;
  let csp = '';

  /** Host and Origin must both name us (127.0.0.1 or localhost, our port). */
  function ours(req: IncomingMessage, requireOrigin: boolean): boolean {
    return fromOurPage(port, req.headers.host, req.headers.origin, requireOrigin);
  }

  function send(
    res: ServerResponse,
    status: number,
    body: string | Buffer,
    type = 'text/html; charset=utf-8',
  ): void {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      // The page URL holds the token: never send it on as a Referer.
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    });
    res.end(body);
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!ours(req, false)) return send(res, 403, REFUSED_PAGE);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    const url = new URL(req.url ?? '/', origin);
    let path = decodeURIComponent(url.pathname);
    if (path === '/' || path === '/index.html') {
      // Only the page itself needs the token; its scripts and styles are not secret and
      // the page cannot pass the token on their URLs.
      if (!sameSecret(url.searchParams.get(TOKEN_PARAM), token)) {
        return send(res, 403, REFUSED_PAGE);
      }
      path = '/index.html';
    }
    const file = normalize(join(rendererDir, path));
    if (!file.startsWith(rendererDir + sep) || path.split('/').some((p) => p.startsWith('.'))) {
      return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      // Browsers ask for an icon on their own; without one, say "nothing" instead of an error.
      if (path === '/favicon.ico') return send(res, 204, '');
      return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    }
    send(res, 200, body, MIME[extname(file)] ?? 'application/octet-stream');
  }

  const http = createServer((req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal error', 'text/plain; charset=utf-8');
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  function refuseUpgrade(socket: Duplex): void {
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  }

  http.on('upgrade', (req, socket, head) => {
    // Once 'upgrade' is emitted the HTTP server no longer listens for this socket's errors:
    // without a listener a client that resets the connection would crash the host.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', origin);
    if (
      url.pathname !== BRIDGE_PATH ||
      !ours(req, true) ||
      !sameSecret(url.searchParams.get(TOKEN_PARAM), token)
    ) {
      return refuseUpgrade(socket);
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    // A frame that breaks the protocol (unmasked, unknown opcode, RSV bits, bad UTF-8, a
    // control frame over 125 bytes, more than MAX_MESSAGE_BYTES) makes ws close the socket
    // with the matching code and emit 'error': without this listener, that error would end
    // the host and every PIN operation in flight with it.
    ws.on('error', () => ws.terminate());
    let inFlight = 0;
    ws.on('message', (data, isBinary) => {
      if (inFlight >= MAX_REQUESTS_IN_FLIGHT) {
        ws.close(CLOSE_POLICY, 'too many requests');
        return;
      }
      inFlight++;
      answer(ws, isBinary ? null : data.toString())
        // invoke() never rejects; anything else failing must not become an unhandled
        // rejection, which would end the host as surely as an uncaught error.
        .catch(() => ws.close(CLOSE_INTERNAL, 'internal error'))
        .finally(() => inFlight--);
    });
  });

  async function answer(ws: WebSocket, text: string | null): Promise<void> {
    let message: unknown;
    try {
      message = text === null ? null : JSON.parse(text);
    } catch {
      message = null;
    }
    const fields = (typeof message === 'object' && message) as Record<string, unknown> | null;
    const id = fields?.id;
    if (!fields || typeof id !== 'number' || !Number.isSafeInteger(id)) {
      ws.close(CLOSE_POLICY, 'bad message');
      return;
    }
    // invoke() answers an unknown or non-string channel with an invalid-input result.
    const result = await options.backend.invoke(String(fields.channel), fields.request);
    push(ws, { id, result });
  }

  function push(ws: WebSocket, message: BridgeMessage): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_UNSENT_BYTES) {
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(message));
  }

  const unsubscribe = options.backend.subscribe((event, payload) => {
    for (const ws of wss.clients) push(ws, { event, payload });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, HOST_ADDRESS, () => resolve());
  });
  const address = http.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  port = address.port;
  origin = `http://${HOST_ADDRESS}:${port}`;
  csp = contentSecurityPolicy(ourHosts(port).map((host) => `ws://${host}`));

  return {
    url: `${origin}/?${TOKEN_PARAM}=${token}`,
    origin,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

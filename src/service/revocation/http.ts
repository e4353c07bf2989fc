/**
 * HTTP for the status check: undici, through the proxy the environment names
 * (HTTP_PROXY / HTTPS_PROXY / NO_PROXY, lower case first, as curl reads them), with a
 * deadline on every request and a cap on every body. OCSP and CRLs are signed, so plain
 * HTTP is what certificates name and what is used; a plain-HTTP request goes to the proxy
 * as an ordinary forward request, not a CONNECT tunnel (many proxies allow CONNECT to 443
 * only). Every failure becomes a RevocationFailure with the reason a person is shown.
 */
import { open, unlink } from 'node:fs/promises';
import { EnvHttpProxyAgent, interceptors, request, type Dispatcher } from 'undici';
import { RevocationFailure } from '../../certs/revocation';

export interface HttpOptions {
  env: NodeJS.ProcessEnv;
  /** Epoch milliseconds by which the whole check must be done. */
  deadline: number;
}

/** How the check reaches the network; the demo's in-process responder stands in for it. */
export interface HttpTransport {
  post(
    url: string,
    body: Uint8Array,
    contentType: string,
    maxBytes: number,
    options: HttpOptions,
  ): Promise<Buffer>;
  get(url: string, maxBytes: number, options: HttpOptions): Promise<Buffer>;
  /** Streams the body into `path` (created new, 0600); removes it on any failure. */
  download(url: string, path: string, maxBytes: number, options: HttpOptions): Promise<void>;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

function proxyFor(url: URL, env: NodeJS.ProcessEnv): URL | null {
  const http = env.http_proxy ?? env.HTTP_PROXY;
  const https = env.https_proxy ?? env.HTTPS_PROXY;
  const chosen = url.protocol === 'https:' ? (https ?? http) : http;
  try {
    return chosen ? new URL(chosen) : null;
  } catch {
    throw new RevocationFailure('proxy', 'the proxy setting is not a URL');
  }
}

function dispatcher(env: NodeJS.ProcessEnv, timeoutMs: number): Dispatcher {
  return new EnvHttpProxyAgent({
    // Empty strings, not undefined: undici would otherwise read process.env itself.
    httpProxy: env.http_proxy ?? env.HTTP_PROXY ?? '',
    httpsProxy: env.https_proxy ?? env.HTTPS_PROXY ?? '',
    noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
    proxyTunnel: false,
    connect: { timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  }).compose(interceptors.redirect({ maxRedirections: 3 }));
}

function classify(
  err: unknown,
  url: URL,
  env: NodeJS.ProcessEnv,
  deadline: number,
): RevocationFailure {
  if (err instanceof RevocationFailure) return err;
  const e = err as {
    code?: string;
    name?: string;
    port?: number;
    address?: string;
    cause?: unknown;
  };
  const code = e.code ?? (e.cause as { code?: string } | undefined)?.code ?? '';
  if (
    TIMEOUT_CODES.has(code) ||
    e.name === 'AbortError' ||
    e.name === 'TimeoutError' ||
    Date.now() >= deadline
  ) {
    return new RevocationFailure('timeout', code || String(e.name));
  }
  const proxy = proxyFor(url, env);
  const port = e.port ?? (e.cause as { port?: number } | undefined)?.port;
  if (proxy && port !== undefined && String(port) === (proxy.port || '80')) {
    return new RevocationFailure('proxy', code);
  }
  if (NETWORK_CODES.has(code)) return new RevocationFailure('offline', code);
  return new RevocationFailure('offline', code || String(e.name));
}

function checkUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RevocationFailure('no-location', 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RevocationFailure('no-location', `${url.protocol} is not HTTP`);
  }
  return url;
}

async function send(
  raw: string,
  method: 'GET' | 'POST',
  body: Uint8Array | undefined,
  headers: Record<string, string>,
  maxBytes: number,
  options: HttpOptions,
  sink: (chunk: Buffer) => Promise<void> | void,
): Promise<void> {
  const url = checkUrl(raw);
  const remaining = options.deadline - Date.now();
  if (remaining <= 0) throw new RevocationFailure('timeout', 'no time left');
  const agent = dispatcher(options.env, remaining);
  try {
    const response = await request(url, {
      method,
      body: body ? Buffer.from(body) : undefined,
      headers,
      dispatcher: agent,
      signal: AbortSignal.timeout(remaining),
    });
    if (response.statusCode !== 200) {
      await response.body.dump().catch(() => undefined);
      if (response.statusCode === 407) throw new RevocationFailure('proxy', 'HTTP 407');
      throw new RevocationFailure('responder-error', `HTTP ${response.statusCode}`);
    }
    const declared = Number(response.headers['content-length'] ?? NaN);
    if (declared > maxBytes) {
      await response.body.dump().catch(() => undefined);
      throw new RevocationFailure('too-large', `Content-Length ${declared}`);
    }
    let received = 0;
    for await (const chunk of response.body) {
      received += (chunk as Buffer).length;
      if (received > maxBytes) {
        response.body.destroy();
        throw new RevocationFailure('too-large', `more than ${maxBytes} bytes`);
      }
      await sink(chunk as Buffer);
    }
  } catch (err) {
    throw classify(err, url, options.env, options.deadline);
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}

export const undiciTransport: HttpTransport = {
  async post(url, body, contentType, maxBytes, options) {
    const chunks: Buffer[] = [];
    await send(
      url,
      'POST',
      body,
      { 'content-type': contentType, accept: '*/*' },
      maxBytes,
      options,
      (c) => {
        chunks.push(c);
      },
    );
    return Buffer.concat(chunks);
  },
  async get(url, maxBytes, options) {
    const chunks: Buffer[] = [];
    await send(url, 'GET', undefined, { accept: '*/*' }, maxBytes, options, (c) => {
      chunks.push(c);
    });
    return Buffer.concat(chunks);
  },
  async download(url, path, maxBytes, options) {
    const handle = await open(path, 'wx', 0o600);
    try {
      await send(url, 'GET', undefined, { accept: '*/*' }, maxBytes, options, async (c) => {
        await handle.write(c);
      });
      await handle.close();
    } catch (err) {
      await handle.close().catch(() => undefined);
      await unlink(path).catch(() => undefined);
      throw err;
    }
  },
};

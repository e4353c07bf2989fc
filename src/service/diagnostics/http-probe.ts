/**
 * A read-only look at MOICA's web component (HiPKI Local Server), which listens on
 * localhost port 61161 (public articles on the HiPKI client, see README "Diagnostics").
 * One GET, no body, a short timeout: refused, silent and answering are different findings.
 */
import { request } from 'node:http';

export const WEB_COMPONENT_HOST = '127.0.0.1';
export const WEB_COMPONENT_PORT = 61161;
/** Its self-test page; any HTTP answer (even 404) proves something is serving there. */
export const WEB_COMPONENT_PATH = '/selfTest.htm';
export const WEB_COMPONENT_TIMEOUT_MS = 1500;

export type HttpProbeResult =
  | { outcome: 'answered'; status: number; server: string | null }
  | { outcome: 'refused' }
  | { outcome: 'timeout'; timeoutMs: number }
  | { outcome: 'error'; code: string };

export type HttpGet = (url: string, timeoutMs: number) => Promise<HttpProbeResult>;

export const httpGet: HttpGet = (url, timeoutMs) =>
  new Promise((resolve) => {
    let settled = false;
    const done = (result: HttpProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const req = request(url, { method: 'GET', agent: false }, (res) => {
      const server = res.headers.server;
      const serverName = Array.isArray(server) ? server.join(', ') : server;
      // Only the status line matters; the body is neither read nor kept.
      res.resume();
      done({ outcome: 'answered', status: res.statusCode ?? 0, server: serverName ?? null });
    });
    // One deadline for connecting and answering: a listener that accepts and then says
    // nothing is the "hung" case.
    const timer = setTimeout(() => done({ outcome: 'timeout', timeoutMs }), timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') done({ outcome: 'refused' });
      else done({ outcome: 'error', code: err.code ?? err.message });
    });
    req.end();
  });

export function webComponentUrl(
  host = WEB_COMPONENT_HOST,
  port = WEB_COMPONENT_PORT,
  path = WEB_COMPONENT_PATH,
): string {
  return `http://${host}:${port}${path}`;
}

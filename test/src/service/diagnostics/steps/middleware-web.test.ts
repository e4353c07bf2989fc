/**
 * MOICA's web component on 127.0.0.1:61161, for real: a test HTTP server on that port
 * (answering, or accepting and never answering), and nothing listening. The real probe
 * makes one GET and reads nothing but the status line.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  httpGet,
  runDiagnostics,
  WEB_COMPONENT_HOST,
  WEB_COMPONENT_PORT,
} from '../../../../../src/service/diagnostics';
import { PcscUnavailableError } from '../../../../../src/core/errors';
import { baseDeps, only } from '../helpers';

const noPcsc = async () => {
  throw new PcscUnavailableError();
};

let server: Server | TcpServer | null = null;
const sockets = new Set<Socket>();

afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

function listen(s: Server | TcpServer): Promise<void> {
  server = s;
  s.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    s.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `port ${WEB_COMPONENT_PORT} on ${WEB_COMPONENT_HOST} is taken (HiPKI Local Server running, or another test?): stop that program and run again`,
            )
          : err,
      ),
    );
    s.listen(WEB_COMPONENT_PORT, WEB_COMPONENT_HOST, () => resolve());
  });
}

function diagnose(timeoutMs = 1500) {
  return runDiagnostics(baseDeps({ httpGet, webComponent: { timeoutMs }, openSource: noPcsc }));
}

describe('the MOICA web component on 61161', () => {
  it('answering: ok, with the HTTP status, after one read-only GET of the self-test page', async () => {
    const seen: Array<Pick<IncomingMessage, 'method' | 'url'>> = [];
    await listen(
      createServer((req, res) => {
        seen.push({ method: req.method, url: req.url });
        res.writeHead(200, { Server: 'HiPKI-test' }).end('<html>self test</html>');
      }),
    );
    const report = await diagnose();
    const f = only(report, 'middleware.web-component');
    expect(f).toMatchObject({
      severity: 'ok',
      data: { outcome: 'answered', status: 200, server: 'HiPKI-test' },
    });
    expect(f.cause).toContain('http://127.0.0.1:61161/selfTest.htm answered (HTTP 200)');
    expect(seen).toEqual([{ method: 'GET', url: '/selfTest.htm' }]);
  });

  it('any HTTP answer counts as running (a 404 still proves the component serves)', async () => {
    await listen(createServer((_req, res) => res.writeHead(404).end()));
    expect(only(await diagnose(), 'middleware.web-component').data.status).toBe(404);
  });

  it('accepting but silent: a "not answering" warning after the short timeout', async () => {
    await listen(createTcpServer(() => {}));
    const started = Date.now();
    const report = await diagnose(300);
    expect(Date.now() - started).toBeLessThan(1500);
    const f = only(report, 'middleware.web-component');
    expect(f).toMatchObject({ severity: 'warning', data: { outcome: 'timeout', timeoutMs: 300 } });
    expect(f.cause).toContain('0.3 s');
    expect(f.remedy).toContain('start it again');
  });

  it('nothing listening: a "not running" warning with R-SETUP', async () => {
    const f = only(await diagnose(), 'middleware.web-component');
    expect(f).toMatchObject({
      severity: 'warning',
      rules: ['R-SETUP'],
      data: { outcome: 'refused' },
    });
    expect(f.cause).toContain('Nothing listens on port 61161');
  });
});

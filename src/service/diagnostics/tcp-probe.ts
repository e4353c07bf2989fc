/**
 * Is anything listening on a port of this computer? One TCP connection, closed at once,
 * nothing written: the read-only way to look for a local component whose protocol has no
 * public self-test (the NHI card component speaks TLS to browsers on 127.0.0.1:7777).
 */
import { connect } from 'node:net';

export type TcpProbeResult =
  | { outcome: 'listening' }
  | { outcome: 'refused' }
  | { outcome: 'timeout'; timeoutMs: number }
  | { outcome: 'error'; code: string };

export type TcpConnect = (host: string, port: number, timeoutMs: number) => Promise<TcpProbeResult>;

export const tcpConnect: TcpConnect = (host, port, timeoutMs) =>
  new Promise((resolve) => {
    let settled = false;
    const socket = connect({ host, port });
    const done = (result: TcpProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ outcome: 'timeout', timeoutMs }), timeoutMs);
    socket.on('connect', () => done({ outcome: 'listening' }));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') done({ outcome: 'refused' });
      else done({ outcome: 'error', code: err.code ?? err.message });
    });
  });

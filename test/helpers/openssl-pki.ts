/**
 * Real status responders for the tests, all on 127.0.0.1: Debian's `openssl ocsp` serving an
 * index for the virtual card's test issuing CA, CRLs made by `openssl ca -gencrl`, and a
 * small HTTP server for what openssl cannot be made to do (garbage, a hang, a huge body, a
 * response for another serial). .ci/run installs openssl; without it these tests fail.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCertificateDer, toPem } from '../../src/certs';
import { buildOcspRequest, certificatePair } from '../../src/certs/revocation';
import { DEFAULT_KEYS_DIR, type VirtualCard } from '../../src/virtual-card';

export function openssl(args: string[], cwd?: string): Buffer {
  try {
    return execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { code?: string; stderr?: Buffer };
    if (e.code === 'ENOENT') throw new Error('openssl not found: apt install openssl');
    throw new Error(`openssl ${args[0]} failed: ${e.stderr?.toString() ?? String(err)}`);
  }
}

export type IndexStatus =
  | { kind: 'good' }
  | {
      kind: 'revoked';
      at: Date;
      reason: 'keyCompromise' | 'certificateHold' | 'superseded' | 'unspecified';
    };

/** openssl's index time: YYMMDDHHMMSSZ. */
function indexTime(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
}

export interface TestPki {
  dir: string;
  caPem: string;
  caKey: string;
  /** The CA's certificate DER (the virtual card's test issuing CA). */
  caDer: Buffer;
  /** Rewrites index.txt: one line per serial (upper-case hex). */
  setIndex(entries: Record<string, IndexStatus>): void;
  /** The index says of a virtual card's holder certificates what its scenario says (issuerStatus). */
  indexCard(card: VirtualCard, at?: Date): void;
  /** A DER CRL of the current index, valid for `hours` (negative: already stale). */
  makeCrl(options?: { hours?: number; key?: string; cert?: string }): Buffer;
  /** A responder certificate: signed by the CA (with or without id-kp-OCSPSigning) or self-signed. */
  makeResponder(kind: 'delegated' | 'delegated-no-eku' | 'self-signed'): {
    cert: string;
    key: string;
  };
  /** Another key under the CA's very name (as MOICA's generations share one name). */
  makeImpostor(): { cert: string; key: string };
  cleanup(): void;
}

export function createTestPki(issuingCaDer: Buffer): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-pki-'));
  const caPem = join(dir, 'ca.pem');
  const caKey = join(DEFAULT_KEYS_DIR, 'test-issuing-ca.key.pem');
  writeFileSync(caPem, toPem(issuingCaDer));
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'crlnumber'), '1000\n');
  const config = (key: string, cert: string) =>
    [
      '[ ca ]',
      'default_ca = test',
      '[ test ]',
      `database = ${join(dir, 'index.txt')}`,
      `crlnumber = ${join(dir, 'crlnumber')}`,
      `certificate = ${cert}`,
      `private_key = ${key}`,
      'default_md = sha256',
      'crl_extensions = crl_ext',
      '[ crl_ext ]',
      'authorityKeyIdentifier = keyid:always',
      '',
    ].join('\n');
  let responders = 0;
  // openssl ocsp reloads its index when the file's mtime (in whole seconds) changes: give
  // every version its own second, so rewrites within one second are still seen.
  let version = Math.floor(Date.now() / 1000);
  return {
    dir,
    caPem,
    caKey,
    caDer: issuingCaDer,
    setIndex(entries) {
      const far = indexTime(new Date(Date.now() + 5 * 365 * 86_400_000));
      const lines = Object.entries(entries).map(([serial, status]) => {
        const rev = status.kind === 'revoked' ? `${indexTime(status.at)},${status.reason}` : '';
        return [
          status.kind === 'good' ? 'V' : 'R',
          far,
          rev,
          serial.toUpperCase(),
          'unknown',
          '/CN=test',
        ].join('\t');
      });
      const index = join(dir, 'index.txt');
      writeFileSync(index, lines.join('\n') + (lines.length ? '\n' : ''));
      version += 1;
      utimesSync(index, version, version);
      writeFileSync(join(dir, 'index.txt.attr'), 'unique_subject = no\n');
    },
    indexCard(card, at = new Date('2026-01-15T01:00:00Z')) {
      const status: IndexStatus =
        card.issuerStatus === 'good'
          ? { kind: 'good' }
          : {
              kind: 'revoked',
              at,
              reason: card.issuerStatus === 'suspended' ? 'certificateHold' : 'keyCompromise',
            };
      const serials = [card.certificates.signing, card.certificates.keyExchange].map(
        (der) => parseCertificateDer(der).serialNumber,
      );
      this.setIndex(Object.fromEntries(serials.map((s) => [s, status])));
    },
    makeCrl(options = {}) {
      const cnf = join(dir, 'ca.cnf');
      writeFileSync(cnf, config(options.key ?? caKey, options.cert ?? caPem));
      const pem = join(dir, 'crl.pem');
      const hours = options.hours ?? 24;
      const args = ['ca', '-gencrl', '-config', cnf, '-out', pem, '-batch'];
      if (hours > 0) args.push('-crlhours', String(hours));
      else args.push('-crlsec', '1');
      openssl(args);
      // Through a file: a CRL of tens of megabytes is more than execFileSync's output buffer.
      const der = join(dir, 'crl.der');
      openssl(['crl', '-in', pem, '-outform', 'DER', '-out', der]);
      return readFileSync(der);
    },
    makeResponder(kind) {
      const n = ++responders;
      const key = join(dir, `responder-${n}.key`);
      const cert = join(dir, `responder-${n}.pem`);
      openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key]);
      if (kind === 'self-signed') {
        openssl([
          'req',
          '-x509',
          '-new',
          '-key',
          key,
          '-subj',
          '/CN=Not the CA',
          '-days',
          '2',
          '-out',
          cert,
          '-addext',
          'extendedKeyUsage=OCSPSigning',
        ]);
        return { cert, key };
      }
      const csr = join(dir, `responder-${n}.csr`);
      const ext = join(dir, `responder-${n}.ext`);
      openssl(['req', '-new', '-key', key, '-subj', '/CN=CCM TEST OCSP responder', '-out', csr]);
      writeFileSync(
        ext,
        kind === 'delegated' ? 'extendedKeyUsage=OCSPSigning\n' : 'keyUsage=digitalSignature\n',
      );
      openssl([
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        caPem,
        '-CAkey',
        caKey,
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        ext,
        '-out',
        cert,
      ]);
      return { cert, key };
    },
    makeImpostor() {
      const n = ++responders;
      const key = join(dir, `impostor-${n}.key`);
      const cert = join(dir, `impostor-${n}.pem`);
      openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key]);
      const subject = openssl(['x509', '-in', caPem, '-noout', '-subject', '-nameopt', 'compat'])
        .toString()
        .replace(/^subject=/, '')
        .trim();
      openssl([
        'req',
        '-x509',
        '-new',
        '-utf8',
        '-key',
        key,
        '-subj',
        subject,
        '-days',
        '2',
        '-out',
        cert,
      ]);
      return { cert, key };
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunningResponder {
  port: number;
  url: string;
  /**
   * openssl ocsp looks at its index between requests, so the first request after a change
   * still gets the old one: one throwaway request makes it reload.
   */
  refresh(): Promise<void>;
  stop(): Promise<void>;
}

/** `openssl ocsp` as a responder on a free port, answering from the PKI's index. */
export async function startOcspResponder(
  pki: TestPki,
  options: { signer?: { cert: string; key: string }; minutes?: number } = {},
): Promise<RunningResponder> {
  const signer = options.signer ?? { cert: pki.caPem, key: pki.caKey };
  const args = [
    'ocsp',
    '-index',
    join(pki.dir, 'index.txt'),
    '-CA',
    pki.caPem,
    '-rsigner',
    signer.cert,
    '-rkey',
    signer.key,
    '-port',
    '0',
    '-nmin',
    String(options.minutes ?? 60),
  ];
  const child: ChildProcess = spawn('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () => reject(new Error(`openssl ocsp did not start: ${text}`)),
      10_000,
    );
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const m = /ACCEPT\s+\S*:(\d+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`openssl ocsp exited (${code}): ${text}`));
    });
  });
  const url = `http://127.0.0.1:${port}/`;
  // A well-formed request (about the CA itself): openssl would wait on a malformed one.
  const ca = parseCertificateDer(pki.caDer);
  const poke = Buffer.from(buildOcspRequest(certificatePair(ca, ca)));
  return {
    port,
    url,
    refresh: () =>
      postTo(url, poke).then(
        () => undefined,
        () => undefined,
      ),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** One route of the test HTTP server. */
export type Route = (
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
) => void | Promise<void>;

export interface TestServer {
  port: number;
  url(path: string): string;
  hits: Map<string, number>;
  stop(): Promise<void>;
}

export async function startHttpServer(routes: Record<string, Route>): Promise<TestServer> {
  const hits = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const route = routes[path];
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      Promise.resolve(route(req, Buffer.concat(chunks), res)).catch(() => res.destroy());
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    hits,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** POSTs `body` to a responder and returns its answer (to relay or to tamper with). */
export function postTo(url: string, body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', headers: { 'content-type': 'application/ocsp-request' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface TestProxy {
  port: number;
  url: string;
  /** Requests forwarded (absolute-URI requests and CONNECT tunnels). */
  requests: string[];
  stop(): Promise<void>;
}

/**
 * A forward proxy on 127.0.0.1 that resolves every host name to 127.0.0.1: a certificate
 * naming `http://ocsp.test.invalid:PORT/` (which no DNS resolves) reaches its responder only
 * through this proxy, so "proxy required" is real.
 */
export async function startProxy(): Promise<TestProxy> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: target.port || 80,
        path: target.pathname + target.search,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket) => {
    requests.push(`CONNECT ${req.url}`);
    const [, port] = (req.url ?? '').split(':');
    const up = netConnect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.pipe(client);
      client.pipe(up);
    });
    up.on('error', () => client.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

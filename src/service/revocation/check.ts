/**
 * Certificate status from the issuer (docs/revocation.md): find the issuing CA's
 * certificate, use a cached answer that is still current, else ask the OCSP responder the
 * certificate names and, when OCSP gives no answer that counts, its CRL. Never throws: what
 * went wrong becomes `{ status: 'unknown', problem }`, and the date-based advice stands.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { revocationNotChecked } from '../../advisor';
import { isoInstant, type ParsedCertificate } from '../../certs';
import {
  buildOcspRequest,
  certificatePair,
  readOcspResponse,
  RevocationFailure,
  scanCrlFile,
  type CertificatePair,
  type IssuerAnswer,
} from '../../certs/revocation';
import type { RevocationInfo, RevocationProblem } from '../../core/model';
import { userDirs } from '../../platform';
import { cacheFile, readCached, writeCached } from './cache';
import { undiciTransport, type HttpOptions, type HttpTransport } from './http';
import { findIssuer } from './issuer';

/** cli.md: `--timeout` bounds the whole check; 10 s unless told. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Above MOICA's full CRL as measured, with room to grow; a larger download is stopped. */
export const DEFAULT_MAX_CRL_BYTES = 100 * 1024 * 1024;
const MAX_OCSP_BYTES = 256 * 1024;

export interface RevocationCheckOptions {
  now?: () => Date;
  /** The whole check, every certificate and every address together. */
  timeoutMs?: number;
  /** Where HTTP_PROXY / HTTPS_PROXY / NO_PROXY are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Answers kept until nextUpdate; null keeps nothing. Default: the user cache folder. */
  cacheDir?: string | null;
  /** Where a CRL is streamed while it is read (default: the cache folder, else the temp dir). */
  workDir?: string;
  maxCrlBytes?: number;
  transport?: HttpTransport;
}

/** Security-relevant reasons first: a forged answer matters more than a slow second address. */
const PRIORITY: RevocationProblem[] = [
  'bad-signature',
  'wrong-certificate',
  'future-dated',
  'stale',
  'unknown-to-responder',
  'malformed',
  'unsupported',
  'responder-error',
  'too-large',
  'proxy',
  'timeout',
  'offline',
  'no-location',
];

interface Attempt {
  url: string;
  failure: RevocationFailure;
}

function worst(attempts: Attempt[]): Attempt | null {
  const rank = (a: Attempt) => {
    const i = PRIORITY.indexOf(a.failure.problem);
    return i === -1 ? PRIORITY.length : i;
  };
  return attempts.reduce<Attempt | null>(
    (best, a) => (!best || rank(a) < rank(best) ? a : best),
    null,
  );
}

function unknown(now: Date, problem: RevocationProblem, url: string | null): RevocationInfo {
  return { ...revocationNotChecked(problem), status: 'unknown', checkedAt: isoInstant(now), url };
}

function answered(
  now: Date,
  source: 'ocsp' | 'crl',
  url: string,
  answer: IssuerAnswer,
): RevocationInfo {
  return {
    status: answer.status === 'unknown-to-responder' ? 'unknown' : answer.status,
    source,
    checkedAt: isoInstant(now),
    thisUpdate: isoInstant(answer.thisUpdate),
    nextUpdate: answer.nextUpdate ? isoInstant(answer.nextUpdate) : null,
    revokedAt: answer.revokedAt ? isoInstant(answer.revokedAt) : null,
    reason: answer.reason,
    url,
    problem: null,
  };
}

function httpUrls(urls: string[]): string[] {
  return urls.filter((u) => /^https?:\/\//i.test(u));
}

function failureOf(err: unknown): RevocationFailure {
  if (err instanceof RevocationFailure) return err;
  // A library's own exception on a hostile answer: the answer is unusable, nothing more.
  return new RevocationFailure('malformed', err instanceof Error ? err.message : String(err));
}

interface Context {
  now: Date;
  http: HttpOptions;
  transport: HttpTransport;
  workDir: string;
  maxCrlBytes: number;
}

async function askOcsp(url: string, pair: CertificatePair, ctx: Context): Promise<IssuerAnswer> {
  const der = await ctx.transport.post(
    url,
    buildOcspRequest(pair),
    'application/ocsp-request',
    MAX_OCSP_BYTES,
    ctx.http,
  );
  return readOcspResponse(der, pair, ctx.now);
}

async function askCrl(url: string, pair: CertificatePair, ctx: Context): Promise<IssuerAnswer> {
  await mkdir(ctx.workDir, { recursive: true, mode: 0o700 });
  const file = join(ctx.workDir, `.crl-${randomBytes(8).toString('hex')}.tmp`);
  try {
    await ctx.transport.download(url, file, ctx.maxCrlBytes, ctx.http);
    return (await scanCrlFile(file, pair, ctx.now)).answer;
  } finally {
    await unlink(file).catch(() => undefined);
  }
}

async function ask(
  cert: ParsedCertificate,
  pair: CertificatePair,
  ctx: Context,
): Promise<RevocationInfo> {
  const attempts: Attempt[] = [];
  for (const url of httpUrls(cert.ocspUrls)) {
    try {
      const answer = await askOcsp(url, pair, ctx);
      if (answer.status !== 'unknown-to-responder') return answered(ctx.now, 'ocsp', url, answer);
      attempts.push({ url, failure: new RevocationFailure('unknown-to-responder') });
    } catch (err) {
      attempts.push({ url, failure: failureOf(err) });
    }
  }
  for (const url of httpUrls(cert.crlUrls)) {
    try {
      return answered(ctx.now, 'crl', url, await askCrl(url, pair, ctx));
    } catch (err) {
      attempts.push({ url, failure: failureOf(err) });
    }
  }
  const reported = worst(attempts);
  return unknown(ctx.now, reported?.failure.problem ?? 'no-location', reported?.url ?? null);
}

function defaultCacheDir(): string {
  return join(userDirs().cache, 'revocation');
}

/** The status of one certificate; `candidates` are the certificates at hand (the card's). */
export async function checkRevocation(
  cert: ParsedCertificate,
  candidates: ParsedCertificate[],
  options: RevocationCheckOptions = {},
): Promise<RevocationInfo> {
  const now = (options.now ?? (() => new Date()))();
  return checkWithDeadline(
    cert,
    candidates,
    options,
    now,
    Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  );
}

async function checkWithDeadline(
  cert: ParsedCertificate,
  candidates: ParsedCertificate[],
  options: RevocationCheckOptions,
  now: Date,
  deadline: number,
): Promise<RevocationInfo> {
  if (cert.isCA || cert.selfSigned) return revocationNotChecked('not-applicable');
  if (httpUrls(cert.ocspUrls).length === 0 && httpUrls(cert.crlUrls).length === 0) {
    return unknown(now, 'no-location', null);
  }
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
  const ctx: Context = {
    now,
    http: { env: options.env ?? process.env, deadline },
    transport: options.transport ?? undiciTransport,
    workDir: options.workDir ?? cacheDir ?? join(tmpdir(), 'citizen-card-crl'),
    maxCrlBytes: options.maxCrlBytes ?? DEFAULT_MAX_CRL_BYTES,
  };
  let issuer: ParsedCertificate;
  try {
    issuer = await findIssuer(cert, candidates, ctx.transport, ctx.http);
  } catch (err) {
    return unknown(now, failureOf(err).problem, null);
  }
  const file = cacheDir ? cacheFile(cacheDir, issuer.spkiSha256, cert.serialNumber) : null;
  if (file) {
    const cached = await readCached(file, now);
    if (cached) return cached;
  }
  let pair: CertificatePair;
  try {
    pair = certificatePair(cert, issuer);
  } catch (err) {
    return unknown(now, failureOf(err).problem, null);
  }
  const info = await ask(cert, pair, ctx);
  if (file) await writeCached(file, info).catch(() => undefined);
  return info;
}

/**
 * Every certificate of a card at once, under one deadline (the CLI's `--timeout`, the app's
 * check), keyed by certificate ID. CA certificates get `not-checked` / `not-applicable`.
 */
export async function checkCertificates(
  certs: ParsedCertificate[],
  options: RevocationCheckOptions = {},
): Promise<Map<string, RevocationInfo>> {
  const now = (options.now ?? (() => new Date()))();
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const results = await Promise.all(
    certs.map(
      async (c) =>
        [c.summary.id, await checkWithDeadline(c, certs, options, now, deadline)] as const,
    ),
  );
  return new Map(results);
}

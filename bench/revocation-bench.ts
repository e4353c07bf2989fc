/**
 * `npm run bench:revocation` (docs/revocation.md "Measured"): the time of one OCSP check
 * against `openssl ocsp` on loopback, and the CRL reader's time and memory on a CRL of about
 * 50 MB made by `openssl ca -gencrl` (the certificate asked about is the last entry, so the
 * whole list is walked). Options: --runs N (OCSP checks, default 50), --entries N (CRL
 * entries, default 1 050 000, about 51 MB), --keep (leave the files in place).
 */
import { execFileSync } from 'node:child_process';
import {
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCertificateDer } from '../src/certs';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificatePair, scanCrlFile } from '../src/certs/revocation';
import { checkRevocation } from '../src/service/revocation';
import { createVirtualCard } from '../src/virtual-card';
import { createTestPki, openssl, startOcspResponder } from '../test/helpers/openssl-pki';
import { median, percentile } from './stats';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const runs = option('runs', 50);
const entries = option('entries', 1_050_000);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function ocspTimes(): Promise<void> {
  const card = await createVirtualCard();
  const pki = createTestPki(card.certificates.issuingCa);
  const responder = await startOcspResponder(pki);
  try {
    const probe = await createVirtualCard({ revocationUrls: { ocsp: responder.url } });
    const sign = parseCertificateDer(probe.certificates.signing, { id: 'SIGN' });
    const ca = parseCertificateDer(probe.certificates.issuingCa, { id: 'CA' });
    pki.setIndex({ [sign.serialNumber]: { kind: 'good' } });
    await responder.refresh();
    const samples: number[] = [];
    for (let i = 0; i < runs + 3; i++) {
      const started = process.hrtime.bigint();
      const info = await checkRevocation(sign, [sign, ca], { cacheDir: null, env: {} });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (info.status !== 'good') throw new Error(`unexpected answer ${JSON.stringify(info)}`);
      if (i >= 3) samples.push(ms); // the first few warm up the JIT and the key objects
    }
    console.log(
      `OCSP check on loopback (openssl ocsp, ${runs} runs, no cache): median ${median(samples).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms, max ${Math.max(...samples).toFixed(1)} ms`,
    );
  } finally {
    await responder.stop();
    pki.cleanup();
  }
}

/** openssl's index, written as a stream: a million lines are too many for one string. */
async function writeIndex(path: string, target: string): Promise<void> {
  const out = createWriteStream(path);
  const line = (serial: string) =>
    `R\t310101000000Z\t260101000000Z,keyCompromise\t${serial}\tunknown\t/CN=x\n`;
  for (let i = 0; i < entries - 1; i++) {
    // 16-byte serials, as the virtual card's and MOICA's are: entries of MOICA's size.
    const serial = (0x40000000000000000000000000000000n + BigInt(i) * 7919n)
      .toString(16)
      .toUpperCase();
    if (!out.write(line(serial))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.write(line(target));
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

/**
 * One measurement in a fresh process, so its peak RSS is the reader's own: `--child scan
 * FILE` (this project's reader) or `--child pkijs FILE` (the whole list decoded by pkijs,
 * for comparison). Prints one JSON line.
 */
async function child(kind: string, file: string): Promise<void> {
  const card = await createVirtualCard();
  const sign = parseCertificateDer(card.certificates.signing, { id: 'SIGN' });
  const ca = parseCertificateDer(card.certificates.issuingCa, { id: 'CA' });
  const pair = certificatePair(sign, ca);
  const baseline = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  let entries = 0;
  if (kind === 'scan') {
    entries = (await scanCrlFile(file, pair, new Date())).entries;
  } else {
    try {
      const crl = pkijs.CertificateRevocationList.fromBER(readFileSync(file));
      entries = crl.revokedCertificates?.length ?? 0;
    } catch (err) {
      // asn1js 4 stops at its node-count limit; the reason is itself the finding.
      const why = (asn1js.fromBER(readFileSync(file)).result as { error?: string }).error;
      console.log(JSON.stringify({ refused: why ?? (err as Error).message }));
      return;
    }
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ entries, ms, baseline, peak }));
}

interface ChildResult {
  entries: number;
  ms: number;
  baseline: number;
  peak: number;
  refused?: string;
}

function measureInChild(kind: string, file: string): ChildResult {
  const out = execFileSync(
    process.execPath,
    ['--max-old-space-size=12288', '--import', 'tsx', process.argv[1]!, '--child', kind, file],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split('\n').pop()!);
}

async function crlMemory(): Promise<void> {
  const card = await createVirtualCard();
  const sign = parseCertificateDer(card.certificates.signing, { id: 'SIGN' });
  const ca = parseCertificateDer(card.certificates.issuingCa, { id: 'CA' });
  const pki = createTestPki(card.certificates.issuingCa);
  const dir = mkdtempSync(join(tmpdir(), 'ccm-crl-bench-'));
  try {
    pki.setIndex({});
    await writeIndex(join(pki.dir, 'index.txt'), sign.serialNumber);
    const started = Date.now();
    const file = join(dir, 'big.crl');
    // In its own scope: the 50 MB Buffer must be garbage before memory is measured.
    (() => writeFileSync(file, pki.makeCrl()))();
    const size = statSync(file).size;
    console.log(
      `CRL made by openssl: ${entries} entries, ${mb(size)} MB (${Date.now() - started} ms to make)`,
    );

    global.gc?.();
    const before = process.memoryUsage();
    const maxBefore = process.resourceUsage().maxRSS * 1024;
    const t0 = process.hrtime.bigint();
    let peakHeap = before.heapUsed;
    let peakBuffers = before.arrayBuffers;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
    }, 5);
    const scan = await scanCrlFile(file, certificatePair(sign, ca), new Date());
    clearInterval(sampler);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const after = process.memoryUsage();
    const maxAfter = process.resourceUsage().maxRSS * 1024;
    if (scan.answer.status !== 'revoked' || scan.entries !== entries) {
      throw new Error(`unexpected scan ${JSON.stringify(scan)}`);
    }
    console.log(
      `CRL reader on it: ${scan.entries} entries walked, the last one found revoked, signature verified, in ${ms.toFixed(0)} ms`,
    );
    console.log(
      `  memory: peak JS heap +${mb(peakHeap - before.heapUsed)} MB, peak Buffers +${mb(peakBuffers - before.arrayBuffers)} MB, RSS ${mb(before.rss)} → ${mb(after.rss)} MB, process peak RSS ${mb(maxBefore)} → ${mb(maxAfter)} MB`,
    );
    for (const kind of ['scan', 'pkijs']) {
      const m = measureInChild(kind, file);
      if (m.refused) {
        console.log(`  pkijs decoding the whole list: refused by asn1js ("${m.refused}")`);
        continue;
      }
      console.log(
        `  in a fresh process, ${kind === 'scan' ? 'this reader' : 'pkijs decoding the whole list'}: ${m.ms.toFixed(0)} ms, peak RSS ${mb(m.peak)} MB (${mb(m.peak - m.baseline)} MB above the process's ${mb(m.baseline)} MB at start)`,
      );
    }
  } finally {
    if (!process.argv.includes('--keep')) {
      rmSync(dir, { recursive: true, force: true });
      pki.cleanup();
    }
  }
}

const childMode = process.argv.indexOf('--child');
if (childMode !== -1) {
  await child(process.argv[childMode + 1]!, process.argv[childMode + 2]!);
} else {
  openssl(['version']);
  await ocspTimes();
  await crlMemory();
}

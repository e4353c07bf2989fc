/**
 * `--online` and `--timeout` (docs/cli.md): status, certs and advise --cert ask the virtual
 * card's test CA through a real `openssl ocsp` on 127.0.0.1; without --online nothing is
 * asked and every certificate says not-checked.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPem } from '../../../src/certs';
import type { HttpTransport } from '../../../src/service/revocation';
import { DEMO_READER } from '../../../src/sources/virtual-source';
import { createVirtualCard, type ScenarioName } from '../../../src/virtual-card';
import {
  createTestPki,
  startOcspResponder,
  type RunningResponder,
  type TestPki,
} from '../../helpers/openssl-pki';
import { NOW, run } from './run-cli';

let pki: TestPki;
let responder: RunningResponder;
let home: string;

const urls = () => ({ ocsp: responder.url, crl: 'http://127.0.0.1:9/crl' });

/** Verification uses the real clock: the responder signs with it. */
const revocation = () => ({ now: () => new Date(), cacheDir: null, env: {} });

async function onlineRun(scenario: ScenarioName, argv: string[], lang = 'en_US.UTF-8') {
  // The same options make the same certificates: the CLI's card and the index agree.
  const options = { scenario, now: () => NOW, revocationUrls: urls() };
  pki.indexCard(await createVirtualCard(options));
  await responder.refresh();
  return run(argv, {
    lang,
    slots: [{ reader: DEMO_READER, card: options }],
    revocation: revocation(),
    env: { CITIZEN_CARD_HOME: home },
  });
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'ccm-cli-online-'));
  const card = await createVirtualCard({ now: () => NOW });
  pki = createTestPki(card.certificates.issuingCa);
  responder = await startOcspResponder(pki);
});

afterAll(async () => {
  await responder?.stop();
  pki?.cleanup();
  rmSync(home, { recursive: true, force: true });
});

describe('status --online', () => {
  it('suspended: each holder certificate says so, the advice says resume', async () => {
    const r = await onlineRun('suspended', [
      'status',
      '--virtual',
      'suspended',
      '--online',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const [sign, keyx, ca] = doc.certificates;
    expect(sign.revocation).toMatchObject({
      status: 'suspended',
      reason: 'certificateHold',
      source: 'ocsp',
      url: responder.url,
    });
    expect(keyx.revocation.status).toBe('suspended');
    expect(ca.revocation).toMatchObject({ status: 'not-checked', problem: 'not-applicable' });
    expect(doc.advice).toMatchObject({ status: 'suspended', dateStatus: 'valid' });
    expect(doc.advice.actions.map((a: { id: string }) => a.id)).toEqual([
      'resume',
      'wait-for-extension',
    ]);
    expect(doc.advice.revocation).toEqual(sign.revocation);
  });

  it('revoked, as text in zh-TW: 廢止 with its reason, and the counter', async () => {
    const r = await onlineRun(
      'revoked',
      ['status', '--virtual', 'revoked', '--online'],
      'zh_TW.UTF-8',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('發證單位狀態 廢止');
    expect(r.stdout).toContain('金鑰遭破解');
    expect(r.stdout).toContain('狀態：廢止');
    expect(r.stdout).toContain('重新申請');
  });

  it('an unreachable responder is not an error: unknown with the reason, exit 0', async () => {
    const started = Date.now();
    const r = await run(['status', '--virtual', 'fresh', '--online', '--timeout', '2', '--json'], {
      revocation: revocation(),
    });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.certificates[0].revocation).toMatchObject({ status: 'unknown', problem: 'offline' });
    expect(doc.advice).toMatchObject({ status: 'valid', revocation: { status: 'unknown' } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('without --online nothing is asked: not-checked everywhere', async () => {
    const asked: string[] = [];
    const spy: HttpTransport = {
      post: async (url) => void asked.push(url) as never,
      get: async (url) => void asked.push(url) as never,
      download: async (url) => void asked.push(url),
    };
    const r = await run(['status', '--virtual', 'revoked', '--json'], {
      revocation: { transport: spy },
    });
    const doc = JSON.parse(r.stdout);
    expect(asked).toEqual([]);
    for (const c of doc.certificates)
      expect(c.revocation).toMatchObject({ status: 'not-checked', problem: 'not-requested' });
    expect(doc.advice).toMatchObject({ status: 'valid', revocation: { status: 'not-checked' } });
  });

  it('--timeout must be a positive number of seconds, and only with --online (exit 2)', async () => {
    for (const argv of [
      ['status', '--virtual', 'fresh', '--online', '--timeout', 'soon'],
      ['status', '--virtual', 'fresh', '--online', '--timeout', '0'],
      ['status', '--virtual', 'fresh', '--timeout', '5'],
    ]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--timeout/);
    }
  });
});

describe('certs --online and advise --cert --online', () => {
  it('certs lists each certificate with its status', async () => {
    const r = await onlineRun('fresh', ['certs', '--virtual', 'fresh', '--online']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/Issuer status Good \(OCSP/g)).toHaveLength(2);
    expect(r.stdout).toContain('Issuer status Not checked');
  });

  it('advise --cert with the chain in the file asks the issuer; --online needs --cert', async () => {
    const card = await createVirtualCard({
      scenario: 'suspended',
      now: () => NOW,
      revocationUrls: urls(),
    });
    pki.indexCard(card);
    await responder.refresh();
    const file = join(home, 'chain.pem');
    writeFileSync(file, toPem(card.certificates.signing) + toPem(card.certificates.issuingCa));
    const r = await run(['advise', '--cert', file, '--online', '--today', '2026-03-10', '--json'], {
      revocation: revocation(),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: 'suspended',
      revocation: { status: 'suspended' },
    });
    const needsCert = await run([
      'advise',
      '--not-before',
      '2022-01-01',
      '--not-after',
      '2027-01-01',
      '--online',
    ]);
    expect(needsCert.code).toBe(2);
    expect(needsCert.stderr).toContain('--cert');
  });
});

describe('diagnose --online', () => {
  it('a finding per holder certificate: suspended is an error with resume; not asked says how to ask', async () => {
    const r = await onlineRun('suspended', [
      'diagnose',
      '--virtual',
      'suspended',
      '--online',
      '--json',
    ]);
    const report = JSON.parse(r.stdout);
    const statuses = report.findings.filter((f: { id: string }) => f.id === 'certificate.status');
    expect(statuses.map((f: { data: { certificateId: string } }) => f.data.certificateId)).toEqual([
      'SIGN',
      'KEYX',
    ]);
    expect(statuses[0]).toMatchObject({
      severity: 'error',
      rules: ['R-STATUS-SUSPENDED', 'R-LOST', 'R-PROXY'],
    });
    expect(statuses[0].title).toContain('Suspended');
    expect(statuses[0].remedy).toContain('resume');
    const advice = report.findings.find((f: { id: string }) => f.id === 'advice');
    expect(advice.data.advice.status).toBe('suspended');
    expect(r.code).toBe(1);

    const offline = await run(['diagnose', '--virtual', 'fresh', '--json']);
    const notAsked = JSON.parse(offline.stdout).findings.filter(
      (f: { id: string }) => f.id === 'certificate.status',
    );
    expect(notAsked[0]).toMatchObject({ severity: 'info', rules: ['R-STATUS-UNKNOWN'] });
    expect(notAsked[0].cause).toContain('nobody asked the issuer');
    expect(notAsked[0].remedy).toContain('diagnose --online');
  });
});

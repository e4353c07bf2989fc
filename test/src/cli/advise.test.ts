import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import forge from 'node-forge';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import type { CliServices } from '../../../src/cli/context';
import { specExample } from '../advisor/spec';

function fakeIo(env: NodeJS.ProcessEnv = { LANG: 'en_US.UTF-8' }) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk, _enc, done) {
        into.push(String(chunk));
        done();
      },
    });
  return {
    io: { stdout: sink(out), stderr: sink(err), stdin: Readable.from([]), env },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

async function run(args: string[], env?: NodeJS.ProcessEnv, services?: CliServices) {
  const f = fakeIo(env);
  const code = await runCli(args, f.io, services);
  return { code, stdout: f.stdout(), stderr: f.stderr() };
}

/** The certificate of the spec's example: Taipei 2022-03-01 → 2027-03-01 23:59:59. */
const DATES = ['--not-before', '2022-03-01T01:00:00Z', '--not-after', '2027-03-01T15:59:59Z'];

const dir = mkdtempSync(join(tmpdir(), 'advise-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real certificate with chosen dates, signed with the project's own test key. */
function writeCertificate(notBefore: string, notAfter: string) {
  const keyPem = readFileSync(
    new URL('../../../resources/virtual-card/keys/holder-signing.key.pem', import.meta.url),
    'utf8',
  );
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '0a1b';
  cert.validity.notBefore = new Date(notBefore);
  cert.validity.notAfter = new Date(notAfter);
  const name = [
    { shortName: 'C', value: 'TW' },
    { shortName: 'CN', value: 'Advise Test' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(key, forge.md.sha256.create());
  const pem = join(dir, 'cert.pem');
  const der = join(dir, 'cert.cer');
  writeFileSync(pem, forge.pki.certificateToPem(cert));
  const derBytes = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  writeFileSync(der, Buffer.from(derBytes, 'binary'));
  return { pem, der };
}

describe('citizen-card advise --json', () => {
  it("prints exactly the spec's example object and nothing else", async () => {
    const r = await run(['advise', ...DATES, '--today', '2027-01-10', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toStrictEqual(specExample());
    expect(r.stdout.trimEnd()).toBe(JSON.stringify(specExample(), null, 2));
  });

  it('reports a stated kind as stated', async () => {
    const r = await run(['advise', ...DATES, '--today', '2026-12-31', '--extended', '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({
      extended: true,
      extendedSource: 'stated',
      status: 'renewal-window',
      windows: { extension: null },
    });
    const original = await run([
      'advise',
      ...DATES,
      '--today',
      '2026-12-31',
      '--original',
      '--json',
    ]);
    expect(JSON.parse(original.stdout)).toMatchObject({
      extended: false,
      extendedSource: 'stated',
    });
  });

  it("takes today from the clock on Taipei's calendar when --today is absent", async () => {
    const now = () => new Date('2027-01-09T16:00:00Z');
    const r = await run(['advise', ...DATES, '--json'], undefined, { now });
    expect(JSON.parse(r.stdout)).toStrictEqual(specExample());
  });
});

describe('citizen-card advise --cert', () => {
  const files = writeCertificate('2022-03-01T01:00:00Z', '2027-03-01T15:59:59Z');

  it.each([
    ['PEM', files.pem],
    ['DER', files.der],
  ])('reads the dates of a %s certificate', async (_kind, file) => {
    const r = await run(['advise', '--cert', file, '--today', '2027-01-10', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toStrictEqual(specExample());
  });

  it('shows the exact expiry time when it is not 23:59:59 in Taipei', async () => {
    const other = writeCertificate('2021-03-01T00:00:00Z', '2026-02-28T16:00:00Z');
    const r = await run(['advise', '--cert', other.pem, '--today', '2026-03-01', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 March 2026 (ROC 115/03/01), today is the last valid day');
    expect(r.stdout).toContain('(at 00:00:00 Taipei time)');
  });
});

describe('citizen-card advise, text', () => {
  it('explains status, days left, both windows and actions in zh-TW with both calendars', async () => {
    const r = await run(['advise', ...DATES, '--today', '2027-01-10'], { LANG: 'zh_TW.UTF-8' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const part of [
      '今天：民國116年1月10日 (2027-01-10)',
      '狀態：可展期',
      '憑證到期日：民國116年3月1日 (2027-03-01)，還有 50 天',
      '最終到期日（8 年上限）：民國119年3月1日 (2030-03-01)',
      '展期期間：民國115年12月31日 (2026-12-31) 至 民國119年3月1日 (2030-03-01)（目前可以辦理）',
      '線上續卡期間：民國118年12月31日 (2029-12-31) 至 民國119年3月1日 (2030-03-01)（不適用',
      '1. 辦理展期（免費）',
      '依據：R-EXT、R-PROXY',
      '資料查證日期：民國115年11月27日 (2026-11-27)',
      '--extended',
    ]) {
      expect(r.stdout).toContain(part);
    }
  });

  it('speaks English with --lang en, whatever the locale', async () => {
    const r = await run(['advise', ...DATES, '--today', '2027-03-02', '--lang', 'en'], {
      LANG: 'zh_TW.UTF-8',
    });
    expect(r.code).toBe(0);
    for (const part of [
      'Today: 2 March 2027 (ROC 116/03/02)',
      'Status: Expired, still extendable',
      'Certificate expires: 1 March 2027 (ROC 116/03/01), expired 1 day ago',
      'Extension period: 31 December 2026 (ROC 115/12/31) to 1 March 2030 (ROC 119/03/01) (open now)',
      'Rules: R-EXT, R-PROXY',
      'As of 27 November 2026 (ROC 115/11/27)',
    ]) {
      expect(r.stdout).toContain(part);
    }
    expect(r.stdout).not.toMatch(/[\u4e00-\u9fff]{4}/);
  });

  it('lists both actions, counter first, after an extended certificate’s final expiry', async () => {
    const r = await run(
      [
        'advise',
        '--not-before',
        '2019-03-01T01:00:00Z',
        '--not-after',
        '2027-03-01T15:59:59Z',
      ].concat(['--today', '2027-06-01', '--lang', 'en']),
    );
    expect(r.stdout).toContain('Extension period: does not apply');
    expect(r.stdout).toMatch(/1\. This certificate is past[\s\S]*2\. The 8-year limit has passed/);
    expect(r.stdout).toContain('Rules: R-RENEW-ONLINE-LATE, R-ACTIVATION');
    expect(r.stdout).toContain('You can try until 1 March 2028 (ROC 117/03/01).');
  });
});

describe('citizen-card advise, bad input', () => {
  it.each([
    ['no dates at all', ['advise'], 'Give both --not-before and --not-after', '請同時提供'],
    [
      'only --not-before',
      ['advise', '--not-before', '2022-03-01T00:00:00Z'],
      'Give both',
      '請同時提供',
    ],
    [
      'an unparseable date',
      ['advise', '--not-before', 'yesterday', '--not-after', '2027-03-01T00:00:00Z'],
      'Not a valid time: yesterday',
      '時間格式不正確：yesterday',
    ],
    [
      'a date-time without a zone',
      ['advise', '--not-before', '2022-03-01T10:00:00', '--not-after', '2027-03-01T00:00:00Z'],
      'with a time zone',
      '寫明時區',
    ],
    [
      'both --extended and --original',
      ['advise', ...DATES, '--extended', '--original'],
      'only one of --extended and --original',
      '只能擇一',
    ],
    [
      'a bad --today',
      ['advise', ...DATES, '--today', '2026-02-29'],
      'Not a valid date',
      '日期格式不正確',
    ],
    [
      'dates swapped',
      ['advise', '--not-before', '2027-03-01T00:00:00Z', '--not-after', '2022-03-01T00:00:00Z'],
      'swapped',
      '寫反',
    ],
    [
      '--cert together with dates',
      ['advise', '--cert', 'x.pem', ...DATES],
      'cannot be combined',
      '不能和',
    ],
    [
      'a certificate file that does not exist',
      ['advise', '--cert', '/nonexistent/cert.pem'],
      'Cannot read the certificate file /nonexistent/cert.pem (ENOENT)',
      '無法讀取憑證檔 /nonexistent/cert.pem',
    ],
    [
      'a stray argument',
      ['advise', ...DATES, 'now'],
      'Unexpected argument: now',
      '多出的參數：now',
    ],
  ])('%s: exit 2, translated message, empty stdout', async (_what, args, en, zh) => {
    const english = await run(args, { LANG: 'en_US.UTF-8' });
    expect(english.code).toBe(2);
    expect(english.stdout).toBe('');
    expect(english.stderr).toContain(en);
    const chinese = await run(args, { LANG: 'zh_TW.UTF-8' });
    expect(chinese.code).toBe(2);
    expect(chinese.stderr).toContain(zh);
  });

  it('a file that is not a certificate: exit 2 naming the file', async () => {
    const junk = join(dir, 'notes.txt');
    writeFileSync(junk, 'this is not a certificate\n');
    const r = await run(['advise', '--cert', junk]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${junk} is not a readable certificate:`);
  });

  it('an unknown option: exit 2', async () => {
    const r = await run(['advise', ...DATES, '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('--json with bad input: exit 2 and no advisor object', async () => {
    const r = await run(['advise', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('"status"');
  });
});

import { describe, expect, it } from 'vitest';
import { parseCertificates } from '../../../src/certs';
import { DEMO_READER } from '../../../src/sources/virtual-source';
import { NOW, pinFamilyCommands, run } from './run-cli';

describe('citizen-card status', () => {
  it('--json prints exactly one document with the fields scripts rely on', async () => {
    const r = await run(['status', '--virtual', 'fresh', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      reader: DEMO_READER,
      family: 'virtual',
      pinChannel: 'iso',
      cardNumber: 'TP03000012345678',
      pin: { triesLeft: 3, maxTries: 3, blocked: false, lastTry: false, source: 'card' },
      userCode: { triesLeft: 5, maxTries: 5, blocked: false, lastTry: false, source: 'card' },
      problems: [],
    });
    expect(doc.atr).toMatch(/^3B8A8001[0-9A-F]+$/);
    expect(typeof doc.osVersion).toBe('string');
    expect(doc.certificates.map((c: { id: string }) => c.id)).toEqual([
      'SIGN',
      'KEYX',
      'CA',
      'ROOT',
    ]);
    const sign = doc.certificates[0];
    expect(sign).toMatchObject({ role: 'signing', subjectCN: '王小明', isCA: false });
    expect(sign.keyUsage).toContain('nonRepudiation');
    expect(sign.serialNumber).toMatch(/^[0-9A-F]+$/);
    expect(sign.sha256).toMatch(/^[0-9a-f]{64}$/i);
    for (const field of ['notBefore', 'notAfter']) {
      expect(sign[field]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    }
    expect(doc.advice).toMatchObject({ today: '2026-03-10', status: 'valid' });
    expect(doc.advice.actions.length).toBeGreaterThan(0);
  });

  it('reports the state of a locked card and the advice of an expiring one', async () => {
    const locked = JSON.parse((await run(['status', '--virtual', 'locked', '--json'])).stdout);
    expect(locked.pin).toMatchObject({ triesLeft: 0, blocked: true });
    const expiring = JSON.parse((await run(['status', '--virtual', 'expiring', '--json'])).stdout);
    expect(expiring.advice.status).toBe('extension-window');
    expect(expiring.advice.windows.extension.open).toBe(true);
  });

  it('accepts the person’s statement that the certificate was extended', async () => {
    const r = await run(['status', '--virtual', 'fresh', '--json', '--extended']);
    expect(JSON.parse(r.stdout).advice).toMatchObject({ extended: true, extendedSource: 'stated' });
    const both = await run(['status', '--virtual', 'fresh', '--extended', '--original']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Give --extended or --original, not both.');
  });

  it('prints a terse text report in English with both calendars', async () => {
    const r = await run(['status', '--virtual', 'fresh']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Reader: +Demo card/m);
    expect(r.stdout).toMatch(/^ATR: +3B 8A 80 01 /m);
    expect(r.stdout).toMatch(/^Card number: +TP03000012345678$/m);
    expect(r.stdout).toMatch(/^PIN: +3 of 3 tries left$/m);
    expect(r.stdout).toMatch(/^User code: +5 of 5 tries left$/m);
    expect(r.stdout).toContain('10 March 2026 (ROC 115/03/10)');
  });

  it('speaks Traditional Chinese under a zh_TW locale, and --lang overrides it', async () => {
    const zh = await run(['status', '--virtual', 'one-try-left'], { lang: 'zh_TW.UTF-8' });
    expect(zh.stdout).toMatch(/^讀卡機: +Demo card/m);
    expect(zh.stdout).toContain('還剩 1 次機會（共 3 次）');
    expect(zh.stdout).toContain('民國115年3月10日 (2026-03-10)');
    const en = await run(['status', '--virtual', 'one-try-left', '--lang', 'en'], {
      lang: 'zh_TW.UTF-8',
    });
    expect(en.stdout).toContain('1 of 3 tries left - last try');
  });

  it('reads a vendor card without sending it a single PIN command', async () => {
    const r = await run(['status', '--virtual', 'vendor-gen1', '--json']);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      family: 'moica-gen1',
      pinChannel: 'vendor',
      pin: null,
      userCode: null,
    });
    expect(doc.certificates).toHaveLength(4);
    expect(pinFamilyCommands(r.card)).toEqual([]);
  });

  it('works through the card quirks the profile allows (T=0, 16-byte reads, no CDF, CLA 80)', async () => {
    const reference = JSON.parse((await run(['status', '--virtual', 'fresh', '--json'])).stdout);
    for (const scenario of ['t0', 'small-reads', 'no-cdf', 'gen1-cla80']) {
      const r = await run(['status', '--virtual', scenario, '--json']);
      expect(r.code, scenario).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.cardNumber, scenario).toBe(reference.cardNumber);
      expect(
        doc.certificates.map((c: { role: string }) => c.role),
        scenario,
      ).toEqual(reference.certificates.map((c: { role: string }) => c.role));
    }
  });

  it('reads an unknown card but sends it no PIN command (read-only)', async () => {
    const r = await run(['status', '--virtual', 'unknown-atr', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ family: 'unknown', pinChannel: 'none', pin: null, userCode: null });
    expect(doc.certificates).toHaveLength(4);
    expect(pinFamilyCommands(r.card)).toEqual([]);
  });
});

describe('citizen-card readers', () => {
  it('--json lists every reader with card presence, ATR and family', async () => {
    const r = await run(['readers', '--virtual', 'fresh', '--json'], {
      slots: [
        { reader: 'Reader A', card: { scenario: 'fresh', now: () => NOW } },
        { reader: 'Reader B', card: { scenario: 'vendor-gen1', now: () => NOW } },
        { reader: 'Reader C' },
      ],
    });
    expect(r.code).toBe(0);
    const { readers } = JSON.parse(r.stdout);
    expect(readers).toEqual([
      expect.objectContaining({ name: 'Reader A', cardPresent: true, family: 'virtual' }),
      expect.objectContaining({ name: 'Reader B', cardPresent: true, family: 'moica-gen1' }),
      expect.objectContaining({ name: 'Reader C', cardPresent: false, atr: null, family: null }),
    ]);
    expect(readers[1].atr).toBe('3BB813008131FA524348544D4F494341A5');
  });

  it('lists readers in text, one block each', async () => {
    const r = await run(['readers', '--virtual', 'fresh']);
    expect(r.stdout).toMatch(/^0: Demo card/m);
    // Every byte, the check byte last, as pcsc_scan prints it ("CCM-VCARD" 01, TCK 28).
    expect(r.stdout).toMatch(/^ {3}ATR: 3B 8A 80 01 43 43 4D 2D 56 43 41 52 44 01 28$/m);
  });
});

describe('citizen-card certs', () => {
  it('--pem prints PEM that parses back to the certificates status reports', async () => {
    const status = JSON.parse((await run(['status', '--virtual', 'fresh', '--json'])).stdout);
    const r = await run(['certs', '--virtual', 'fresh', '--pem']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(4);
    const back = parseCertificates(r.stdout).map((c) => c.summary.sha256);
    expect(back).toEqual(status.certificates.map((c: { sha256: string }) => c.sha256));
  });

  it('--json gives the summaries, with PEM only when asked', async () => {
    const plain = JSON.parse((await run(['certs', '--virtual', 'fresh', '--json'])).stdout);
    expect(plain.certificates).toHaveLength(4);
    expect(plain.certificates[0].pem).toBeUndefined();
    const withPem = JSON.parse(
      (await run(['certs', '--virtual', 'fresh', '--json', '--pem'])).stdout,
    );
    expect(withPem.certificates[0].pem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  });

  it('lists certificates in text', async () => {
    const r = await run(['certs', '--virtual', 'fresh']);
    expect(r.stdout).toMatch(/^ {2}SIGN +signing/m);
    expect(r.stdout).toMatch(/^ {2}ROOT +root CA/m);
  });
});

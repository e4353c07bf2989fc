/**
 * The PC/SC side through the real card service fed by a hand-made pcsclite: what vpcd
 * cannot imitate (a MUTE card, another program holding the card) and a missing service.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CliServices } from '../../../../../src/cli/context';
import { runCli } from '../../../../../src/cli/main';
import { hasErrors, runDiagnostics } from '../../../../../src/service/diagnostics';
import { PcscUnavailableError } from '../../../../../src/core/errors';
import { CardService } from '../../../../../src/sources/pcsc';
import { ATR_A, FakePcsc, pcscError, STATE, until } from '../../../sources/pcsc/fake-pcsclite';
import { baseDeps, only } from '../helpers';
import { PassThrough, Readable } from 'node:stream';

const services: CardService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
});

function service(fake: FakePcsc): CardService {
  const s = new CardService({ factory: fake.factory, identify: null, busyRetryMs: 50 });
  services.push(s);
  return s;
}

const pcscOpened = (s: CardService) => async () => ({ source: s, close: async () => {} });

describe('PC/SC service missing', () => {
  it.each([
    ['linux', 'pcscd', 'sudo systemctl enable --now pcscd.socket'],
    ['win32', 'SCardSvr', 'sc start SCardSvr'],
    ['darwin', 'built into macOS', 'restart the Mac'],
  ])('on %s the finding names the service and its fix', async (platform, named, fix) => {
    const report = await runDiagnostics(
      baseDeps({
        os: { platform, release: '1', arch: 'x64' },
        openSource: async () => {
          throw new PcscUnavailableError('Service not available (0x8010001d)');
        },
      }),
    );
    const f = only(report, 'pcsc.service');
    expect(f.severity).toBe('error');
    expect(f.cause).toContain(named);
    expect(f.remedy).toContain(fix);
    expect(f.data).toMatchObject({
      available: false,
      detail: 'Service not available (0x8010001d)',
    });
    expect(report.findings.map((x) => x.id)).not.toContain('readers');
    // The middleware is still checked: it does not need PC/SC.
    expect(only(report, 'middleware.web-component').severity).toBe('warning');
  });

  it('citizen-card diagnose with the service down: exit 1 (not 3), one JSON document', async () => {
    const fake = new FakePcsc();
    fake.up = false;
    const cli: CliServices = {
      openPcsc: async () => {
        const s = new CardService({ factory: fake.factory, identify: null });
        services.push(s);
        return s;
      },
    };
    const out: Buffer[] = [];
    const stdout = new PassThrough().on('data', (c: Buffer) => out.push(Buffer.from(c)));
    const code = await runCli(
      ['diagnose', '--json'],
      { stdout, stderr: new PassThrough(), stdin: Readable.from([]), env: { LANG: 'en_US.UTF-8' } },
      cli,
    );
    expect(code).toBe(1);
    const doc = JSON.parse(Buffer.concat(out).toString('utf8'));
    expect(doc.schema).toBe(1);
    expect(doc.findings.find((f: { id: string }) => f.id === 'pcsc.service').severity).toBe(
      'error',
    );
  });
});

describe('states only pcsclite can report', () => {
  it('MUTE state bits: "card present but does not answer", an error about contacts and orientation', async () => {
    const fake = new FakePcsc();
    const s = service(fake);
    await until(() => fake.contexts.length > 0);
    const reader = fake.current.addReader('Mute Reader 0');
    reader.setState(STATE.PRESENT | STATE.MUTE | STATE.CHANGED);
    await until(() => s.readers().some((r) => r.mute));
    const report = await runDiagnostics(baseDeps({ openSource: pcscOpened(s) }));
    const mute = only(report, 'card.mute', 'Mute Reader 0');
    expect(mute.severity).toBe('error');
    expect(mute.cause).toContain('no answer to reset');
    expect(mute.remedy).toContain('gold contacts');
    expect(mute.rules).toEqual(['R-WHERE']);
    expect(reader.connects).toEqual([]);
    expect(only(report, 'pcsc.service').severity).toBe('ok');
  });

  it('a sharing violation: another program holds the card; Linux cannot say which', async () => {
    const fake = new FakePcsc();
    const s = service(fake);
    await until(() => fake.contexts.length > 0);
    const reader = fake.current.addReader('Busy Reader 0');
    reader.connectPlan = [pcscError('SCardConnect', 'Sharing violation', 0x8010000b)];
    reader.setState(STATE.PRESENT | STATE.CHANGED, ATR_A);
    await until(() => s.readers().some((r) => r.atr !== null));
    const report = await runDiagnostics(baseDeps({ openSource: pcscOpened(s) }));
    const busy = only(report, 'card.busy');
    expect(busy.severity).toBe('error');
    expect(busy.cause).toContain('Linux does not tell which program holds a card');
    expect(busy.remedy).toContain('HiPKI Local Server');
    expect(busy.remedy).not.toContain('most likely holder');
    expect(reader.sent).toEqual([]);
    expect(hasErrors(report)).toBe(true);
  });

  it('a sharing violation while HiPKI Local Server answers: it is named as the likely holder', async () => {
    const fake = new FakePcsc();
    const s = service(fake);
    await until(() => fake.contexts.length > 0);
    const reader = fake.current.addReader('Busy Reader 0');
    reader.connectPlan = [pcscError('SCardConnect', 'Sharing violation', 0x8010000b)];
    reader.setState(STATE.PRESENT | STATE.CHANGED, ATR_A);
    await until(() => s.readers().some((r) => r.atr !== null));
    const report = await runDiagnostics(
      baseDeps({
        os: { platform: 'win32', release: '10.0.22631', arch: 'x64' },
        openSource: pcscOpened(s),
        httpGet: async () => ({ outcome: 'answered', status: 200, server: null }),
      }),
    );
    const busy = only(report, 'card.busy');
    expect(busy.cause).toContain('Windows does not tell');
    expect(busy.remedy).toContain('most likely holder');
  });

  it('a card that stops answering mid-read: a read error, the rest of the report intact', async () => {
    const fake = new FakePcsc();
    const s = service(fake);
    await until(() => fake.contexts.length > 0);
    const reader = fake.current.addReader('Flaky Reader 0');
    reader.answer = () => Buffer.alloc(0);
    reader.setState(STATE.PRESENT | STATE.CHANGED, ATR_A);
    await until(() => s.readers().some((r) => r.atr !== null));
    const report = await runDiagnostics(baseDeps({ openSource: pcscOpened(s) }));
    expect(only(report, 'card.atr').severity).toBe('ok');
    const read = only(report, 'card.read');
    expect(read).toMatchObject({ severity: 'error', data: { code: 'card-removed' } });
    expect(only(report, 'middleware.pkcs11')).toBeDefined();
  });
});

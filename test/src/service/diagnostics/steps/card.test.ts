/**
 * What the diagnosis says about the card in a reader, for each virtual-card scenario a
 * helpdesk meets: a good card, a locked one, an expired one, a card the app does not know.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { VirtualCardSource } from '../../../../../src/sources/virtual-source';
import { hasErrors, runDiagnostics } from '../../../../../src/service/diagnostics';
import { relocalizeReport } from '../../../../../src/service/diagnostics/localize';
import { formatDate, taipeiDateOf, taipeiTimeOf } from '../../../../../src/core/calendar';
import type { ScenarioName } from '../../../../../src/virtual-card';
import { baseDeps, ids, only, opened, READER, virtualReaders } from '../helpers';

let source: VirtualCardSource | null = null;

afterEach(async () => {
  await source?.close();
  source = null;
});

async function diagnose(scenario: ScenarioName, extra: Parameters<typeof baseDeps>[0] = {}) {
  source = await virtualReaders({ [READER]: scenario });
  const s = source;
  const report = await runDiagnostics(baseDeps({ openSource: async () => opened(s), ...extra }));
  return { report, card: s.cardIn(READER)! };
}

/** INS bytes of every command the card received. */
const insOf = (received: readonly Buffer[]) => received.map((apdu) => apdu[1]);

describe('a good card (fresh)', () => {
  it('reports the family, full counters, valid certificates and no error', async () => {
    const { report } = await diagnose('fresh');
    expect(hasErrors(report)).toBe(false);
    expect(only(report, 'card.atr')).toMatchObject({
      severity: 'ok',
      reader: READER,
      title: 'Virtual test card',
      data: { family: 'virtual', pinChannel: 'iso', historicalBytesAscii: 'CCM-VCARD.' },
    });
    expect(only(report, 'card.pin')).toMatchObject({
      severity: 'ok',
      title: 'PIN: 3 of 3 tries left',
      data: { status: { triesLeft: 3, maxTries: 3, blocked: false, source: 'card' } },
    });
    expect(only(report, 'card.user-code').title).toBe('User code: 5 of 5 tries left');
    const certs = report.findings.filter((f) => f.id === 'certificate');
    expect(certs.map((c) => c.data.id)).toEqual(['SIGN', 'KEYX', 'CA', 'ROOT']);
    expect(certs.every((c) => c.severity === 'ok')).toBe(true);
    expect(only(report, 'advice')).toMatchObject({
      severity: 'ok',
      data: { certificateId: 'SIGN' },
    });
  });

  it('reads the counters with empty VERIFYs only: no PIN byte, no try spent', async () => {
    const { card } = await diagnose('fresh');
    const verifies = card.received.filter((apdu) => apdu[1] === 0x20);
    expect(verifies.map((v) => v.toString('hex'))).toEqual(['00200001', '00200002']);
    expect(insOf(card.received)).not.toContain(0x24);
    expect(insOf(card.received)).not.toContain(0x2c);
  });

  it('gives exact validity instants and key usage for each certificate, in Taipei time and words', async () => {
    const { report } = await diagnose('fresh');
    const sign = report.findings.find((f) => f.id === 'certificate' && f.data.id === 'SIGN')!;
    // The JSON keeps exact UTC instants; people read Taipei time and both calendars.
    expect(sign.data.notAfter).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const at = (iso: unknown) =>
      `${formatDate(taipeiDateOf(iso as string), 'en')} ${taipeiTimeOf(iso as string)}`;
    expect(sign.cause).toContain(
      `Valid from ${at(sign.data.notBefore)} to ${at(sign.data.notAfter)} (Taipei time).`,
    );
    expect(sign.cause).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(sign.cause).toContain('Key usage: Digital signature, Non-repudiation.');
    const zh = relocalizeReport(report, 'zh-TW').findings.find(
      (f) => f.id === 'certificate' && f.data.id === 'SIGN',
    )!;
    expect(zh.cause).toContain('金鑰用途：數位簽章、不可否認。');
    expect(zh.cause).toContain('（臺北時間）');
    expect(sign.data.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(sign.data.chain).toMatchObject({ status: 'trusted' });
  });
});

describe('counters', () => {
  it('a locked PIN is an error that sends the holder to the online unlock (user code known)', async () => {
    const { report } = await diagnose('locked');
    const pin = only(report, 'card.pin');
    expect(pin.severity).toBe('error');
    expect(pin.title).toBe('PIN locked');
    expect(pin.rules).toEqual(['R-PIN-LOCK', 'R-UNLOCK-ONLINE', 'R-USERCODE-RESET']);
    expect(pin.remedy).toContain('忘記PIN碼/鎖卡解碼');
    expect(pin.remedy).toContain('0800-080-117');
    expect(pin.remedy).toContain('household registration office');
    expect(hasErrors(report)).toBe(true);
  });

  it('a blocked user code sends the holder to a household office, for both counters', async () => {
    const { report } = await diagnose('user-code-blocked');
    const userCode = only(report, 'card.user-code');
    expect(userCode).toMatchObject({ severity: 'error', rules: ['R-USERCODE-RESET'] });
    expect(userCode.remedy).toContain('household registration office');
    const pin = only(report, 'card.pin');
    expect(pin.rules).toEqual(['R-PIN-LOCK', 'R-USERCODE-RESET']);
    expect(pin.remedy).not.toContain('忘記PIN碼/鎖卡解碼');
  });

  it('one try left is a warning naming R-PIN-LOCK', async () => {
    const { report } = await diagnose('one-try-left');
    expect(only(report, 'card.pin')).toMatchObject({
      severity: 'warning',
      title: 'PIN: 1 of 3 tries left',
      rules: ['R-PIN-LOCK', 'R-PIN-DEFAULT'],
    });
  });
});

describe('certificates and advice', () => {
  it('an expired card past every window: errors, and a new application (R-EXPIRED-LATE)', async () => {
    const { report } = await diagnose('expired-reapply');
    const advice = only(report, 'advice');
    expect(advice.severity).toBe('error');
    expect(advice.title).toBe('Certificate status: New application needed');
    expect(advice.rules).toContain('R-EXPIRED-LATE');
    expect(advice.data.advice).toMatchObject({ status: 'expired-reapply' });
    expect(advice.remedy).toContain('household registration office');
    const sign = report.findings.find((f) => f.id === 'certificate' && f.data.id === 'SIGN')!;
    expect(sign.severity).toBe('error');
    expect(sign.cause).toContain('It has expired.');
    expect(sign.cause).toContain('Apart from the dates, the chain checks out.');
    // The CA certificates are still good; only the holder's own are expired.
    const ca = report.findings.find((f) => f.id === 'certificate' && f.data.id === 'CA')!;
    expect(ca.severity).toBe('ok');
  });

  it('a card inside its extension window: a warning with the extension action and its rules', async () => {
    const { report } = await diagnose('expiring');
    const advice = only(report, 'advice');
    expect(advice).toMatchObject({
      severity: 'warning',
      data: { advice: { status: 'extension-window' } },
    });
    expect(advice.rules).toContain('R-EXT');
    expect(hasErrors(report)).toBe(false);
  });
});

describe('cards the app only reads', () => {
  it('an unknown ATR: a warning with a ready-to-send report, and no PIN command at all', async () => {
    const { report, card } = await diagnose('unknown-atr');
    const atr = only(report, 'card.atr');
    expect(atr.severity).toBe('warning');
    const text = atr.data.report as string;
    expect(text).toContain(`ATR: ${atr.data.atr}`);
    expect(text).toContain(
      `Historical bytes: ${Buffer.from('OTHERPKI').toString('hex').toUpperCase()}`,
    );
    expect(text).toContain('"OTHERPKI"');
    expect(text).toContain(`Reader: ${READER}`);
    expect(text).toContain('OS: linux 6.1.0-test x64');
    expect(text).toContain('App: Citizen Card Manager 9.8.7 (cli)');
    expect(atr.remedy).toContain(text);
    expect(insOf(card.received)).not.toContain(0x20);
    expect(only(report, 'card.pin')).toMatchObject({
      severity: 'info',
      title: 'PIN tries: unknown',
      data: { status: null, family: 'unknown' },
    });
  });

  it('a vendor card gets no VERIFY; the PKCS#11 hint names the module when it is installed', async () => {
    const { report, card } = await diagnose('vendor-gen1', {
      fileExists: (p) => p === '/usr/lib/libHicos_p11v1.so',
    });
    expect(insOf(card.received)).not.toContain(0x20);
    const pin = only(report, 'card.pin');
    expect(pin.cause).toContain("MOICA's own secure channel");
    expect(pin.remedy).toContain('/usr/lib/libHicos_p11v1.so');
    expect(only(report, 'card.user-code').data.status).toBeNull();
  });

  it('a vendor card without the module: the hint says to install HiCOS', async () => {
    const { report } = await diagnose('vendor-gen1');
    expect(only(report, 'card.pin').remedy).toContain('install MOICA');
  });

  it('a vendor card with a PKCS#11 status source reports its flags instead of "unknown"', async () => {
    const flags = {
      triesLeft: null,
      maxTries: null,
      blocked: true,
      lastTry: false,
      source: 'pkcs11' as const,
    };
    const { report } = await diagnose('vendor-gen1', {
      fileExists: (p) => p === '/usr/local/lib/libHicos_p11v1.so',
      pkcs11Status: async () => ({ pin: flags, userCode: null }),
    });
    expect(only(report, 'card.pin')).toMatchObject({ severity: 'error', title: 'PIN locked' });
    expect(only(report, 'card.user-code').data.status).toBeNull();
  });
});

describe('readers', () => {
  it('an empty reader next to a card is information; with no card anywhere it is an error', async () => {
    source = await virtualReaders({ 'Reader A': 'fresh', 'Reader B': null });
    const s = source;
    const both = await runDiagnostics(baseDeps({ openSource: async () => opened(s) }));
    expect(only(both, 'card.absent', 'Reader B').severity).toBe('info');
    expect(only(both, 'readers')).toMatchObject({ severity: 'ok', title: '2 reader(s) found' });
    await s.close();

    source = await virtualReaders({ 'Reader B': null });
    const empty = source;
    const none = await runDiagnostics(baseDeps({ openSource: async () => opened(empty) }));
    const absent = only(none, 'card.absent', 'Reader B');
    expect(absent.severity).toBe('error');
    expect(absent.remedy).toContain('chip end first');
    expect(hasErrors(none)).toBe(true);
  });

  it('no reader at all (an injected source with none): an error with the fix for the OS', async () => {
    source = await virtualReaders({});
    const s = source;
    const linux = await runDiagnostics(baseDeps({ openSource: async () => opened(s) }));
    const none = only(linux, 'readers');
    expect(none).toMatchObject({ severity: 'error', title: 'No card reader found' });
    expect(none.remedy).toContain('sudo apt install libccid');
    const windows = await runDiagnostics(
      baseDeps({
        openSource: async () => opened(s),
        os: { platform: 'win32', release: '10.0.22631', arch: 'x64' },
      }),
    );
    expect(only(windows, 'readers').remedy).toContain('Device Manager');
    expect(ids(linux)).not.toContain('card.');
  });

  it('--reader limits the diagnosis to one reader, and names a reader that is not there', async () => {
    source = await virtualReaders({ 'Reader A': 'locked', 'Reader B': 'fresh' });
    const s = source;
    const one = await runDiagnostics(
      baseDeps({ openSource: async () => opened(s), reader: 'Reader B' }),
    );
    expect(one.findings.filter((f) => f.reader === 'Reader A')).toEqual([]);
    expect(only(one, 'card.pin', 'Reader B').severity).toBe('ok');
    const missing = await runDiagnostics(
      baseDeps({ openSource: async () => opened(s), reader: 'Reader Z' }),
    );
    expect(only(missing, 'readers')).toMatchObject({
      severity: 'error',
      title: 'Reader "Reader Z" not found',
    });
  });
});

describe('language', () => {
  it('the same report reads in Traditional Chinese, and no text is a bare message key', async () => {
    const { report } = await diagnose('locked');
    const zh = relocalizeReport(report, 'zh-TW');
    expect(only(zh, 'card.pin').title).toBe('PIN 碼已鎖住');
    expect(only(zh, 'card.pin').remedy).toContain('用戶代碼');
    for (const r of [report, zh]) {
      for (const f of r.findings) {
        for (const text of [f.title, f.cause, f.remedy ?? '']) {
          expect(text, `${f.id} in ${r.lang}`).not.toMatch(
            /\b(diagnostics|certs|advisor|card|error)\.[a-zA-Z]/,
          );
        }
      }
    }
  });
});

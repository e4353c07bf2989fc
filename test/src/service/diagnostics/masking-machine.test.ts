/**
 * A masked report must not say who uses the computer either (issue 14): reports made for
 * Windows, macOS and Linux machines whose paths carry the person's login name, with a card
 * in the reader, contain none of the planted personal values, in JSON or text, in either
 * language. The same reports unmasked do contain them, so the check can fail.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { VirtualCardSource } from '../../../../src/sources/virtual-source';
import {
  formatReportText,
  Redactions,
  runDiagnostics,
  type DiagnosticReport,
} from '../../../../src/service/diagnostics';
import { relocalizeReport } from '../../../../src/service/diagnostics/localize';
import { VIRTUAL_CARD_DEFAULTS } from '../../../../src/virtual-card';
import { baseDeps, opened, READER, virtualReaders } from './helpers';

const LOGIN = 'ChenMeiLing';

const MACHINES = [
  {
    name: 'Windows',
    os: { platform: 'win32', release: '10.0.22631', arch: 'x64' },
    home: `C:\\Users\\${LOGIN}`,
    // Installed outside the home folder, in a folder named after the person.
    module: `D:\\${LOGIN}\\HiCOS\\HiCOSPKCS11.dll`,
  },
  {
    name: 'macOS',
    os: { platform: 'darwin', release: '23.4.0', arch: 'arm64' },
    home: `/Users/${LOGIN.toLowerCase()}`,
    module: null,
  },
  {
    name: 'Linux',
    os: { platform: 'linux', release: '6.1.0-18-amd64', arch: 'x64' },
    home: `/home/${LOGIN.toLowerCase()}`,
    module: `/opt/${LOGIN.toLowerCase()}/lib/libHicos_p11v1.so`,
  },
] as const;

let source: VirtualCardSource | null = null;
afterEach(async () => {
  await source?.close();
  source = null;
});

async function reportFor(machine: (typeof MACHINES)[number], unmask: boolean) {
  source = await virtualReaders({ [READER]: 'fresh' });
  const s = source;
  return runDiagnostics(
    baseDeps({
      lang: 'zh-TW',
      os: machine.os,
      paths: machine.module
        ? { home: machine.home, pkcs11Module: machine.module }
        : { home: machine.home },
      userName: machine.name === 'Windows' ? LOGIN : LOGIN.toLowerCase(),
      openSource: async () => opened(s),
      unmask,
    }),
  );
}

function documents(report: DiagnosticReport): string[] {
  const en = relocalizeReport(report, 'en');
  return [
    JSON.stringify(report),
    formatReportText(report),
    JSON.stringify(en),
    formatReportText(en),
  ];
}

/** Serial numbers of the holder's certificates, as the report's data carries them unmasked. */
function holderSerials(report: DiagnosticReport): string[] {
  return report.findings
    .filter((f) => f.id === 'certificate' && f.data.isCA === false)
    .map((f) => f.data.serialNumber as string);
}

describe('a masked report on each kind of machine', () => {
  it.each(MACHINES.map((m) => [m.name, m] as const))(
    '%s: no login name, home folder, card number, name or certificate serial anywhere',
    async (_name, machine) => {
      const unmasked = await reportFor(machine, true);
      const serials = holderSerials(unmasked);
      expect(serials.length).toBeGreaterThan(0);
      const planted = [
        LOGIN,
        LOGIN.toLowerCase(),
        machine.home,
        VIRTUAL_CARD_DEFAULTS.cardNumber,
        VIRTUAL_CARD_DEFAULTS.holderName,
        VIRTUAL_CARD_DEFAULTS.holderSerialNumber,
        ...serials,
      ];
      // The check can fail: unmasked, the machine's paths and the card's values are there.
      const plain = documents(unmasked).join('\n');
      expect(plain.toLowerCase()).toContain(LOGIN.toLowerCase());
      for (const serial of serials) expect(plain).toContain(serial);

      await source?.close();
      const masked = await reportFor(machine, false);
      expect(masked.masked).toBe(true);
      for (const doc of documents(masked)) {
        for (const value of planted) expect(doc.toLowerCase()).not.toContain(value.toLowerCase());
      }
      const text = formatReportText(masked);
      if (machine.name === 'macOS') {
        expect(text).toContain('~/Library/HiPKILocalSignServer/libHicos_p11v1.dylib');
      } else {
        expect(text).toContain('<user>');
      }
    },
  );
});

describe('machine redactions', () => {
  it('turn the home folder into ~ and the login name in a path into <user>, nothing else', () => {
    const r = new Redactions();
    r.addHome('C:\\Users\\Chen');
    r.addUserName('Chen');
    expect(r.scrubText('C:\\Users\\Chen\\AppData and c:/users/chen/x')).toBe('~\\AppData and ~/x');
    expect(r.scrubText('D:\\Chen\\HiCOS; Chen says hi; Chenny\\x; C:\\Users\\Chen2')).toBe(
      'D:\\<user>\\HiCOS; Chen says hi; Chenny\\x; C:\\Users\\Chen2',
    );
  });

  it('leave shared system accounts and root folders alone', () => {
    const r = new Redactions();
    r.addHome('/');
    r.addUserName('root');
    expect(r.size).toBe(0);
    expect(r.scrubText('/root CA and /usr/lib')).toBe('/root CA and /usr/lib');
  });
});

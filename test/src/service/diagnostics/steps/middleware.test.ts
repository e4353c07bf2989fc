/**
 * MOICA's middleware next to the app: the HiCOS PKCS#11 module at its usual place for each
 * operating system (a fake module file in a temporary folder), and where it is looked for.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  machinePaths,
  pkcs11Candidates,
  runDiagnostics,
} from '../../../../../src/service/diagnostics';
import { PcscUnavailableError } from '../../../../../src/core/errors';
import { baseDeps, only } from '../helpers';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

const noPcsc = async () => {
  throw new PcscUnavailableError();
};

describe('the HiCOS PKCS#11 module', () => {
  it('macOS: found in ~/Library/HiPKILocalSignServer (a real file in a temporary home)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-home-'));
    const folder = join(dir, 'Library', 'HiPKILocalSignServer');
    mkdirSync(folder, { recursive: true });
    const module = join(folder, 'libHicos_p11v1.dylib');
    writeFileSync(module, 'not really a library');
    const report = await runDiagnostics(
      baseDeps({
        os: { platform: 'darwin', release: '23.0.0', arch: 'arm64' },
        paths: { home: dir },
        fileExists: existsSync,
        openSource: noPcsc,
      }),
    );
    const f = only(report, 'middleware.pkcs11');
    // The report is masked by default: the home folder reads ~.
    const shown = '~/Library/HiPKILocalSignServer/libHicos_p11v1.dylib';
    expect(module.startsWith(dir)).toBe(true);
    expect(f).toMatchObject({ severity: 'ok', data: { found: shown } });
    expect(f.cause).toContain(shown);
  });

  it('macOS without it: a warning that lists every place looked at, with R-SETUP', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-home-'));
    const report = await runDiagnostics(
      baseDeps({
        os: { platform: 'darwin', release: '23.0.0', arch: 'arm64' },
        paths: { home: dir },
        fileExists: existsSync,
        openSource: noPcsc,
      }),
    );
    const f = only(report, 'middleware.pkcs11');
    expect(f.severity).toBe('warning');
    expect(f.rules).toEqual(['R-SETUP']);
    expect(f.data.checked).toEqual([
      '/usr/local/lib/libHicos_p11v1.dylib',
      '/Library/FBTokenLib/libHicos_p11v1.dylib',
      '~/Library/HiPKILocalSignServer/libHicos_p11v1.dylib',
    ]);
    expect(f.remedy).toContain('moica.nat.gov.tw');
  });

  it('CITIZEN_CARD_PKCS11_MODULE points at a module installed elsewhere (Linux)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-mod-'));
    const module = join(dir, 'libHicos_p11v1.so');
    writeFileSync(module, '');
    const paths = machinePaths({ CITIZEN_CARD_PKCS11_MODULE: module });
    const report = await runDiagnostics(
      baseDeps({ paths, fileExists: existsSync, openSource: noPcsc }),
    );
    const f = only(report, 'middleware.pkcs11');
    expect(f).toMatchObject({ severity: 'ok', data: { found: module } });
    // The usual places are still listed after it: the report says whether HiCOS is there too.
    expect(f.data.checked).toEqual([
      module,
      '/usr/local/lib/libHicos_p11v1.so',
      '/usr/lib/libHicos_p11v1.so',
    ]);
  });

  it('Linux without it: information only, saying the Linux paths are unconfirmed', async () => {
    const report = await runDiagnostics(baseDeps({ openSource: noPcsc }));
    const f = only(report, 'middleware.pkcs11');
    expect(f.severity).toBe('info');
    expect(f.cause).toContain('No public source says where HiCOS installs on Linux');
  });

  it('Windows: System32 first, then both Program Files folders, from the environment', () => {
    const paths = pkcs11Candidates({
      platform: 'win32',
      home: 'C:\\Users\\u',
      systemRoot: 'D:\\Win',
      programFiles: 'D:\\PF',
      programFilesX86: 'D:\\PF86',
    }).map((c) => c.path);
    expect(paths).toEqual([
      'D:\\Win\\System32\\HiCOSPKCS11.dll',
      'D:\\PF\\HiCOS\\HiCOSPKCS11.dll',
      'D:\\PF86\\HiCOS\\HiCOSPKCS11.dll',
    ]);
    const defaults = pkcs11Candidates({ platform: 'win32', home: 'C:\\Users\\u' }).map(
      (c) => c.path,
    );
    expect(defaults[0]).toBe('C:\\Windows\\System32\\HiCOSPKCS11.dll');
  });

  it('Windows: found where fileExists says it is', async () => {
    const report = await runDiagnostics(
      baseDeps({
        os: { platform: 'win32', release: '10.0.22631', arch: 'x64' },
        paths: { home: 'C:\\Users\\u', programFilesX86: 'C:\\Program Files (x86)' },
        fileExists: (p) => p === 'C:\\Program Files (x86)\\HiCOS\\HiCOSPKCS11.dll',
        openSource: noPcsc,
      }),
    );
    expect(only(report, 'middleware.pkcs11').data.found).toBe(
      'C:\\Program Files (x86)\\HiCOS\\HiCOSPKCS11.dll',
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  locateModule,
  moduleCandidates,
  PKCS11_MODULE_ENV,
} from '../../../../src/card/pkcs11/locator';

const win = {
  platform: 'win32',
  home: 'C:\\Users\\lin',
  env: { SystemRoot: 'D:\\Windows', ProgramFiles: 'D:\\Program Files' },
};
const mac = { platform: 'darwin', home: '/Users/lin', env: {} };
const linux = { platform: 'linux', home: '/home/lin', env: {} };

const paths = (environment: typeof linux, override?: string) =>
  moduleCandidates(environment, override).map((c) => c.path);

describe('PKCS#11 module locator', () => {
  it("knows HiCOS's usual places on each system, in order", () => {
    expect(paths(win)).toEqual([
      'D:\\Windows\\System32\\HiCOSPKCS11.dll',
      'D:\\Program Files\\HiCOS\\HiCOSPKCS11.dll',
      'C:\\Program Files (x86)\\HiCOS\\HiCOSPKCS11.dll',
    ]);
    expect(paths(mac)).toEqual([
      '/usr/local/lib/libHicos_p11v1.dylib',
      '/Library/FBTokenLib/libHicos_p11v1.dylib',
      '/Users/lin/Library/HiPKILocalSignServer/libHicos_p11v1.dylib',
    ]);
    expect(paths(linux)).toEqual([
      '/usr/local/lib/libHicos_p11v1.so',
      '/usr/lib/libHicos_p11v1.so',
    ]);
  });

  it('says where every default comes from, and marks the Linux guesses unconfirmed', () => {
    for (const env of [win, mac, linux]) {
      for (const c of moduleCandidates(env)) expect(c.source.length).toBeGreaterThan(10);
    }
    expect(moduleCandidates(linux).every((c) => !c.confirmed)).toBe(true);
    expect(moduleCandidates(mac).every((c) => c.confirmed)).toBe(true);
  });

  it('finds the first default that exists', () => {
    const result = locateModule({
      environment: mac,
      exists: (p) => p.startsWith('/Users/lin/'),
    });
    expect(result.found?.path).toBe('/Users/lin/Library/HiPKILocalSignServer/libHicos_p11v1.dylib');
    expect(result.found?.origin).toBe('default');
    expect(result.tried).toHaveLength(3);
  });

  it('reports nothing found, with every path it looked at', () => {
    const result = locateModule({ environment: linux, exists: () => false });
    expect(result.found).toBeNull();
    expect(result.tried.map((c) => c.path)).toEqual(paths(linux));
  });

  it('tries only the path the person gave (no silent fallback to another module)', () => {
    const everything = () => true;
    const given = locateModule({
      environment: linux,
      override: '/opt/x/p11.so',
      exists: everything,
    });
    expect(given.found).toMatchObject({ path: '/opt/x/p11.so', origin: 'option' });
    const missing = locateModule({
      environment: linux,
      override: '/opt/x/p11.so',
      exists: () => false,
    });
    expect(missing.found).toBeNull();
    expect(missing.tried).toHaveLength(1);
  });

  it(`takes ${PKCS11_MODULE_ENV} when no option is given; the option still wins`, () => {
    const environment = { ...linux, env: { [PKCS11_MODULE_ENV]: '/srv/hicos.so' } };
    expect(locateModule({ environment, exists: () => true }).found).toMatchObject({
      path: '/srv/hicos.so',
      origin: 'env',
    });
    expect(locateModule({ environment, override: '/a.so', exists: () => true }).found?.path).toBe(
      '/a.so',
    );
  });
});

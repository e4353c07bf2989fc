/**
 * electron-builder.yml, checked the way electron-builder itself would before packaging
 * (its own loader and JSON schema), plus what the schema cannot see: that every file it
 * names exists, that every ${macro} is one electron-builder expands, and that the
 * installers are what the issue asks for.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const require = createRequire(import.meta.url);

type Config = Record<string, unknown> & {
  [key: string]: unknown;
};
interface ConfigModule {
  getConfig(dir: string, file: string | null, extra: unknown): Promise<Config>;
  validateConfiguration(config: Config, logger: unknown): Promise<void>;
}
const { getConfig, validateConfiguration } =
  require('app-builder-lib/out/util/config/config') as ConfigModule;
const { DebugLogger } = require('builder-util') as {
  DebugLogger: new (enabled: boolean) => unknown;
};
const FpmTarget = (
  require('app-builder-lib/out/targets/FpmTarget') as {
    default: { prototype: { getDefaultDepends(target: string): string[] } };
  }
).default;
const plist = require('plist') as { parse(xml: string): unknown };

let config: Config;
beforeAll(async () => {
  config = await getConfig(root, 'electron-builder.yml', null);
});

const get = (path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], config);

function targets(platform: string): Array<{ target: string; arch: string[] }> {
  const list = get(`${platform}.target`) as Array<string | { target: string; arch?: string[] }>;
  return list.map((t) => (typeof t === 'string' ? { target: t, arch: [] } : { arch: [], ...t }));
}

/** Every string in the configuration, with where it is. */
function strings(value: unknown, at = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  }
  return [];
}

describe('electron-builder.yml', () => {
  // The schema validator compiles ajv on first use: seconds on a busy machine.
  it("passes electron-builder's own schema", { timeout: 30_000 }, async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('would be rejected by that schema with a mistake in it (the check is real)', async () => {
    const broken = { ...config, nsis: { ...(config.nsis as object), perUser: true } };
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(
      /configuration\.nsis/,
    );
  });

  it('names only files that exist', () => {
    const files = [
      get('win.icon'),
      get('mac.icon'),
      get('mac.entitlements'),
      get('mac.entitlementsInherit'),
      ...(get('mac.extraResources') as Array<{ from: string }>).map((r) => r.from),
      // fpm maps source=destination; the source is relative to the project.
      ...(get('deb.fpm') as string[]).map((arg) => arg.split('=')[0]),
    ] as string[];
    for (const key of ['afterInstall', 'afterRemove']) {
      const script = get(`deb.${key}`);
      if (typeof script === 'string') files.push(script);
    }
    for (const file of files) expect(existsSync(join(root, file)), file).toBe(true);
    const linuxIcons = join(root, get('linux.icon') as string);
    const sizes = readdirSync(linuxIcons).filter((f) => /^\d+x\d+\.png$/.test(f));
    expect(sizes).toEqual(expect.arrayContaining(['16x16.png', '256x256.png', '512x512.png']));
    expect(statSync(join(root, get('directories.buildResources') as string)).isDirectory()).toBe(
      true,
    );
  });

  it('uses only macros electron-builder expands (an unknown one fails the build)', () => {
    const known = /^(productName|name|version|arch|os|platform|channel|ext|env\.[A-Z0-9_]+)$/;
    for (const [at, value] of strings(config)) {
      for (const [, macro] of value.matchAll(/\$\{([^}]+)\}/g)) {
        expect(macro, `${at}: ${value}`).toMatch(known);
      }
    }
  });

  it('takes the version from package.json and commits no signing secret', () => {
    expect(config).not.toHaveProperty('version');
    expect(get('extraMetadata.version')).toBeUndefined();
    const secretish = /csc|password|apple_?id|token|secret|certificate/i;
    for (const [at] of strings(config)) expect(at, at).not.toMatch(secretish);
    expect(get('publish')).toBeNull();
    expect(get('appId')).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  });

  it('starts the app from the bundle electron-vite builds', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main?: string };
    expect(get('extraMetadata.main')).toBe('out/main/index.js');
    if (pkg.main) expect(pkg.main).toBe(get('extraMetadata.main'));
    // getConfig normalises `files` to file sets.
    const patterns = (get('files') as Array<{ filter: string[] }>).flatMap((set) => set.filter);
    expect(patterns).toEqual(expect.arrayContaining(['out/**', 'package.json']));
  });

  it('rebuilds the native addons for Electron and keeps them out of the asar', () => {
    expect(get('npmRebuild')).toBe(true);
    const unpacked = get('asarUnpack') as string[];
    expect(unpacked).toEqual(
      expect.arrayContaining(['node_modules/pcsclite/**', 'node_modules/pkcs11js/**']),
    );
  });

  it('makes a per-user Windows installer that needs no administrator, and a portable build', () => {
    expect(targets('win').map((t) => t.target)).toEqual(['nsis', 'portable']);
    expect(get('nsis.perMachine')).toBe(false);
    expect(get('nsis.allowElevation')).toBe(false);
    // An assisted installer with perMachine false still offers an all-users choice.
    expect(get('nsis.oneClick')).toBe(true);
    expect(get('nsis.installerLanguages')).toEqual(['zh_TW', 'en_US']);
    expect(get('nsis.shortcutName')).toBe('自然人憑證卡片管家');
    const names = [get('nsis.artifactName'), get('portable.artifactName')];
    expect(new Set(names).size, 'installer and portable exe need different names').toBe(2);
  });

  it('makes macOS disk images for Apple silicon and Intel, hardened and ready to notarise', () => {
    const mac = targets('mac');
    expect(mac.find((t) => t.target === 'dmg')?.arch.sort()).toEqual(['arm64', 'x64']);
    // electron-updater installs macOS updates from a zip.
    expect(mac.find((t) => t.target === 'zip')?.arch.sort()).toEqual(['arm64', 'x64']);
    expect(get('mac.hardenedRuntime')).toBe(true);
    // `notarize: false` would switch notarising off even with Apple credentials set.
    expect(get('mac.notarize')).not.toBe(false);
    const entitlements = plist.parse(
      readFileSync(join(root, get('mac.entitlements') as string), 'utf8'),
    ) as Record<string, unknown>;
    expect(entitlements['com.apple.security.cs.allow-jit']).toBe(true);
    // Not needed by Electron 12+, and it widens the attack surface: keep it out.
    expect(entitlements).not.toHaveProperty(
      'com.apple.security.cs.allow-unsigned-executable-memory',
    );
    const zh = readFileSync(join(root, 'build/mac/zh_TW.lproj/InfoPlist.strings'), 'utf8');
    expect(zh).toContain('"CFBundleDisplayName" = "自然人憑證卡片管家";');
  });

  it('makes an AppImage and a deb that depends on pcscd, libpcsclite1 and a CJK font', () => {
    expect(targets('linux').map((t) => t.target)).toEqual(['AppImage', 'deb']);
    const depends = get('deb.depends') as string[];
    // Without a CJK font, Chromium draws the zh-TW UI as boxes.
    expect(depends).toEqual(expect.arrayContaining(['pcscd', 'libpcsclite1', 'fonts-noto-cjk']));
    // Setting `depends` replaces electron-builder's list for Electron itself.
    const defaults = FpmTarget.prototype.getDefaultDepends.call({}, 'deb');
    expect(depends).toEqual(expect.arrayContaining(defaults));
    expect(get('deb.fpm')).toContain(
      'native/linux/polkit/50-citizen-card-manager.rules=' +
        '/usr/share/polkit-1/rules.d/50-citizen-card-manager.rules',
    );
    expect(get('linux.desktop.entry.Name[zh_TW]')).toBe('自然人憑證卡片管家');
  });
});

describe('electron-builder.yml: Electron fuses', () => {
  it('leave a local process no way to run its own code as the app', async () => {
    expect(get('electronFuses')).toMatchObject({
      // The PKCS#11 worker is an Electron utility process, so nothing needs run-as-Node.
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // The schema knows each of these names (a misspelt fuse would be rejected, not ignored).
    const misspelt = { ...config, electronFuses: { runAsNod: false } };
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(
      /electronFuses/,
    );
  });
});

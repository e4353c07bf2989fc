/**
 * Runs electron-builder itself, as `npm run dist` does (scripts/dist.ts's arguments, with
 * an update feed), for the one target that needs no download: the unpacked Linux app
 * (`--dir`). A stand-in replaces the Electron binary (real downloads are impossible here);
 * it carries Electron's fuse wire, so the fuses electron-builder flips can be read back.
 * Native addons are not rebuilt for Electron (that needs Electron's headers): what is
 * checked is what gets shipped, where, and with which settings.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDist } from '../../scripts/dist';
import { feedUrlFromPackageJson } from '../../src/updates';

const root = join(__dirname, '..', '..');
const work = join(root, '.tmp', `package-check-${process.pid}`);
const project = join(work, 'project');
const fakeElectron = join(work, 'electron-dist');
const appDir = join(project, 'dist', 'linux-unpacked');
const FEED = 'https://updates.example.org/citizen-card-manager/';

const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
const asar = builderRequire('@electron/asar') as {
  listPackage(archive: string): string[];
  extractFile(archive: string, file: string): Buffer;
};
const fuses = builderRequire('@electron/fuses') as {
  getCurrentFuseWire(path: string): Promise<Record<string, number | string>>;
  FuseV1Options: Record<string, number>;
};
// @electron/fuses' constants: where the wire sits in the binary and what a state byte means.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ON = 49;
const OFF = 48;

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};
let builderOutput = '';

beforeAll(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  for (const item of ['package.json', 'package-lock.json', 'electron-builder.yml', 'build']) {
    cpSync(join(root, item), join(project, item), { recursive: true });
  }
  cpSync(join(root, 'resources'), join(project, 'resources'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
  const build = spawnSync(
    process.execPath,
    ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--outDir', join(project, 'out')],
    { cwd: root, encoding: 'utf8' },
  );
  expect(build.status, build.stderr).toBe(0);

  // Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on,
  // asar integrity off, only-from-asar off, browser V8 snapshot off, file:// privileges on.
  mkdirSync(join(fakeElectron, 'resources'), { recursive: true });
  mkdirSync(join(fakeElectron, 'locales'), { recursive: true });
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\nexit 0\n#'),
    Buffer.from(SENTINEL),
    Buffer.from([1, 8]),
    Buffer.from('10110001'),
    Buffer.from('\n'),
  ]);
  writeFileSync(join(fakeElectron, 'electron'), binary);
  chmodSync(join(fakeElectron, 'electron'), 0o755);
  for (const file of ['chrome-sandbox', 'LICENSE', 'LICENSES.chromium.html']) {
    writeFileSync(join(fakeElectron, file), '');
  }

  const plan = planDist(
    ['--linux', '--dir', '-c.npmRebuild=false', `-c.electronDist=${fakeElectron}`],
    { CCM_UPDATE_FEED_URL: FEED },
  );
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-builder/cli.js'), ...plan.builderArgs],
    {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
      timeout: 240_000,
    },
  );
  builderOutput = run.stdout + run.stderr;
  expect(run.status, builderOutput).toBe(0);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const archive = () => join(appDir, 'resources', 'app.asar');
const modulesIn = (files: string[]) =>
  new Set(
    files
      .filter((f) => f.startsWith('/node_modules/'))
      .map((f) => f.split('/'))
      .map((parts) => (parts[2]!.startsWith('@') ? `${parts[2]}/${parts[3]}` : parts[2]!)),
  );

describe('electron-builder packaging the Linux app', () => {
  it('ships the built app, its resources and a package.json pointing at the main bundle', () => {
    const files = asar.listPackage(archive());
    for (const file of [
      '/out/main/index.js',
      '/out/preload/preload.cjs',
      '/out/renderer/index.html',
      '/resources/virtual-card/keys/test-root-ca.key.pem',
      '/resources/atr-table.json',
    ]) {
      expect(files, file).toContain(file);
    }
    expect(files.filter((f) => f.startsWith('/resources/') && f.endsWith('.md'))).toEqual([]);
    const shipped = JSON.parse(asar.extractFile(archive(), 'package.json').toString()) as {
      main: string;
      version: string;
    };
    expect(shipped.main).toBe('out/main/index.js');
    expect(shipped.version).toBe(pkg.version);
    // npm run dist recorded the feed, where src-main/electron/updater.ts reads it.
    expect(feedUrlFromPackageJson(shipped)).toBe(FEED);
  });

  it('ships the runtime dependencies and nothing from the development tools', () => {
    const modules = modulesIn(asar.listPackage(archive()));
    for (const name of ['electron-updater', 'node-forge', 'pcsclite', 'pkcs11js']) {
      expect(modules.has(name), name).toBe(true);
    }
    for (const name of [
      'electron',
      'electron-builder',
      'electron-vite',
      'vite',
      'vitest',
      'typescript',
      'react',
      'tsx',
      'esbuild',
      'nan',
    ]) {
      expect(modules.has(name), name).toBe(false);
    }
  });

  it('unpacks the native addons from the asar, so they can be loaded', () => {
    const unpacked = join(appDir, 'resources', 'app.asar.unpacked', 'node_modules');
    expect(existsSync(join(unpacked, 'pcsclite', 'build', 'Release', 'pcsclite.node'))).toBe(true);
    expect(existsSync(join(unpacked, 'pkcs11js', 'build', 'Release', 'pkcs11.node'))).toBe(true);
  });

  it('names the executable and sets the fuses: no run-as-Node, NODE_OPTIONS or inspector; asar only, checked', async () => {
    const executable = join(appDir, 'citizen-card-manager');
    expect(existsSync(executable)).toBe(true);
    const wire = await fuses.getCurrentFuseWire(executable);
    const state = (name: string) => wire[fuses.FuseV1Options[name]!];
    // The PKCS#11 worker is a utility process: nothing needs this binary to run as Node.
    expect(state('RunAsNode')).toBe(OFF);
    expect(state('EnableEmbeddedAsarIntegrityValidation')).toBe(ON);
    expect(state('EnableNodeOptionsEnvironmentVariable')).toBe(OFF);
    expect(state('EnableNodeCliInspectArguments')).toBe(OFF);
    expect(state('EnableCookieEncryption')).toBe(ON);
    expect(state('OnlyLoadAppFromAsar')).toBe(ON);
  });
});

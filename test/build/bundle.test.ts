/**
 * The production bundles the installers ship: main, preload and renderer are built fresh
 * (into .tmp/, not out/, which other tests use), then
 *  - the main bundle and every chunk it can load later are imported under plain Node with
 *    `electron` mocked, as far as the app's top level runs: a runtime import that is
 *    missing, or only a devDependency, fails here rather than in a citizen's installed app;
 *  - the PKCS#11 worker bundle is forked as the app forks it and loads a real module
 *    (SoftHSM2), so a worker that would not start in the packaged app fails here;
 *  - the sandboxed preload needs nothing but `electron`;
 *  - the renderer page loads only its own files, under the app's CSP, and before its first
 *    screen only the messages of the language it shows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureRenderer } from '../../bench/renderer-size';
import { contentSecurityPolicy } from '../../src-main/csp';
import { catalogs } from '../../src/core/i18n/catalog';
import { Pkcs11Client, forkLauncher } from '../../src/card/pkcs11/client';
import { createSoftHsm } from '../helpers/softhsm';

const root = join(__dirname, '..', '..');
const outDir = join(root, '.tmp', `bundle-check-${process.pid}`);
const require = createRequire(import.meta.url);
// The glob matcher electron-builder itself applies to `files` patterns.
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
const minimatchModule = builderRequire('minimatch') as
  | ((path: string, pattern: string) => boolean)
  | { minimatch: (path: string, pattern: string) => boolean };
const minimatch =
  typeof minimatchModule === 'function' ? minimatchModule : minimatchModule.minimatch;

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? jsFiles(join(dir, entry.name))
      : /\.(c|m)?js$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Bare module specifiers a built file loads: static and dynamic imports, require calls. */
function specifiers(code: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /^\s*import\s[^'"]*?from\s*["']([^"']+)["']/gm,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\)?\(\s*["']([^"']+)["']\s*\)/g,
    /\bcreateRequire\([^)]*\)\(\s*["']([^"']+)["']\s*\)/g,
  ];
  // A require function under another name: `const load = createRequire(...)`, `load('x')`.
  for (const [, name] of code.matchAll(/\b(?:const|let|var)\s+([\w$]+)\s*=\s*createRequire\(/g)) {
    patterns.push(
      new RegExp(`(?<![\\w$.])${name!.replace(/\$/g, '\\$')}\\(\\s*["']([^"']+)["']\\s*\\)`, 'g'),
    );
  }
  for (const pattern of patterns) {
    for (const [, spec] of code.matchAll(pattern)) {
      if (!spec!.startsWith('.') && !spec!.startsWith('/')) found.add(spec!);
    }
  }
  return [...found].sort();
}

const packageOf = (spec: string) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
const isBuiltin = (spec: string) =>
  spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!);

beforeAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  // An absolute outDir: the renderer's root is src-renderer, a relative one would land there.
  const build = spawnSync(
    process.execPath,
    ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--outDir', outDir],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
  );
  expect(build.status, build.stderr + build.stdout).toBe(0);
}, 180_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the production bundles', () => {
  it('load under plain Node with electron mocked, main, chunks, preload and updater', () => {
    // electron-updater is loaded lazily by src-main/electron/updater.ts, so it is loaded here too.
    const child = spawnSync(
      process.execPath,
      ['test/build/fixtures/load-main.mjs', outDir, 'electron-updater'],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, CCM_MOCK_APP_ROOT: root },
      },
    );
    expect(child.status, child.stderr).toBe(0);
    const loaded = JSON.parse(/^LOADED (.*)$/m.exec(child.stdout)![1]!) as string[];
    const chunks = readdirSync(join(outDir, 'main', 'chunks')).map((c) => `main/chunks/${c}`);
    expect(loaded).toEqual(
      expect.arrayContaining(['main/index.js', ...chunks, 'preload/preload.cjs']),
    );
    const calls = JSON.parse(/^ELECTRON-MOCK (.*)$/m.exec(child.stdout)![1]!) as string[];
    // The app got as far as asking for its single-instance lock and waiting to be ready.
    expect(calls).toEqual(
      expect.arrayContaining([
        'app.requestSingleInstanceLock',
        'app.whenReady',
        'contextBridge.exposeInMainWorld',
      ]),
    );
  });

  it('build the PKCS#11 worker next to main, where the app looks for it', () => {
    const main = join(outDir, 'main');
    const worker = join(main, 'pkcs11-worker.js');
    expect(existsSync(worker)).toBe(true);
    // The dependency check below sees the worker's native addon, however it is required.
    expect(specifiers(readFileSync(worker, 'utf8'))).toContain('pkcs11js');
    // src-main/electron/app.ts (and the client's default) look next to the file their code is built
    // into: that file must be index.js itself, not a chunk one folder further down.
    const naming = jsFiles(main)
      .filter((file) => readFileSync(file, 'utf8').includes('"pkcs11-worker.js"'))
      .map((file) => relative(outDir, file));
    expect(naming).toEqual([join('main', 'index.js')]);
  });

  it('fork the PKCS#11 worker as the app does, and it serves a real module (SoftHSM2)', async () => {
    const hsm = createSoftHsm();
    const client = new Pkcs11Client({
      modulePath: hsm.module,
      env: hsm.env,
      launch: forkLauncher({ script: join(outDir, 'main', 'pkcs11-worker.js'), execArgv: [] }),
    });
    try {
      hsm.initToken('TP03000012345678', '730101');
      const slots = await client.call('slots', {});
      const token = slots.find((s) => s.token?.label === 'TP03000012345678')?.token;
      expect(token?.manufacturer).toMatch(/SoftHSM/);
    } finally {
      await client.close();
      hsm.cleanup();
    }
  }, 60_000);

  it('load at run time only what the installers ship: runtime dependencies, not dev ones', () => {
    const config = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    const excluded = [...config.matchAll(/^\s*-\s*'!(node_modules\/[^']+)'/gm)].map((m) => m[1]!);
    const mainRequire = createRequire(join(outDir, 'main', 'index.js'));
    const problems: string[] = [];
    for (const file of jsFiles(join(outDir, 'main'))) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (isBuiltin(spec) || spec === 'electron') continue;
        const name = packageOf(spec);
        const where = `${relative(outDir, file)} loads ${spec}`;
        if (!(name in pkg.dependencies)) {
          problems.push(`${where}, which is not in package.json "dependencies"`);
        }
        if (excluded.some((pattern) => minimatch(`node_modules/${name}/package.json`, pattern))) {
          problems.push(`${where}, which electron-builder.yml leaves out`);
        }
        try {
          mainRequire.resolve(spec);
        } catch {
          problems.push(`${where}, which does not resolve`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keep the sandboxed preload to what a sandbox can require', () => {
    const preload = readFileSync(join(outDir, 'preload', 'preload.cjs'), 'utf8');
    // Electron's sandboxed preloads get `electron` and a few polyfilled Node modules only.
    for (const spec of specifiers(preload)) {
      expect(['electron', 'events', 'timers', 'url'], spec).toContain(spec);
    }
  });

  it('serve the renderer from its own files, under the CSP intact', () => {
    const rendererDir = join(outDir, 'renderer');
    const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta, 'CSP meta tag').toBeTruthy();
    const directives = (policy: string) =>
      new Map(
        policy
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .filter((d) => d[0])
          .map(([name, ...values]) => [name!, values.join(' ')]),
      );
    const page = directives(meta!);
    const app = directives(contentSecurityPolicy());
    // A meta tag cannot carry frame-ancestors; the session header adds it.
    app.delete('frame-ancestors');
    expect(page).toEqual(app);

    const references = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(references.length).toBeGreaterThan(0);
    for (const ref of references) {
      expect(ref, 'relative, so it loads from the packaged files').toMatch(/^\.\//);
      expect(existsSync(join(rendererDir, ref)), ref).toBe(true);
    }
    // No inline script: script-src 'self' would block it.
    for (const [, attrs, body] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
  });

  it('load only the shown language’s messages before the renderer’s first screen', () => {
    const rendererDir = join(outDir, 'renderer');
    const assets = readdirSync(join(rendererDir, 'assets'));
    const text = (file: string) => readFileSync(join(rendererDir, 'assets', file), 'utf8');
    // A sentence of each language, as the catalogue has it (plain text, nothing to escape).
    const sentence = {
      'zh-TW': catalogs['zh-TW']['error.cardRemoved']!,
      en: catalogs.en['error.cardRemoved']!,
    };
    expect(sentence.en).toMatch(/^The card was removed/);
    for (const lang of ['zh-TW', 'en'] as const) {
      const chunks = assets.filter((f) => f.startsWith(`catalog-${lang}-`) && f.endsWith('.js'));
      expect(chunks, `one chunk of ${lang} messages`).toHaveLength(1);
      expect(text(chunks[0]!)).toContain(sentence[lang]);
    }
    const { firstScreen } = measureRenderer(rendererDir);
    for (const { lang, files } of firstScreen) {
      const loaded = files
        .filter((f) => f.endsWith('.js'))
        .map(text)
        .join('\n');
      const other = lang === 'en' ? 'zh-TW' : 'en';
      expect(loaded, lang).toContain(sentence[lang]);
      expect(loaded, lang).not.toContain(sentence[other]);
    }
    // The entry itself holds neither language: each comes from its own chunk.
    const entry = /<script[^>]*\bsrc="\.\/assets\/([^"]+)"/.exec(
      readFileSync(join(rendererDir, 'index.html'), 'utf8'),
    )![1]!;
    expect(text(entry)).not.toContain(sentence.en);
    expect(text(entry)).not.toContain(sentence['zh-TW']);
  });

  it("build React's production code into the renderer", () => {
    const assets = join(outDir, 'renderer', 'assets');
    const code = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(assets, f), 'utf8'))
      .join('\n');
    expect(code).not.toMatch(/react(-dom)?\.development/);
    // A page cannot resolve package names: everything must be bundled.
    expect(specifiers(code)).toEqual([]);
  });
});

/**
 * What the person's machine loads before the first screen appears, and the production
 * renderer as a whole: JavaScript and CSS, raw and gzip-compressed (what a web server would
 * send, and a fair measure of how much code there is). Built fresh, so the figures are the
 * tree's.
 *
 * Before the first screen: what index.html names (its module script and any modulepreload
 * and stylesheet), what those import statically, and the messages of the language shown,
 * which the page fetches before its first render (src-renderer/main.tsx). The other
 * language's messages come only when the person switches.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LANGS, type Lang } from '../src/core/i18n/langs';

/** Goal of issue 14: what loads before the first screen, JavaScript and CSS, gzip-compressed. */
export const GZIP_TARGET_KB = 140;

export interface AssetSize {
  file: string;
  raw: number;
  gzip: number;
}

export interface FirstScreen {
  lang: Lang;
  /** Asset file names, in the order found. */
  files: string[];
  raw: number;
  gzip: number;
  pass: boolean;
}

export interface RendererSize {
  assets: AssetSize[];
  /** Every asset together, the other language's messages too. */
  raw: number;
  gzip: number;
  firstScreen: FirstScreen[];
  /** Every language's first screen within the target. */
  pass: boolean;
}

/** `kB` as vite prints it: 1000 bytes. */
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function buildRenderer(root: string): void {
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [bin, 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error('electron-vite build failed');
}

const isCode = (file: string) => file.endsWith('.js') || file.endsWith('.css');

/** Assets index.html loads itself: `./assets/x.js` → `x.js`. */
function pageAssets(html: string): string[] {
  const refs = [
    ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g),
    ...html.matchAll(/<link\b[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*\bhref="([^"]+)"/g),
    ...html.matchAll(/<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="(?:stylesheet|modulepreload)"/g),
  ].map((m) => posix.normalize(m[1]!));
  return refs
    .filter((ref) => ref.startsWith('assets/') && isCode(ref))
    .map((ref) => ref.slice('assets/'.length));
}

/** Chunks a chunk imports statically (`import{a}from"./x.js"`, `import"./x.js"`), not import(). */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'`]\.\/([^"'`]+\.js)["'`]/g)].map(
    (m) => m[1]!,
  );
}

/** `start` and everything it imports statically, each once. */
function withImports(dir: string, start: string[]): string[] {
  const seen: string[] = [];
  const visit = (file: string) => {
    if (seen.includes(file)) return;
    seen.push(file);
    if (file.endsWith('.js')) staticImports(readFileSync(join(dir, file), 'utf8')).forEach(visit);
  };
  start.forEach(visit);
  return seen;
}

/** The chunk vite makes of src/core/i18n/catalog-<lang>.ts (the page imports it on demand). */
function catalogChunk(files: string[], lang: Lang): string {
  const chunk = files.find((f) => f.startsWith(`catalog-${lang}-`) && f.endsWith('.js'));
  if (!chunk) throw new Error(`no catalog-${lang} chunk among the renderer's assets`);
  return chunk;
}

/** `page`: the built renderer, out/renderer (index.html and assets/). */
export function measureRenderer(page: string): RendererSize {
  const dir = join(page, 'assets');
  const assets = readdirSync(dir)
    .filter(isCode)
    .sort()
    .map((file) => {
      const bytes = readFileSync(join(dir, file));
      // Level 9 is what a static server's precompressed files use; the default (6) differs
      // by well under 1 %.
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
  const sum = (files: string[], key: 'raw' | 'gzip') =>
    files.reduce((n, f) => n + (assets.find((a) => a.file === f)?.[key] ?? 0), 0);
  const entry = pageAssets(readFileSync(join(page, 'index.html'), 'utf8'));
  const names = assets.map((a) => a.file);
  const firstScreen = LANGS.map((lang) => {
    const files = withImports(dir, [...entry, catalogChunk(names, lang)]);
    const gzip = sum(files, 'gzip');
    return { lang, files, raw: sum(files, 'raw'), gzip, pass: gzip <= GZIP_TARGET_KB * 1000 };
  });
  return {
    assets,
    raw: sum(names, 'raw'),
    gzip: sum(names, 'gzip'),
    firstScreen,
    pass: firstScreen.every((s) => s.pass),
  };
}

export function rendererSizeLines(size: RendererSize): string[] {
  const row = (name: string, raw: number, gzip: number) =>
    `  ${name.padEnd(32)} ${kb(raw).padStart(10)} raw ${kb(gzip).padStart(10)} gzip`;
  return [
    'renderer (production build, JavaScript and CSS)',
    ...size.assets.map((a) => row(a.file, a.raw, a.gzip)),
    row('all assets', size.raw, size.gzip),
    'before the first screen (index.html, its imports, the shown language)',
    ...size.firstScreen.map((s) => row(`in ${s.lang} (${s.files.length} files)`, s.raw, s.gzip)),
    ...size.firstScreen.map(
      (s) =>
        `${s.pass ? 'PASS' : 'FAIL'}  first screen in ${s.lang} ${kb(s.gzip)} gzip <= ${GZIP_TARGET_KB} kB`,
    ),
  ];
}

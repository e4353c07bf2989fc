/**
 * What the person's machine loads before the first screen appears: the production
 * renderer's JavaScript and CSS, raw and gzip-compressed (what a web server would send, and
 * a fair measure of how much code there is). Built fresh, so the figure is the tree's.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Goal of issue 14: the renderer's JavaScript and CSS together, gzip-compressed. */
export const GZIP_TARGET_KB = 140;

export interface AssetSize {
  file: string;
  raw: number;
  gzip: number;
}

export interface RendererSize {
  assets: AssetSize[];
  raw: number;
  gzip: number;
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

export function measureRenderer(root: string): RendererSize {
  const dir = join(root, 'out', 'renderer', 'assets');
  const assets = readdirSync(dir)
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .sort()
    .map((file) => {
      const bytes = readFileSync(join(dir, file));
      // Level 9 is what a static server's precompressed files use; the default (6) differs
      // by well under 1 %.
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
  const raw = assets.reduce((n, a) => n + a.raw, 0);
  const gzip = assets.reduce((n, a) => n + a.gzip, 0);
  return { assets, raw, gzip, pass: gzip <= GZIP_TARGET_KB * 1000 };
}

export function rendererSizeLines(size: RendererSize): string[] {
  return [
    'renderer (production build, JavaScript and CSS)',
    ...size.assets.map(
      (a) => `  ${a.file.padEnd(28)} ${kb(a.raw).padStart(10)} raw ${kb(a.gzip).padStart(10)} gzip`,
    ),
    `  ${'total'.padEnd(28)} ${kb(size.raw).padStart(10)} raw ${kb(size.gzip).padStart(10)} gzip`,
    `${size.pass ? 'PASS' : 'FAIL'}  renderer ${kb(size.gzip)} gzip <= ${GZIP_TARGET_KB} kB`,
  ];
}

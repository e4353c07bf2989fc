/**
 * bench/renderer-size.ts counts, for each language, what index.html loads, what that imports
 * statically, and that language's messages chunk; never the other language's.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GZIP_TARGET_KB, measureRenderer, rendererSizeLines } from '../../bench/renderer-size';

let page: string;

function built(files: Record<string, string>, html: string): string {
  page = mkdtempSync(join(tmpdir(), 'renderer-size-'));
  mkdirSync(join(page, 'assets'));
  writeFileSync(join(page, 'index.html'), html);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(page, 'assets', name), text);
  return page;
}

afterEach(() => rmSync(page, { recursive: true, force: true }));

describe('the renderer size', () => {
  it('counts the entry, its preloads and styles, its imports and the shown language', () => {
    const dir = built(
      {
        'index-a.js': 'import{x}from"./shared-b.js";const l={en:()=>import(`./catalog-en-c.js`)};',
        'shared-b.js': 'export const x=1;',
        'vendor-d.js': 'export const v=2;',
        'catalog-en-c.js': 'import"./empty-e.js";export const messages={};',
        'catalog-zh-TW-f.js': 'import"./empty-e.js";export const messages={};',
        'empty-e.js': 'export default {};',
        'later-g.js': 'export const later=3;',
        'index-h.css': 'body{margin:0}',
      },
      [
        '<script type="module" crossorigin src="./assets/index-a.js"></script>',
        '<link rel="modulepreload" crossorigin href="./assets/vendor-d.js">',
        '<link rel="stylesheet" crossorigin href="./assets/index-h.css">',
        '<link rel="icon" href="./assets/app.svg" />',
      ].join('\n'),
    );
    const size = measureRenderer(dir);
    expect(size.assets).toHaveLength(8);
    const common = ['index-a.js', 'vendor-d.js', 'index-h.css', 'shared-b.js'];
    expect(size.firstScreen.map((s) => [s.lang, [...s.files].sort()])).toEqual([
      ['zh-TW', [...common, 'catalog-zh-TW-f.js', 'empty-e.js'].sort()],
      ['en', [...common, 'catalog-en-c.js', 'empty-e.js'].sort()],
    ]);
    expect(size.firstScreen.every((s) => s.gzip < size.gzip && s.pass)).toBe(true);
    const lines = rendererSizeLines(size);
    expect(lines).toContain(
      `PASS  first screen in en ${(size.firstScreen[1]!.gzip / 1000).toFixed(1)} kB gzip <= ${GZIP_TARGET_KB} kB`,
    );
  });

  it('fails loudly when a language has no chunk of its own', () => {
    const dir = built({ 'index-a.js': '' }, '<script type="module" src="./assets/index-a.js">');
    expect(() => measureRenderer(dir)).toThrow(/no catalog-zh-TW chunk/);
  });
});

/**
 * The renderer is built without the CLI's and the updater's message catalogues
 * (electron.vite.config.ts aliases resources/locales/{zh-TW,en}/{cli,updates}.json to an
 * empty object, docs/benchmark.md): nothing the page may import (the renderer's layer in
 * eslint.config.js) may look up a `cli.` or `update.` message, or the page would show the
 * raw key.
 *
 * The same build swaps src/core/i18n/catalog.ts for src-renderer/i18n/catalog-on-demand.ts,
 * by the specifier './catalog': that must name the core's catalogue wherever the page uses
 * it, and the stand-in must offer what the core's offers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as core from '../../src/core/i18n/catalog';
import * as onDemand from '../../src-renderer/i18n/catalog-on-demand';

const root = join(__dirname, '..', '..');

/** What the renderer's layer may import, read from eslint.config.js so the two stay one list. */
function reachable(): string[] {
  const config = readFileSync(join(root, 'eslint.config.js'), 'utf8');
  const list = /'src-renderer': \[([^\]]*)\]/.exec(config)?.[1];
  if (!list) throw new Error("eslint.config.js has no 'src-renderer' layer");
  const entries = list.replace(/\/\/.*$/gm, '');
  return ['src-renderer', ...[...entries.matchAll(/'([^']+)'/g)].map((m) => m[1] as string)];
}

function sources(path: string): string[] {
  const full = join(root, path);
  if (statSync(full).isFile()) return [path];
  return readdirSync(full).flatMap((name) =>
    /\.(ts|tsx)$/.test(name) || statSync(join(full, name)).isDirectory()
      ? sources(join(path, name))
      : [],
  );
}

describe('the renderer without the CLI catalogue', () => {
  it('uses no cli.* or update.* message anywhere the page can reach', () => {
    const files = reachable().flatMap(sources);
    expect(files).toContain('src/service/external-url.ts');
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((f) =>
      /['"`](cli|update)\./.test(readFileSync(join(root, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps the alias in the renderer build only', () => {
    const config = readFileSync(join(root, 'electron.vite.config.ts'), 'utf8');
    const renderer = config.slice(config.indexOf('renderer:'));
    expect(renderer).toContain("resolve('src-renderer/no-messages.json')");
    expect(config.slice(0, config.indexOf('renderer:'))).not.toContain('no-messages.json');
    expect(JSON.parse(readFileSync(join(root, 'src-renderer/no-messages.json'), 'utf8'))).toEqual(
      {},
    );
  });
});

describe('the renderer’s on-demand catalogue', () => {
  it("stands in for src/core/i18n/catalog.ts alone: no other './catalog' the page can reach", () => {
    const importers = reachable()
      .flatMap(sources)
      .filter((f) => /from\s*['"]\.\/catalog['"]/.test(readFileSync(join(root, f), 'utf8')));
    expect(importers).toEqual(['src/core/i18n/index.ts']);
  });

  it('is aliased in the renderer build only, and offers what the core catalogue does', () => {
    const config = readFileSync(join(root, 'electron.vite.config.ts'), 'utf8');
    const at = config.indexOf('renderer:');
    expect(config.slice(at)).toContain("resolve('src-renderer/i18n/catalog-on-demand.ts')");
    expect(config.slice(0, at)).not.toContain('catalog-on-demand');
    expect(Object.keys(onDemand)).toEqual(expect.arrayContaining(Object.keys(core)));
  });
});

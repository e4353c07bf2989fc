/**
 * A clone with nothing beside it must install and pass its tests (docs/development.md): no
 * file of the project may point at the folder the specs once came from, beside the checkout,
 * or at the folder this checkout happens to sit in on the machine that runs the tests.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/project-root';

/** Built, installed or temporary: not the project's own files. */
const NOT_OURS = new Set(['node_modules', '.git', 'out', 'dist', 'release', '.tmp', 'coverage']);
const TEXT = /\.(ts|tsx|js|mjs|cjs|json|md|yml|yaml|css|html|txt|sh|ini|rules|plist|xml)$|^run$/;
const MAX_BYTES = 2_000_000;

function projectFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_OURS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...projectFiles(path));
    else if (entry.isFile() && TEXT.test(entry.name) && statSync(path).size <= MAX_BYTES) {
      found.push(path);
    }
  }
  return found;
}

/** The places a file of this project must not name (written so this file does not). */
function outsideReferences(text: string): string[] {
  const beside = ['..', 'shared'].join('/');
  const checkout = PROJECT_ROOT.replace(/\/$/, '');
  const found: string[] = [];
  if (text.includes(beside + '/')) found.push(beside);
  if (text.includes(checkout + '/')) found.push(checkout);
  return found;
}

describe('the repository stands on its own', () => {
  const files = projectFiles(PROJECT_ROOT).filter((f) => !f.endsWith('package-lock.json'));

  it('reads the project’s files (sources, tests, docs, resources, CI)', () => {
    const names = files.map((f) => relative(PROJECT_ROOT, f));
    for (const expected of ['README.md', 'docs/citizen-rules.md', '.ci/run', 'package.json']) {
      expect(names).toContain(expected);
    }
  });

  it('no file points beside the checkout or at where this checkout sits', () => {
    const offending = files
      .map((f) => ({
        file: relative(PROJECT_ROOT, f),
        refs: outsideReferences(readFileSync(f, 'utf8')),
      }))
      .filter((f) => f.refs.length > 0);
    expect(offending).toEqual([]);
  });

  it('would notice such a reference', () => {
    expect(outsideReferences(`see ${['..', 'shared'].join('/')}/specs/cli.md`)).toHaveLength(1);
    expect(outsideReferences(`${PROJECT_ROOT}resources/x.json`)).toHaveLength(1);
    expect(outsideReferences('docs/cli.md and ../docs/app.md')).toEqual([]);
  });
});

/**
 * `diagnose --trace FILE` writes a report that may hold the unmasked card number: the file
 * is readable by this person only (0600) whatever was at that name before, and it replaces
 * that name rather than writing through it (an old file's 0644, a planted link).
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../run-cli';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-trace-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const diagnose = (file: string) =>
  run(['diagnose', '--virtual', 'fresh', '--unmask', '--trace', file]);

describe('diagnose --trace FILE', () => {
  it('replaces an existing 0644 file with a 0600 one holding the report', async () => {
    const file = join(dir, 'report.json');
    writeFileSync(file, 'an older report');
    chmodSync(file, 0o644);
    const r = await diagnose(file);
    expect(r.code).toBe(0);
    expect(lstatSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.masked).toBe(false);
    expect(JSON.stringify(saved)).toContain('TP03000012345678');
  });

  it('a new file is 0600 too, and nothing else is left in the folder', async () => {
    const file = join(dir, 'new.json');
    expect((await diagnose(file)).code).toBe(0);
    expect(lstatSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['new.json']);
  });

  it('a link planted at that name is replaced, its target never written', async () => {
    const victim = join(dir, 'elsewhere', 'victim.txt');
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(victim, 'untouched');
    chmodSync(victim, 0o644);
    const file = join(dir, 'report.json');
    symlinkSync(victim, file);
    expect((await diagnose(file)).code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(lstatSync(file).mode & 0o777).toBe(0o600);
  });

  it('a folder at that name: exit 2 before any card is read', async () => {
    mkdirSync(join(dir, 'a-folder'));
    const r = await diagnose(join(dir, 'a-folder'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Could not save the report');
    expect(r.card?.received ?? []).toEqual([]);
  });
});

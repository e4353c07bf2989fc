/** A file saved through the app's save dialog is private and never written through a link. */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialogFileSaver } from '../../../src-main/electron/save-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-save-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('saving through the dialog', () => {
  it('writes 0600 over an existing 0644 file, and replaces a planted link', async () => {
    const victim = join(dir, 'other', 'victim');
    mkdirSync(join(dir, 'other'));
    writeFileSync(victim, 'untouched');
    const linked = join(dir, 'linked.pem');
    symlinkSync(victim, linked);
    const existing = join(dir, 'existing.pem');
    writeFileSync(existing, 'old');
    chmodSync(existing, 0o644);
    for (const path of [linked, existing]) {
      const save = dialogFileSaver(async () => ({ canceled: false, filePath: path }));
      expect(await save('card.pem', Buffer.from('PEM'))).toBe(true);
      expect(lstatSync(path).isFile()).toBe(true);
      expect(lstatSync(path).mode & 0o777).toBe(0o600);
      expect(readFileSync(path, 'utf8')).toBe('PEM');
    }
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
  });

  it('proposes the name and writes nothing when the person cancels', async () => {
    const asked: string[] = [];
    const save = dialogFileSaver(async (name) => {
      asked.push(name);
      return { canceled: true };
    });
    expect(await save('TP03-SIGN.cer', Buffer.from('x'))).toBe(false);
    expect(asked).toEqual(['TP03-SIGN.cer']);
  });
});

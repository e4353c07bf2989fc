import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localizeError } from '../../../src/core/i18n';
import {
  FileNotFoundError,
  FileTooLargeError,
  NotRegularFileError,
  readRegularFile,
} from '../../../src/platform';

const dir = mkdtempSync(join(tmpdir(), 'ccm-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readRegularFile', () => {
  it('reads a regular file within the limit', async () => {
    const path = join(dir, 'ok.bin');
    writeFileSync(path, Buffer.from('hello'));
    expect((await readRegularFile(path, { maxBytes: 5 })).toString()).toBe('hello');
  });

  it('refuses a file over the limit, and says what the limit is', async () => {
    const path = join(dir, 'big.bin');
    writeFileSync(path, Buffer.alloc(2048));
    const err = await readRegularFile(path, { maxBytes: 1024 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileTooLargeError);
    expect(localizeError(err, 'en')).toContain('1 KiB');
    expect(localizeError(err, 'zh-TW')).toContain('太大');
  });

  it('refuses /dev/zero at once instead of reading until memory runs out', async () => {
    const err = await readRegularFile('/dev/zero', { maxBytes: 64 * 1024 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NotRegularFileError);
    expect(localizeError(err, 'en')).toContain('not a regular file');
  });

  it('refuses a FIFO without waiting for a writer', async () => {
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const started = Date.now();
    const err = await readRegularFile(fifo, { maxBytes: 1024 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotRegularFileError);
    // A blocking open would never return; this one comes back with the refusal.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses a folder, and names a missing file as missing', async () => {
    await expect(readRegularFile(dir, { maxBytes: 10 })).rejects.toBeInstanceOf(
      NotRegularFileError,
    );
    const missing = await readRegularFile(join(dir, 'nope'), { maxBytes: 10 }).catch(
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(FileNotFoundError);
    expect(localizeError(missing, 'zh-TW')).toContain('找不到檔案');
  });
});

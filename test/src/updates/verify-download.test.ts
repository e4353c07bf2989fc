import { createHash } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  signUpdate,
  UpdateRejectedError,
  verifyDownloadedUpdate,
  type DownloadedUpdate,
} from '../../../src/updates';
import { makeKey } from './keys';

const key = makeKey();
const NAME = 'citizen-card-manager-0.2.0-setup.exe';
let dir: string;
let path: string;
let content: Buffer;

function signatureFor(overrides: Partial<{ file: string; version: string }> = {}): string {
  return JSON.stringify(
    signUpdate(
      {
        file: overrides.file ?? NAME,
        version: overrides.version ?? '0.2.0',
        size: content.length,
        sha512: createHash('sha512').update(content).digest('base64'),
      },
      key.privateKeyPem,
    ),
  );
}

const download = (over: Partial<DownloadedUpdate> = {}): DownloadedUpdate => ({
  filePath: path,
  version: '0.2.0',
  currentVersion: '0.1.0',
  ...over,
});

async function reason(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return 'accepted';
  } catch (err) {
    if (err instanceof UpdateRejectedError) return err.reason;
    throw err;
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-update-'));
  path = join(dir, NAME);
  // Big enough to take several stream chunks.
  content = Buffer.alloc(300_000, 7);
  content.write('MZ installer', 0);
  writeFileSync(path, content);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a downloaded update', () => {
  it('is accepted when its signature vouches for exactly this file and version', async () => {
    const verified = await verifyDownloadedUpdate(download(), signatureFor(), [key.trusted]);
    expect(verified).toEqual({ file: NAME, version: '0.2.0', keyId: key.trusted.keyId });
  });

  it('is refused when one byte of it differs from what was signed', async () => {
    const signature = signatureFor();
    content[150_000] = content[150_000]! ^ 0xff;
    writeFileSync(path, content);
    expect(await reason(verifyDownloadedUpdate(download(), signature, [key.trusted]))).toBe(
      'wrong-hash',
    );
  });

  it('is refused when it is cut short', async () => {
    const signature = signatureFor();
    truncateSync(path, content.length - 1);
    expect(await reason(verifyDownloadedUpdate(download(), signature, [key.trusted]))).toBe(
      'wrong-size',
    );
  });

  it('is refused under another name than the signed one', async () => {
    const signature = signatureFor();
    const renamed = join(dir, 'citizen-card-manager-0.3.0-setup.exe');
    renameSync(path, renamed);
    expect(
      await reason(
        verifyDownloadedUpdate(download({ filePath: renamed }), signature, [key.trusted]),
      ),
    ).toBe('wrong-file');
  });

  it('is refused when the feed announces another version than the signed one', async () => {
    // An old, correctly signed installer passed off as a newer release.
    const signature = signatureFor();
    expect(
      await reason(
        verifyDownloadedUpdate(download({ version: '9.0.0' }), signature, [key.trusted]),
      ),
    ).toBe('wrong-version');
  });

  it('is refused when it is not newer than the running app', async () => {
    const signature = signatureFor();
    for (const currentVersion of ['0.2.0', '0.3.0']) {
      expect(
        await reason(
          verifyDownloadedUpdate(download({ currentVersion }), signature, [key.trusted]),
        ),
      ).toBe('not-newer');
    }
  });

  it('is refused without a signature, or with one from an unpinned key', async () => {
    expect(await reason(verifyDownloadedUpdate(download(), null, [key.trusted]))).toBe(
      'no-signature',
    );
    expect(
      await reason(verifyDownloadedUpdate(download(), signatureFor(), [makeKey().trusted])),
    ).toBe('unknown-key');
  });
});

/**
 * The check that stands between a downloaded update and its installation: the signature
 * must verify against a pinned key, and what it vouches for must be exactly the file on
 * disk, the version electron-updater is about to install, and newer than the running app.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createHash } from 'node:crypto';
import { UpdateRejectedError } from './errors';
import { checkSignature, parseSignatureFile, type TrustedKey } from './signature';
import { compareVersions, isVersion } from './version';

export interface DownloadedUpdate {
  /** Where electron-updater put the installer; its name is the published file name. */
  filePath: string;
  /** The version electron-updater announced and will install. */
  version: string;
  /** The running app's version. */
  currentVersion: string;
}

export interface VerifiedUpdate {
  file: string;
  version: string;
  keyId: string;
}

/** SHA-512 of a file, base64, read as a stream (installers are 100 MB and more). */
export function sha512OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    createReadStream(path)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('base64')));
  });
}

export async function verifyDownloadedUpdate(
  download: DownloadedUpdate,
  signatureText: string | null,
  trusted: readonly TrustedKey[],
): Promise<VerifiedUpdate> {
  if (signatureText === null) throw new UpdateRejectedError('no-signature');
  const signed = parseSignatureFile(signatureText);
  const key = checkSignature(signed, trusted);
  const file = basename(download.filePath);
  if (signed.file !== file) throw new UpdateRejectedError('wrong-file', { file });
  if (signed.version !== download.version) {
    throw new UpdateRejectedError('wrong-version', { version: download.version });
  }
  if (
    !isVersion(signed.version) ||
    !isVersion(download.currentVersion) ||
    compareVersions(signed.version, download.currentVersion) <= 0
  ) {
    throw new UpdateRejectedError('not-newer', { version: signed.version });
  }
  const { size } = await stat(download.filePath);
  if (size !== signed.size) throw new UpdateRejectedError('wrong-size', { file });
  if ((await sha512OfFile(download.filePath)) !== signed.sha512) {
    throw new UpdateRejectedError('wrong-hash', { file });
  }
  return { file, version: signed.version, keyId: key.keyId };
}

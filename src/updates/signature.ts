/**
 * Update signatures: an Ed25519 signature over an installer's name, version, size and
 * SHA-512, published beside the installer as `<file>.sig.json`.
 *
 * Why our own: electron-updater checks the SHA-512 that the feed's latest.yml announces, but
 * whoever controls the feed controls that file too, and on Linux (AppImage, deb) nothing
 * else is checked. The key that signs here never goes near the feed; the app trusts only
 * the public keys compiled into it (trusted-keys.ts).
 *
 * Signing the name and version along with the hash stops a feed from passing off an older,
 * correctly signed installer as a newer version.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { createHash } from 'node:crypto';
import { UpdateRejectedError } from './errors';

export const SIGNATURE_FORMAT = 'citizen-card-manager-update-signature/1';
export const SIGNATURE_SUFFIX = '.sig.json';

/** What a signature vouches for. */
export interface SignedFields {
  /** The installer's file name as published (no directory). */
  file: string;
  version: string;
  size: number;
  /** SHA-512 of the installer, base64 (the encoding latest.yml uses). */
  sha512: string;
}

export interface SignatureFile extends SignedFields {
  format: typeof SIGNATURE_FORMAT;
  keyId: string;
  /** Ed25519 signature over signedMessage(fields), base64. */
  signature: string;
}

export interface TrustedKey {
  keyId: string;
  /** The raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
  /** Who holds the private key and since when, for people reading trusted-keys.ts. */
  note?: string;
}

// RFC 8410 §4: an Ed25519 SubjectPublicKeyInfo is this fixed prefix + the 32 key bytes.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const SAFE_FILE = /^[^/\\\n\r\0]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The exact bytes that are signed: one field a line, in a fixed order. */
export function signedMessage(fields: SignedFields): Buffer {
  if (!SAFE_FILE.test(fields.file) || fields.file === '.' || fields.file === '..') {
    throw new UpdateRejectedError('malformed', { field: 'file' });
  }
  if (!/^[0-9A-Za-z.+-]+$/.test(fields.version)) {
    throw new UpdateRejectedError('malformed', { field: 'version' });
  }
  if (!Number.isSafeInteger(fields.size) || fields.size < 0) {
    throw new UpdateRejectedError('malformed', { field: 'size' });
  }
  if (!BASE64.test(fields.sha512) || Buffer.from(fields.sha512, 'base64').length !== 64) {
    throw new UpdateRejectedError('malformed', { field: 'sha512' });
  }
  return Buffer.from(
    `${SIGNATURE_FORMAT}\nfile=${fields.file}\nversion=${fields.version}\n` +
      `size=${fields.size}\nsha512=${fields.sha512}\n`,
    'utf8',
  );
}

/** A short, stable name for a public key: the first 16 hex digits of its SHA-256. */
export function keyIdOf(rawPublicKey: Buffer): string {
  return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16);
}

export function publicKeyFromRaw(rawBase64: string): KeyObject {
  const raw = Buffer.from(rawBase64, 'base64');
  if (raw.length !== 32) throw new UpdateRejectedError('bad-key');
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, raw]),
    format: 'der',
    type: 'spki',
  });
}

/** The raw public key of a private key given as PEM (PKCS#8), for pinning and key IDs. */
export function rawPublicKeyOf(privateKeyPem: string | Buffer): Buffer {
  const spki = createPublicKey(createPrivateKey(privateKeyPem)).export({
    format: 'der',
    type: 'spki',
  });
  if (!spki.subarray(0, ED25519_SPKI_PREFIX.length).equals(ED25519_SPKI_PREFIX)) {
    throw new UpdateRejectedError('bad-key');
  }
  return spki.subarray(ED25519_SPKI_PREFIX.length);
}

export function signUpdate(fields: SignedFields, privateKeyPem: string | Buffer): SignatureFile {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new UpdateRejectedError('bad-key');
  const signature = sign(null, signedMessage(fields), key).toString('base64');
  return {
    format: SIGNATURE_FORMAT,
    file: fields.file,
    version: fields.version,
    size: fields.size,
    sha512: fields.sha512,
    keyId: keyIdOf(rawPublicKeyOf(privateKeyPem)),
    signature,
  };
}

/** Parses a `.sig.json` file; anything unexpected is a rejection, never a guess. */
export function parseSignatureFile(text: string): SignatureFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UpdateRejectedError('malformed', { field: 'json' });
  }
  if (typeof value !== 'object' || value === null) {
    throw new UpdateRejectedError('malformed', { field: 'json' });
  }
  const v = value as Record<string, unknown>;
  if (v.format !== SIGNATURE_FORMAT)
    throw new UpdateRejectedError('malformed', { field: 'format' });
  for (const field of ['file', 'version', 'sha512', 'keyId', 'signature'] as const) {
    if (typeof v[field] !== 'string') throw new UpdateRejectedError('malformed', { field });
  }
  if (typeof v.size !== 'number') throw new UpdateRejectedError('malformed', { field: 'size' });
  return {
    format: SIGNATURE_FORMAT,
    file: v.file as string,
    version: v.version as string,
    size: v.size,
    sha512: v.sha512 as string,
    keyId: v.keyId as string,
    signature: v.signature as string,
  };
}

/**
 * Checks the signature itself against the pinned keys; what it vouches for is compared with
 * the download by verifyDownloadedUpdate.
 */
export function checkSignature(file: SignatureFile, trusted: readonly TrustedKey[]): TrustedKey {
  const key = trusted.find((k) => k.keyId === file.keyId);
  if (!key) throw new UpdateRejectedError('unknown-key', { keyId: file.keyId });
  // A pinned entry whose ID does not match its own key is a mistake in trusted-keys.ts.
  if (keyIdOf(Buffer.from(key.publicKey, 'base64')) !== key.keyId) {
    throw new UpdateRejectedError('bad-key');
  }
  if (!BASE64.test(file.signature))
    throw new UpdateRejectedError('malformed', { field: 'signature' });
  const ok = verify(
    null,
    signedMessage(file),
    publicKeyFromRaw(key.publicKey),
    Buffer.from(file.signature, 'base64'),
  );
  if (!ok) throw new UpdateRejectedError('bad-signature');
  return key;
}

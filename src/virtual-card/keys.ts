/**
 * The committed test keys (resources/virtual-card/keys, see its README). They only ever
 * sign the virtual card's test chain; nothing else in the app trusts them.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../core/errors';

export type KeyName = 'test-root-ca' | 'test-issuing-ca' | 'holder-signing' | 'holder-key-exchange';

export interface TestKey {
  privateKey: KeyObject;
  /** SubjectPublicKeyInfo, PEM (what node-forge reads). */
  publicKeyPem: string;
  /** SHA-1 of the subjectPublicKey bits: the key identifier of RFC 5280 §4.2.1.2 (1). */
  keyIdentifier: Buffer;
}

/** Works from src/ under tsx and vitest, and from out/<target>/ after electron-vite. */
export const DEFAULT_KEYS_DIR = fileURLToPath(
  new URL('../../resources/virtual-card/keys/', import.meta.url),
);

const loaded = new Map<string, TestKey>();

export function loadTestKey(name: KeyName, keysDir = DEFAULT_KEYS_DIR): TestKey {
  const file = join(keysDir, `${name}.key.pem`);
  const cached = loaded.get(file);
  if (cached) return cached;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('not-found', 'virtualCard.keysMissing', { path: file }, String(err));
  }
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const key: TestKey = {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyIdentifier: createHash('sha1')
      .update(publicKey.export({ type: 'pkcs1', format: 'der' }))
      .digest(),
  };
  loaded.set(file, key);
  return key;
}

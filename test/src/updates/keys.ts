/** Throwaway Ed25519 keys for the tests, made fresh for each run. */
import { generateKeyPairSync } from 'node:crypto';
import { keyIdOf, rawPublicKeyOf, type TrustedKey } from '../../../src/updates';

export interface TestKey {
  privateKeyPem: string;
  trusted: TrustedKey;
}

export function makeKey(): TestKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const raw = rawPublicKeyOf(privateKeyPem);
  return { privateKeyPem, trusted: { keyId: keyIdOf(raw), publicKey: raw.toString('base64') } };
}

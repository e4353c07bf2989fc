import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkSignature,
  parseSignatureFile,
  signUpdate,
  UpdateRejectedError,
  type SignatureFile,
  type SignedFields,
} from '../../../src/updates';
import { makeKey } from './keys';

const fields: SignedFields = {
  file: 'citizen-card-manager-0.2.0-x86_64.AppImage',
  version: '0.2.0',
  size: 1234,
  sha512: createHash('sha512').update('installer').digest('base64'),
};
const key = makeKey();
const other = makeKey();

function rejection(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof UpdateRejectedError) return err.reason;
    throw err;
  }
  return 'accepted';
}

describe('update signatures', () => {
  it('verify with the pinned key they were made with', () => {
    const signature = signUpdate(fields, key.privateKeyPem);
    const roundTrip = parseSignatureFile(JSON.stringify(signature));
    expect(checkSignature(roundTrip, [other.trusted, key.trusted]).keyId).toBe(key.trusted.keyId);
  });

  it('fail when any signed field is changed after signing', () => {
    const signature = signUpdate(fields, key.privateKeyPem);
    const changes: Array<Partial<SignatureFile>> = [
      { version: '9.9.9' },
      { file: 'citizen-card-manager-0.1.0-x86_64.AppImage' },
      { size: 1235 },
      { sha512: createHash('sha512').update('other').digest('base64') },
    ];
    for (const change of changes) {
      expect(rejection(() => checkSignature({ ...signature, ...change }, [key.trusted]))).toBe(
        'bad-signature',
      );
    }
    const bytes = Buffer.from(signature.signature, 'base64');
    bytes[0] = bytes[0]! ^ 1;
    const flipped = { ...signature, signature: bytes.toString('base64') };
    expect(rejection(() => checkSignature(flipped, [key.trusted]))).toBe('bad-signature');
  });

  it('are refused when made with a key the app does not pin', () => {
    const signature = signUpdate(fields, other.privateKeyPem);
    expect(rejection(() => checkSignature(signature, [key.trusted]))).toBe('unknown-key');
    // Claiming the pinned key's ID does not help: the signature must verify under that key.
    const claimed = { ...signature, keyId: key.trusted.keyId };
    expect(rejection(() => checkSignature(claimed, [key.trusted]))).toBe('bad-signature');
  });

  it('are refused when no key is pinned at all', () => {
    const signature = signUpdate(fields, key.privateKeyPem);
    expect(rejection(() => checkSignature(signature, []))).toBe('unknown-key');
  });

  it('reject a pinned entry whose ID does not belong to its key', () => {
    const signature = signUpdate(fields, key.privateKeyPem);
    const wrongEntry = { keyId: key.trusted.keyId, publicKey: other.trusted.publicKey };
    expect(rejection(() => checkSignature(signature, [wrongEntry]))).toBe('bad-key');
  });

  it('cannot be made with a key of another type', () => {
    const ecdsa = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(rejection(() => signUpdate(fields, ecdsa))).toBe('bad-key');
  });

  it('refuse file names that could point outside the feed', () => {
    for (const file of ['../evil.AppImage', 'a/b.exe', 'x\ny.deb', '..']) {
      expect(rejection(() => signUpdate({ ...fields, file }, key.privateKeyPem))).toBe('malformed');
    }
  });

  it('treat a malformed signature file as a rejection, naming the field', () => {
    const good = signUpdate(fields, key.privateKeyPem);
    const cases: Array<[string, string]> = [
      ['not json', 'json'],
      ['null', 'json'],
      [JSON.stringify({ ...good, format: 'other/1' }), 'format'],
      [JSON.stringify({ ...good, size: '1234' }), 'size'],
      [JSON.stringify({ ...good, signature: 7 }), 'signature'],
    ];
    for (const [text, field] of cases) {
      try {
        parseSignatureFile(text);
        expect.unreachable(`accepted ${text}`);
      } catch (err) {
        expect(err).toBeInstanceOf(UpdateRejectedError);
        expect((err as UpdateRejectedError).reason).toBe('malformed');
        expect((err as UpdateRejectedError).params.field).toBe(field);
      }
    }
  });
});

/**
 * Checks a signature made over bytes (an OCSP response's tbsResponseData, a CRL's
 * tbsCertList, a responder certificate's tbsCertificate) with Node's crypto, by the
 * algorithm identifier the signed object names. Data may come in pieces, so a CRL of many
 * megabytes is verified while it is read from disk, never held whole.
 */
import { createPublicKey, createVerify, constants, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { RevocationFailure } from './failure';

const HASH_BY_OID: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** RSA PKCS#1 v1.5 and ECDSA signature algorithms → the digest they use. */
const SIMPLE: Record<string, { hash: string; ecdsa: boolean }> = {
  '1.2.840.113549.1.1.5': { hash: 'sha1', ecdsa: false },
  '1.2.840.113549.1.1.14': { hash: 'sha224', ecdsa: false },
  '1.2.840.113549.1.1.11': { hash: 'sha256', ecdsa: false },
  '1.2.840.113549.1.1.12': { hash: 'sha384', ecdsa: false },
  '1.2.840.113549.1.1.13': { hash: 'sha512', ecdsa: false },
  '1.2.840.10045.4.1': { hash: 'sha1', ecdsa: true },
  '1.2.840.10045.4.3.2': { hash: 'sha256', ecdsa: true },
  '1.2.840.10045.4.3.3': { hash: 'sha384', ecdsa: true },
  '1.2.840.10045.4.3.4': { hash: 'sha512', ecdsa: true },
};

const RSASSA_PSS = '1.2.840.113549.1.1.10';

export interface SignatureSpec {
  algorithm: pkijs.AlgorithmIdentifier;
  signature: Uint8Array;
}

interface Scheme {
  hash: string;
  key: (key: KeyObject) => Parameters<ReturnType<typeof createVerify>['verify']>[0];
}

function scheme(algorithm: pkijs.AlgorithmIdentifier): Scheme {
  const simple = SIMPLE[algorithm.algorithmId];
  if (simple) {
    return {
      hash: simple.hash,
      key: (key) => (simple.ecdsa ? { key, dsaEncoding: 'der' } : key),
    };
  }
  if (algorithm.algorithmId === RSASSA_PSS) {
    let params: pkijs.RSASSAPSSParams;
    try {
      params = new pkijs.RSASSAPSSParams({ schema: algorithm.algorithmParams });
    } catch (err) {
      throw new RevocationFailure('malformed', `RSASSA-PSS parameters: ${(err as Error).message}`);
    }
    const hash = HASH_BY_OID[params.hashAlgorithm.algorithmId];
    if (!hash)
      throw new RevocationFailure('unsupported', `PSS hash ${params.hashAlgorithm.algorithmId}`);
    return {
      hash,
      key: (key) => ({
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: params.saltLength,
      }),
    };
  }
  throw new RevocationFailure('unsupported', `signature algorithm ${algorithm.algorithmId}`);
}

export function publicKeyFromSpki(spki: Uint8Array): KeyObject {
  try {
    return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (err) {
    throw new RevocationFailure('unsupported', `public key: ${(err as Error).message}`);
  }
}

/** The DER SubjectPublicKeyInfo of a pkijs certificate. */
export function spkiOf(cert: pkijs.Certificate): Uint8Array {
  return new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER());
}

/** true when `spec` verifies over the pieces of `data` with `spki`'s key. */
export async function verifySigned(
  data: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  spec: SignatureSpec,
  spki: Uint8Array,
): Promise<boolean> {
  const { hash, key } = scheme(spec.algorithm);
  const verifier = createVerify(hash);
  for await (const piece of data) verifier.update(piece);
  try {
    return verifier.verify(key(publicKeyFromSpki(spki)), Buffer.from(spec.signature));
  } catch {
    // A signature that is not even well-formed for the key is a bad signature.
    return false;
  }
}

/** A certificate's own signature over its tbsCertificate, checked with `issuerSpki`. */
export function certificateSignedBy(
  cert: pkijs.Certificate,
  issuerSpki: Uint8Array,
): Promise<boolean> {
  return verifySigned(
    [cert.tbsView],
    { algorithm: cert.signatureAlgorithm, signature: cert.signatureValue.valueBlock.valueHexView },
    issuerSpki,
  );
}

/** Parse one DER object with asn1js; anything else (garbage, trailing bytes) is `malformed`. */
export function decodeDer(bytes: Uint8Array, what: string): asn1js.AsnType {
  const decoded = asn1js.fromBER(bytes);
  if (decoded.offset === -1 || decoded.offset !== bytes.byteLength) {
    throw new RevocationFailure('malformed', `${what}: not one DER object`);
  }
  return decoded.result;
}

export { HASH_BY_OID };

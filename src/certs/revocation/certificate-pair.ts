/**
 * The certificate being asked about and the CA certificate that issued it, as the protocol
 * code needs them: pkijs objects, the serial's bytes, and the issuer's key.
 */
import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { ParsedCertificate } from '../parse';
import { decodeDer, spkiOf } from './signed-data';

export interface CertificatePair {
  /** The DER content of the certificate's serial number. */
  serial: Buffer;
  /** The DER of the certificate's issuer Name (what issuerNameHash is computed over). */
  issuerName: Buffer;
  /** The issuer's SubjectPublicKeyInfo (DER) and its subjectPublicKey bits. */
  issuerSpki: Uint8Array;
  issuerKeyBits: Uint8Array;
  issuer: pkijs.Certificate;
}

export function certificatePair(
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
): CertificatePair {
  const issuerCert = new pkijs.Certificate({ schema: decodeDer(issuer.der, 'issuer certificate') });
  return {
    serial: Buffer.from(cert.serialNumber, 'hex'),
    issuerName: cert.issuerDer,
    issuerSpki: spkiOf(issuerCert),
    issuerKeyBits: issuerCert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView,
    issuer: issuerCert,
  };
}

/** RFC 6960 §4.1.1: hashes of the issuer's name and key with the CertID's own algorithm. */
export function certIdHashes(
  pair: CertificatePair,
  hash: string,
): { nameHash: Buffer; keyHash: Buffer } {
  return {
    nameHash: createHash(hash).update(pair.issuerName).digest(),
    keyHash: createHash(hash).update(pair.issuerKeyBits).digest(),
  };
}

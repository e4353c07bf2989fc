import forge from 'node-forge';
import { OID_RSA, SIGNATURE_ALGORITHMS } from './oids';
import type { ParsedCertificate } from './parse';

export type SignatureCheck = 'ok' | 'bad' | 'unsupported';

const cache = new WeakMap<ParsedCertificate, Map<string, SignatureCheck>>();

/**
 * Does `issuer`'s public key verify `cert`'s signature? RSA PKCS#1 v1.5 with SHA-1/2 is
 * checked with node-forge over the exact signed bytes; other algorithms report
 * 'unsupported' rather than pretending.
 */
export function verifySignature(
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
): SignatureCheck {
  let perCert = cache.get(cert);
  if (!perCert) cache.set(cert, (perCert = new Map()));
  const known = perCert.get(issuer.spkiSha256);
  if (known) return known;
  const result = check(cert, issuer);
  perCert.set(issuer.spkiSha256, result);
  return result;
}

function check(cert: ParsedCertificate, issuer: ParsedCertificate): SignatureCheck {
  const hash = SIGNATURE_ALGORITHMS[cert.signatureAlgorithm.oid]?.hash ?? null;
  if (hash === null || issuer.publicKey.algorithmOid !== OID_RSA) return 'unsupported';
  let key: forge.pki.rsa.PublicKey;
  try {
    const spki = forge.asn1.fromDer(issuer.spki.toString('latin1'), true);
    key = forge.pki.publicKeyFromAsn1(spki) as forge.pki.rsa.PublicKey;
  } catch {
    return 'bad';
  }
  // A signature must be exactly as long as the modulus (RFC 8017 §8.2.2 step 1).
  if (cert.signature.length !== Math.ceil(key.n.bitLength() / 8)) return 'bad';
  const md = forge.md[hash].create();
  md.update(cert.tbs.toString('latin1'));
  try {
    return key.verify(md.digest().getBytes(), cert.signature.toString('latin1')) ? 'ok' : 'bad';
  } catch {
    // forge throws on padding or DigestInfo it cannot decode: that is a bad signature.
    return 'bad';
  }
}

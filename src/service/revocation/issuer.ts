/**
 * The certificate of the CA that issued a certificate: the one among those at hand (the
 * card holds its issuing CA) whose key verifies the certificate's signature, else the one
 * its Authority Information Access "CA issuers" address serves, under the same test. The
 * key that verifies the signature is the issuer's key by definition, whatever the names
 * say, which matters because every MOICA generation has the same name.
 */
import { parseCertificates, verifySignature, type ParsedCertificate } from '../../certs';
import { RevocationFailure } from '../../certs/revocation';
import type { HttpOptions, HttpTransport } from './http';

/** A CA certificate is a few kilobytes; a bundle of a few is still small. */
const MAX_ISSUER_BYTES = 64 * 1024;

function signedBy(
  cert: ParsedCertificate,
  candidates: ParsedCertificate[],
): ParsedCertificate | null {
  const others = candidates.filter((c) => c.sha256 !== cert.sha256);
  // By key identifier first (cheap), then any other whose key verifies.
  const ordered = [
    ...others.filter((c) => cert.authorityKeyId !== null && c.subjectKeyId === cert.authorityKeyId),
    ...others.filter((c) => cert.authorityKeyId === null || c.subjectKeyId !== cert.authorityKeyId),
  ];
  return ordered.find((c) => verifySignature(cert, c) === 'ok') ?? null;
}

export async function findIssuer(
  cert: ParsedCertificate,
  candidates: ParsedCertificate[],
  transport: HttpTransport,
  http: HttpOptions,
): Promise<ParsedCertificate> {
  const local = signedBy(cert, candidates);
  if (local) return local;
  let lastFailure: RevocationFailure | null = null;
  for (const url of cert.caIssuerUrls) {
    try {
      const fetched = parseCertificates(await transport.get(url, MAX_ISSUER_BYTES, http));
      const issuer = signedBy(cert, fetched);
      if (issuer) return issuer;
    } catch (err) {
      if (err instanceof RevocationFailure) lastFailure = err;
    }
  }
  // A network failure on the way says more than "not found".
  if (lastFailure && lastFailure.problem !== 'no-location') throw lastFailure;
  throw new RevocationFailure('no-issuer', 'no certificate at hand verifies this one');
}

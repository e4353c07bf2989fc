import type { CertificateRole } from '../core/model';

/**
 * The holder's certificate that names the holder and that the advice is about: the signing
 * one, else the key-exchange one, else any that is not a CA's. Kept free of the parser so
 * the renderer can use the same choice on the summaries it receives.
 */
export function holderCertificate<T extends { role: CertificateRole; isCA: boolean }>(
  certs: readonly T[],
): T | null {
  return (
    certs.find((c) => c.role === 'signing') ??
    certs.find((c) => c.role === 'key-exchange') ??
    certs.find((c) => !c.isCA) ??
    null
  );
}

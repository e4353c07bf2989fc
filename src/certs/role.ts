import type { CertificateRole } from '../core/model';
import type { KeyUsageName } from './oids';

export interface RoleInput {
  isCA: boolean;
  selfSigned: boolean;
  /** null when the certificate has no keyUsage extension. */
  keyUsage: readonly KeyUsageName[] | null;
}

/**
 * What a certificate is for. CA certificates: self-signed → root, otherwise issuing CA.
 * End-entity: non-repudiation marks the signing certificate (card-profile.md §3);
 * otherwise key or data encipherment marks the key-exchange one; a certificate with
 * only digitalSignature is a signing certificate too.
 */
export function classifyRole(cert: RoleInput): CertificateRole {
  if (cert.isCA) return cert.selfSigned ? 'root-ca' : 'issuing-ca';
  const usage = new Set(cert.keyUsage ?? []);
  if (usage.has('nonRepudiation')) return 'signing';
  if (usage.has('keyEncipherment') || usage.has('dataEncipherment')) return 'key-exchange';
  if (usage.has('digitalSignature')) return 'signing';
  return 'other';
}

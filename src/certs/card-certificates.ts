/**
 * The certificates read from one card, parsed together: what the app's status view, the
 * diagnosis and the CLI all start from. A certificate that cannot be parsed is kept as a
 * failure with its ID, so the others are still shown.
 */
import type { CardCertificate } from '../core/model';
import { parseCertificateDer, type ParsedCertificate } from './parse';

export interface ParsedCardCertificates {
  certificates: ParsedCertificate[];
  failures: Array<{ id: string; error: unknown }>;
}

export function parseCardCertificates(raw: CardCertificate[]): ParsedCardCertificates {
  const set: ParsedCardCertificates = { certificates: [], failures: [] };
  for (const cert of raw) {
    try {
      set.certificates.push(parseCertificateDer(cert.der, { id: cert.id, label: cert.label }));
    } catch (error) {
      set.failures.push({ id: cert.id, error });
    }
  }
  return set;
}

export { holderCertificate } from './holder';

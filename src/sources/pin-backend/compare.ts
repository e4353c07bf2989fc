import type { CardCertificate } from '../../core/model';
import type { TokenCertificate } from '../../card/pkcs11/protocol';
import type { CertificateComparison } from './types';

/** Same certificate = same DER bytes; IDs and labels differ between PKCS#15 and modules. */
export function compareCertificates(
  card: CardCertificate[],
  token: TokenCertificate[],
): CertificateComparison {
  const tokenDer = token.map((t) => Buffer.from(t.der.buffer, t.der.byteOffset, t.der.byteLength));
  const onCard = card.filter((c) => tokenDer.some((d) => d.equals(c.der)));
  return {
    matched: onCard.length,
    onlyOnCard: card.filter((c) => !onCard.includes(c)).map((c) => c.id),
    onlyInToken: token
      .filter((_, i) => !card.some((c) => c.der.equals(tokenDer[i]!)))
      .map((t) => t.label || t.idHex),
  };
}

/**
 * Tokens may list fewer certificates than the card holds (no CA certificates, say), so
 * only "none in common" counts as a mismatch: then the slot is likely another card's.
 */
export function certificatesDisagree(c: CertificateComparison): boolean {
  const cardHas = c.matched + c.onlyOnCard.length > 0;
  const tokenHas = c.matched + c.onlyInToken.length > 0;
  return cardHas && tokenHas && c.matched === 0;
}

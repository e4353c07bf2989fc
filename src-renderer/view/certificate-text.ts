import { t, type Lang } from '../../src/core/i18n';
import type { ChainStatus } from '../../src/service/contract';
import type { CertificateRole } from '../../src/core/model';

export function roleText(role: CertificateRole, lang: Lang): string {
  return t(lang, `ui.certs.role.${role}`);
}

export function chainText(status: ChainStatus, lang: Lang): string {
  return t(lang, `ui.certs.chain.${status}`);
}

/** Only a chain to a pinned root reads as good; a test root is fine on the virtual card only. */
export function chainTone(status: ChainStatus): 'ok' | 'warning' | 'bad' {
  if (status === 'trusted') return 'ok';
  if (status === 'test-root' || status === 'untrusted-root' || status === 'incomplete') {
    return 'warning';
  }
  return 'bad';
}

/**
 * A key usage bit (the certificate parser's name, worded in the certs catalogue) or an
 * extended key usage (named here); an OID nobody named stays as it is.
 */
export function keyUsageText(usage: string, lang: Lang): string {
  for (const key of [`certs.keyUsage.${usage}`, `ui.certs.eku.${usage}`]) {
    // t() gives the key back for a message it lacks; hasMessage() would ask the language
    // not on screen too, which the page has not loaded.
    const text = t(lang, key);
    if (text !== key) return text;
  }
  return usage;
}

/** `AB12CD…` → `AB:12:CD…`, the form other certificate viewers show. */
export function colonHex(hex: string): string {
  return (hex.toUpperCase().match(/.{1,2}/g) ?? []).join(':');
}

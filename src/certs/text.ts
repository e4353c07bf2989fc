import { t, type Lang } from '../core/i18n';
import type { ChainCheckResult } from './chain';
import type { ParsedCertificate } from './parse';
import { formatDate, taipeiDateOf, taipeiTimeOf } from '../core/calendar';
import { isoInstant } from './time';
import { defaultTrustList, moicaGeneration, type TrustList } from './trust';

/** Key identifiers in the grouping MOICA's own publications use: `3A90 8EE7 ...`. */
export function formatKeyId(hex: string): string {
  return (hex.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}

function instant(date: Date, lang: Lang): string {
  return t(lang, 'certs.text.instant', {
    date: formatDate(taipeiDateOf(date), lang),
    time: taipeiTimeOf(date),
    iso: isoInstant(date),
  });
}

function list(values: string[], lang: Lang): string {
  return values.length > 0 ? values.join(', ') : t(lang, 'certs.text.none');
}

export interface CertificateTextOptions {
  /** Instant for the valid/expired line (default: now). */
  at?: Date;
  trust?: TrustList;
}

/** Every field of a certificate, one `label: value` line each, for `citizen-card` output. */
export function certificateToText(
  cert: ParsedCertificate,
  lang: Lang,
  options: CertificateTextOptions = {},
): string {
  const at = options.at ?? new Date();
  const s = cert.summary;
  const lines: Array<[string, string]> = [];
  const add = (key: string, value: string): void => {
    lines.push([t(lang, `certs.field.${key}`), value]);
  };
  add('role', t(lang, `certs.role.${s.role}`));
  add('subject', s.subject);
  if (s.subjectCN !== null) add('subjectCN', s.subjectCN);
  if (s.subjectSerialNumber !== null) add('subjectSerialNumber', s.subjectSerialNumber);
  add('issuer', s.issuer);
  const generation = moicaGeneration(cert, options.trust ?? defaultTrustList());
  if (generation) add('moicaGeneration', generation);
  add('serialNumber', s.serialNumber);
  add('notBefore', instant(cert.notBefore, lang));
  add('notAfter', instant(cert.notAfter, lang));
  const state = at < cert.notBefore ? 'notYetValid' : at > cert.notAfter ? 'expired' : 'valid';
  add('validity', t(lang, `certs.validity.${state}`, { at: isoInstant(at) }));
  add(
    'key',
    s.keySize === null
      ? s.keyType
      : t(lang, 'certs.text.keySize', { type: s.keyType, bits: s.keySize }),
  );
  add('signatureAlgorithm', cert.signatureAlgorithm.name);
  add(
    'keyUsage',
    cert.hasKeyUsage
      ? list(
          s.keyUsage.map((u) => `${t(lang, `certs.keyUsage.${u}`)} (${u})`),
          lang,
        )
      : t(lang, 'certs.text.noKeyUsage'),
  );
  add('extKeyUsage', list(s.extKeyUsage, lang));
  add(
    'isCA',
    s.isCA
      ? cert.pathLen === null
        ? t(lang, 'certs.text.yes')
        : t(lang, 'certs.text.caPathLen', { pathLen: cert.pathLen })
      : t(lang, 'certs.text.no'),
  );
  add(
    'subjectKeyId',
    cert.subjectKeyId ? formatKeyId(cert.subjectKeyId) : t(lang, 'certs.text.none'),
  );
  add(
    'authorityKeyId',
    cert.authorityKeyId ? formatKeyId(cert.authorityKeyId) : t(lang, 'certs.text.none'),
  );
  add('policies', list(cert.policies, lang));
  add('crlUrls', list(cert.crlUrls, lang));
  add('ocspUrls', list(cert.ocspUrls, lang));
  add('caIssuerUrls', list(cert.caIssuerUrls, lang));
  add('sha1', s.sha1);
  add('sha256', s.sha256);
  const header = t(lang, 'certs.text.header', { label: s.label, id: s.id });
  return [header, ...lines.map(([label, value]) => `  ${label}: ${value}`)].join('\n') + '\n';
}

/** The chain check as people read it: the verdict, then each link and its problems. */
export function chainToText(result: ChainCheckResult, lang: Lang): string {
  const lines = [t(lang, result.message.key, result.message.params)];
  result.links.forEach((link, i) => {
    const known = link.knownAs ? ` [${link.knownAs}]` : '';
    lines.push(`  ${i + 1}. ${t(lang, `certs.role.${link.role}`)}: ${link.subject}${known}`);
    for (const problem of link.problems) lines.push(`     - ${t(lang, problem)}`);
  });
  if (result.missingIssuer) {
    const { keyId, knownAs } = result.missingIssuer;
    lines.push(
      '  ' +
        t(lang, 'certs.text.missingIssuer', {
          keyId: keyId ? formatKeyId(keyId) : '-',
          name: knownAs ?? '-',
        }),
    );
  }
  if (result.rootMatch) {
    lines.push('  ' + t(lang, 'certs.text.rootSource', { source: result.rootMatch.source }));
  }
  return lines.join('\n') + '\n';
}

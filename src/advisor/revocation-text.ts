/**
 * What the issuer said about a certificate, as one line for people: the status (正常 / 停用 /
 * 廢止 / 無法確認 / 未查詢), since when and why, and the evidence (OCSP or CRL, the address,
 * when it was asked), or why no answer was had. Shared by the CLI, the app and the report.
 */
import { t, type Lang } from '../core/i18n';
import type { AdvisorResult, AdvisorStatus, RevocationInfo } from '../core/model';
import { formatDate, taipeiDateOf, taipeiTimeOf } from '../core/calendar';
import { terminalText } from '../core/terminal-text';

/** An instant in both calendars with its Taipei time (C-ROC). */
export function instantText(iso: string, lang: Lang): string {
  return t(lang, 'revocation.instant', {
    date: formatDate(taipeiDateOf(iso), lang),
    time: taipeiTimeOf(iso).slice(0, 5),
  });
}

export function revocationStatusText(info: RevocationInfo, lang: Lang): string {
  return t(lang, `revocation.status.${info.status}`);
}

/** One line: status, its dates and reason, and where and when it was learned (or why not). */
export function revocationLine(info: RevocationInfo, lang: Lang): string {
  const status = revocationStatusText(info, lang);
  if (info.status === 'unknown' || info.status === 'not-checked') {
    return t(lang, `revocation.line.${info.status}`, {
      status,
      problem: t(lang, `revocation.problem.${info.problem ?? 'not-requested'}`),
    });
  }
  const evidence = t(lang, 'revocation.evidence', {
    source: t(lang, `revocation.source.${info.source ?? 'ocsp'}`),
    // From the certificate (its AIA or CRL distribution point): any text at all, shown escaped.
    url: info.url ? terminalText(info.url) : '-',
    checkedAt: info.checkedAt ? instantText(info.checkedAt, lang) : '-',
  });
  return t(lang, `revocation.line.${info.status}`, {
    status,
    evidence,
    revokedAt: info.revokedAt ? instantText(info.revokedAt, lang) : '-',
    reason: t(lang, `revocation.reason.${info.reason ?? 'unspecified'}`),
  });
}

/**
 * The key naming the advice's status (`advisor.status.<key>`): a date-based "valid" is only
 * "valid by its dates" unless the issuer confirmed it (R-STATUS-UNKNOWN).
 */
export function statusKey(result: Pick<AdvisorResult, 'status' | 'revocation'>): string {
  const status: AdvisorStatus = result.status;
  return status === 'valid' && result.revocation.status !== 'good' ? 'valid.byDates' : status;
}

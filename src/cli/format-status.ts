/**
 * `status`, `readers` and `certs` as text: terse, one fact per line, in the spirit of
 * pcsc_scan and opensc-tool, so a helpdesk can paste it into a ticket. Dates appear in both
 * calendars (citizen-rules.md C-ROC).
 */
import { formatDate, renderAdvice, revocationLine, taipeiDateOf } from '../advisor';
import { spacedHex } from '../card/apdu/hex';
import type { ReaderState } from '../sources/card-source';
import { t, type Lang } from '../core/i18n';
import type { CardStatus, CertificateSummary, OtherCard, SecretStatus } from '../core/model';
import { holderCertificate } from '../certs/holder';
import { otherCardText } from '../service/other-card-text';
import { terminalText } from '../core/terminal-text';

/** A value read from a card, a certificate or a reader, printed escaped (cli.md "Terminal safety"). */
const shown = (value: string): string => terminalText(value);

/** `3B8A80` → `3B 8A 80`, as pcsc_scan prints an ATR. */
function spacedAtr(hex: string): string {
  return spacedHex(Buffer.from(hex, 'hex'));
}

const LABEL_WIDTH = 14;

/** `Label:` padded to one column; CJK labels count double so values still line up. */
function row(label: string, value: string): string {
  const width = [...label].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);
  return `${label}:${' '.repeat(Math.max(1, LABEL_WIDTH - width))}${value}`;
}

export function secretStatusText(
  status: SecretStatus | null,
  kind: 'pin' | 'userCode',
  lang: Lang,
): string {
  if (!status) return t(lang, 'cli.secret.unknown');
  if (status.blocked)
    return t(lang, kind === 'pin' ? 'cli.secret.pinBlocked' : 'cli.secret.userCodeBlocked');
  const parts: string[] = [];
  if (status.triesLeft !== null && status.maxTries !== null) {
    parts.push(t(lang, 'cli.secret.tries', { left: status.triesLeft, max: status.maxTries }));
  } else if (status.triesLeft !== null) {
    parts.push(t(lang, 'cli.secret.triesNoMax', { left: status.triesLeft }));
  } else {
    parts.push(t(lang, 'cli.secret.ok'));
  }
  if (status.lastTry) parts.push(t(lang, 'cli.secret.lastTry'));
  if (status.source === 'pkcs11') parts.push(t(lang, 'cli.secret.fromPkcs11'));
  return parts.join(' - ');
}

function validityText(cert: CertificateSummary, lang: Lang): string {
  return t(lang, 'cli.cert.validity', {
    from: formatDate(taipeiDateOf(cert.notBefore), lang),
    to: formatDate(taipeiDateOf(cert.notAfter), lang),
  });
}

export function certificateLines(cert: CertificateSummary, lang: Lang, now: Date): string[] {
  const badges: string[] = [];
  if (Date.parse(cert.notAfter) < now.getTime()) badges.push(t(lang, 'cli.cert.expired'));
  if (Date.parse(cert.notBefore) > now.getTime()) badges.push(t(lang, 'cli.cert.notYetValid'));
  const head = [
    shown(cert.id).padEnd(6),
    t(lang, `cli.cert.role.${cert.role}`),
    cert.label ? `"${shown(cert.label)}"` : '',
    ...badges,
  ]
    .filter(Boolean)
    .join('  ');
  const pad = '        ';
  return [
    `  ${head}`,
    `${pad}${t(lang, 'cli.cert.subject')} ${shown(cert.subject)}`,
    `${pad}${t(lang, 'cli.cert.issuer')} ${shown(cert.issuer)}`,
    `${pad}${t(lang, 'cli.cert.serial')} ${shown(cert.serialNumber)}`,
    `${pad}${validityText(cert, lang)}`,
    `${pad}${t(lang, 'cli.cert.keyUsage')} ${cert.keyUsage.join(', ') || '-'}${cert.isCA ? '  (CA)' : ''}`,
    `${pad}SHA-256 ${cert.sha256}`,
    ...(cert.revocation
      ? [`${pad}${t(lang, 'cli.cert.revocation')} ${revocationLine(cert.revocation, lang)}`]
      : []),
  ];
}

/** Under the family: what the card is instead of a 自然人憑證, and how that was told. */
function otherCardRows(status: CardStatus, lang: Lang): string[] {
  if (!status.otherCard) return [];
  const words = otherCardText(status.otherCard, lang, status.cardNumber);
  const indent = ' '.repeat(LABEL_WIDTH + 1);
  return [indent + words.statement, indent + words.how];
}

export function formatStatus(status: CardStatus, lang: Lang, now: Date): string {
  const dash = '-';
  const lines = [
    row(t(lang, 'cli.label.reader'), shown(status.reader)),
    row(t(lang, 'cli.label.atr'), spacedAtr(status.atr)),
    row(
      t(lang, 'cli.label.family'),
      t(lang, 'cli.familyLine', {
        family: status.family,
        name: t(lang, `cli.family.${status.family}`),
        channel: status.pinChannel,
      }),
    ),
    ...otherCardRows(status, lang),
    row(t(lang, 'cli.label.cardNumber'), status.cardNumber ? shown(status.cardNumber) : dash),
    row(t(lang, 'cli.label.osVersion'), status.osVersion ? shown(status.osVersion) : dash),
    row(t(lang, 'cli.label.holder'), status.holderName ? shown(status.holderName) : dash),
    row(t(lang, 'cli.label.pin'), secretStatusText(status.pin, 'pin', lang)),
    row(t(lang, 'cli.label.userCode'), secretStatusText(status.userCode, 'userCode', lang)),
    row(t(lang, 'cli.label.certificates'), String(status.certificates.length)),
  ];
  for (const cert of status.certificates) lines.push(...certificateLines(cert, lang, now));
  if (status.advice) {
    const holder = holderCertificate(status.certificates);
    lines.push(`${t(lang, 'cli.label.advice')}:`);
    const advice = renderAdvice(status.advice, lang, holder ? { notAfter: holder.notAfter } : {});
    lines.push(...advice.split('\n').map((l) => `  ${l}`));
  }
  return lines.join('\n') + '\n';
}

/** One reader per line: name, then the card's ATR and family, or "no card". */
export function formatReaders(
  readers: Array<
    Pick<ReaderState, 'name' | 'cardPresent' | 'mute' | 'atr'> & {
      family: string | null;
      otherCard?: OtherCard | null;
    }
  >,
  lang: Lang,
): string {
  if (readers.length === 0) return t(lang, 'error.noReader') + '\n';
  const lines: string[] = [];
  readers.forEach((r, i) => {
    lines.push(`${i}: ${shown(r.name)}`);
    if (!r.cardPresent) lines.push(`   ${t(lang, 'cli.readers.noCard')}`);
    else if (r.mute || !r.atr) lines.push(`   ${t(lang, 'cli.readers.mute')}`);
    else {
      lines.push(`   ATR: ${spacedAtr(r.atr)}`);
      if (r.family) {
        lines.push(
          `   ${t(lang, 'cli.label.family')}: ${r.family} (${t(lang, `cli.family.${r.family}`)})`,
        );
      }
      if (r.otherCard) lines.push(`   ${otherCardText(r.otherCard, lang).statement}`);
    }
  });
  return lines.join('\n') + '\n';
}

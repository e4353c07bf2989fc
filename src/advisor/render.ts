/**
 * The advisor's result as text for people (CLI text form, diagnostic report): status, days
 * left, both windows and every action, dates in both calendars (C-ROC).
 */
import { t, type Lang } from '../core/i18n';
import type { AdvisorResult, AdvisorWindow } from '../core/model';
import { daysBetween, formatDate, taipeiTimeOf } from '../core/calendar';
import { rulesLine } from './facts';
import { revocationLine, statusKey } from './revocation-text';
import { linkLine } from './links';
import { renderAction } from './situations';

export interface RenderOptions {
  /** The certificate's exact notAfter; its Taipei time is shown when not 23:59:59. */
  notAfter?: Date | string;
}

/** "3 days left", "last day", "expired 2 days ago": `daysLeft` as the advisor counts it. */
export function daysLeftText(daysLeft: number, lang: Lang): string {
  if (daysLeft > 0) {
    return t(lang, daysLeft === 1 ? 'advisor.daysLeft.one' : 'advisor.daysLeft.many', {
      days: daysLeft,
    });
  }
  if (daysLeft === 0) return t(lang, 'advisor.daysLeft.lastDay');
  const ago = -daysLeft;
  return t(lang, ago === 1 ? 'advisor.daysLeft.expiredOne' : 'advisor.daysLeft.expiredMany', {
    days: ago,
  });
}

function windowState(w: AdvisorWindow, applies: boolean, today: string): string {
  if (!applies) return 'notApplicable';
  if (w.open) return 'open';
  if (daysBetween(today, w.from) > 0) return 'notYet';
  if (daysBetween(w.to, today) > 0) return 'ended';
  return 'closed';
}

function windowLine(
  key: 'extension' | 'onlineRenewal',
  w: AdvisorWindow | null,
  result: AdvisorResult,
  lang: Lang,
): string {
  const label = t(lang, `advisor.window.${key}`);
  if (!w) return `${label}${t(lang, 'advisor.window.extension.none')}`;
  // Online renewal is only for certificates valid up to the 8-year limit (R-RENEW-ONLINE).
  const applies = key === 'extension' || result.extended;
  const state = t(lang, `advisor.window.${key}.${windowState(w, applies, result.today)}`);
  return t(lang, 'advisor.window.line', {
    label,
    from: formatDate(w.from, lang),
    to: formatDate(w.to, lang),
    state,
  });
}

export function renderAdvice(
  result: AdvisorResult,
  lang: Lang,
  options: RenderOptions = {},
): string {
  const lines: string[] = [];
  lines.push(t(lang, 'advisor.label.today', { date: formatDate(result.today, lang) }));
  const status = statusKey(result);
  lines.push(
    t(lang, 'advisor.label.status', {
      status: t(lang, `advisor.status.${status}`),
      meaning: t(lang, `advisor.status.${status}.meaning`),
    }),
  );
  lines.push(t(lang, 'advisor.label.issuer', { line: revocationLine(result.revocation, lang) }));
  let expires = t(lang, 'advisor.label.expiresOn', {
    date: formatDate(result.expiresOn, lang),
    left: daysLeftText(result.daysLeft, lang),
  });
  if (options.notAfter !== undefined) {
    const time = taipeiTimeOf(options.notAfter);
    if (time !== '23:59:59') expires += t(lang, 'advisor.label.expiresAt', { time });
  }
  lines.push(expires);
  lines.push(
    t(lang, 'advisor.label.finalExpiresOn', { date: formatDate(result.finalExpiresOn, lang) }),
  );
  lines.push(
    t(
      lang,
      `advisor.label.kind.${result.extended ? 'extended' : 'original'}.${result.extendedSource}`,
    ),
  );
  lines.push(windowLine('extension', result.windows.extension, result, lang));
  lines.push(windowLine('onlineRenewal', result.windows.onlineRenewal, result, lang));
  lines.push(t(lang, 'advisor.label.actions'));
  result.actions.forEach((action, i) => {
    const a = renderAction(action, lang, result);
    const indent = '   ';
    lines.push(`${String(i + 1)}. ${a.text}`);
    if (a.when) lines.push(indent + a.when);
    for (const link of a.links) lines.push(indent + linkLine(link, lang));
    lines.push(indent + rulesLine(a.rules, lang));
    for (const line of a.asOf) lines.push(indent + line);
  });
  return lines.join('\n');
}

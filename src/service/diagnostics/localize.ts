/**
 * Findings carry their texts as references; this turns them into words in one language.
 * The renderer runs it too, so a report follows the language switch without a new run.
 */
import { fill, linkLine, renderAction, situation } from '../../advisor';
import { formatDate, taipeiDateOf, taipeiTimeOf } from '../../core/calendar';
import { t, type Lang } from '../../core/i18n';
import { isMoicaLinkId } from '../../core/moica-links';
import { terminalLines, terminalText } from '../../core/terminal-text';
import type { AdvisorResult } from '../../core/model';
import type { DiagnosticReport, Finding, RawFinding, TextRef } from './types';

/**
 * Parameters that are blocks of lines composed by a step (the unknown card's report), whose
 * line feeds are ours; the step escapes each value it puts in them.
 */
const BLOCK_PARAMS = new Set(['report']);

/**
 * An instant as people in Taiwan read it: Taipei date in both calendars, Taipei time. A
 * saved report can come from anywhere, so text that is no instant is shown as it is (the
 * printers escape it) rather than stopping the whole report.
 */
export function taipeiInstantText(iso: string, lang: Lang): string {
  try {
    return t(lang, 'guide.time.taipei', {
      date: formatDate(taipeiDateOf(iso), lang),
      time: taipeiTimeOf(iso),
    });
  } catch {
    return iso;
  }
}

function renderRef(ref: TextRef, lang: Lang, advice: AdvisorResult | null): string {
  if ('instant' in ref) return taipeiInstantText(ref.instant, lang);
  if ('link' in ref) return isMoicaLinkId(ref.link) ? linkLine(ref.link, lang) : '';
  if ('list' in ref) {
    return ref.list.map((r) => renderRef(r, lang, advice)).join(t(lang, 'advisor.listSeparator'));
  }
  if ('situation' in ref) {
    const s = situation(ref.situation, lang);
    return [
      s.title,
      ...s.steps.map((step, i) => `${i + 1}. ${step}`),
      ...s.links.map((l) => linkLine(l, lang)),
      ...s.asOf,
    ].join('\n');
  }
  if ('action' in ref) {
    const a = renderAction(ref.action, lang, advice ?? undefined);
    return [a.text, a.when, ...a.links.map((l) => linkLine(l, lang)), ...a.asOf]
      .filter((x): x is string => !!x)
      .join('\n');
  }
  // Values come from cards, certificates, modules and the network: a control character in
  // one shows as `\x1b` in the report, in the app as in a terminal (docs/cli.md).
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(ref.params ?? {})) {
    if (typeof value !== 'string') params[name] = value;
    else params[name] = BLOCK_PARAMS.has(name) ? terminalLines(value) : terminalText(value);
  }
  for (const [name, inner] of Object.entries(ref.nested ?? {})) {
    params[name] = renderRef(inner, lang, advice);
  }
  // Facts MOICA can change ({hotline}...) are filled from the advisor's dated data.
  return fill(t(lang, ref.key, params), lang);
}

function adviceOf(finding: Pick<RawFinding, 'data'>): AdvisorResult | null {
  return (finding.data.advice as AdvisorResult | undefined) ?? null;
}

export function renderRefs(
  refs: TextRef[],
  lang: Lang,
  separator: string,
  advice: AdvisorResult | null = null,
): string {
  return refs.map((r) => renderRef(r, lang, advice)).join(separator);
}

/** Chinese sentences end in full-width punctuation and take no space between them. */
function sentenceGap(lang: Lang): string {
  return lang === 'zh-TW' ? '' : ' ';
}

export function localizeFinding(raw: RawFinding, lang: Lang): Finding {
  const advice = adviceOf(raw);
  const gap = sentenceGap(lang);
  return {
    id: raw.id,
    severity: raw.severity,
    ...(raw.reader !== undefined ? { reader: raw.reader } : {}),
    title: renderRefs(raw.title, lang, gap, advice),
    cause: renderRefs(raw.cause, lang, gap, advice),
    // A blank line between remedies: two situations' numbered steps must not read as one list.
    remedy: raw.remedy.length ? renderRefs(raw.remedy, lang, '\n\n', advice) : null,
    rules: raw.rules,
    data: raw.data,
    messages: { title: raw.title, cause: raw.cause, remedy: raw.remedy },
  };
}

/** The same report in another language (masking was applied when it was made). */
export function relocalizeReport(report: DiagnosticReport, lang: Lang): DiagnosticReport {
  const findings = report.findings.map((f) => {
    const raw: RawFinding = {
      id: f.id,
      severity: f.severity,
      title: f.messages.title,
      cause: f.messages.cause,
      remedy: f.messages.remedy,
      rules: f.rules,
      data: f.data,
    };
    if (f.reader !== undefined) raw.reader = f.reader;
    return localizeFinding(raw, lang);
  });
  return { ...report, lang, findings };
}

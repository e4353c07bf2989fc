/**
 * The report as plain text for a ticket: one block per finding, worst news visible at a
 * glance ([ERROR] ...), the trace at the end. Same content as the JSON, in its language.
 */
import { t } from '../../core/i18n';
import { taipeiInstantText } from './localize';
import { traceLines } from './trace';
import type { DiagnosticReport, Finding, Severity } from './types';

const LABEL: Record<Severity, string> = {
  ok: '[OK]',
  info: '[INFO]',
  warning: '[WARNING]',
  error: '[ERROR]',
};

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

function findingBlock(f: Finding, report: DiagnosticReport): string {
  const { lang } = report;
  const lines = [`${LABEL[f.severity]} ${f.title}`];
  if (f.reader !== undefined)
    lines.push(indent(t(lang, 'diagnostics.text.reader', { reader: f.reader }), '    '));
  if (f.cause) lines.push(indent(f.cause, '    '));
  if (f.remedy) {
    lines.push(`    ${t(lang, 'diagnostics.text.remedy')}`);
    lines.push(indent(f.remedy, '      '));
  }
  if (f.rules.length)
    lines.push(`    ${t(lang, 'diagnostics.text.rules', { rules: f.rules.join(', ') })}`);
  return lines.join('\n');
}

export function formatReportText(report: DiagnosticReport): string {
  const { lang } = report;
  const head = [
    t(lang, 'diagnostics.text.heading', { name: report.app.name, version: report.app.version }),
    t(lang, 'guide.diagnose.generatedAt', { at: taipeiInstantText(report.generatedAt, lang) }),
    t(lang, 'diagnostics.text.summary', {
      errors: report.summary.errors,
      warnings: report.summary.warnings,
    }),
    t(lang, report.masked ? 'diagnostics.text.masked' : 'diagnostics.text.unmasked'),
  ];
  const blocks = report.findings.map((f) => findingBlock(f, report));
  const parts = [head.join('\n'), ...blocks];
  if (report.trace) {
    const lines = report.trace.length
      ? traceLines(report.trace)
      : [t(lang, 'diagnostics.text.traceEmpty')];
    parts.push([t(lang, 'diagnostics.text.trace'), ...lines].join('\n'));
  }
  return parts.join('\n\n') + '\n';
}

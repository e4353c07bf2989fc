/**
 * The report as plain text for a ticket: one block per finding, worst news visible at a
 * glance ([ERROR] ...), the trace at the end. Same content as the JSON, in its language.
 */
import { t } from '../../core/i18n';
import { terminalLines, terminalText } from '../../core/terminal-text';
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

/**
 * A finding's texts were localised with escaped values, but a report can also come from a
 * file (saved by the app, or on another computer): its texts are escaped again here, line
 * by line, and the one-line fields as a whole (docs/cli.md "Terminal safety").
 */
function findingBlock(f: Finding, report: DiagnosticReport): string {
  const { lang } = report;
  const lines = [`${LABEL[f.severity]} ${terminalText(f.title)}`];
  if (f.reader !== undefined)
    lines.push(
      indent(t(lang, 'diagnostics.text.reader', { reader: terminalText(f.reader) }), '    '),
    );
  if (f.cause) lines.push(indent(terminalLines(f.cause), '    '));
  if (f.remedy) {
    lines.push(`    ${t(lang, 'diagnostics.text.remedy')}`);
    lines.push(indent(terminalLines(f.remedy), '      '));
  }
  if (f.rules.length)
    lines.push(
      `    ${t(lang, 'diagnostics.text.rules', { rules: terminalText(f.rules.join(', ')) })}`,
    );
  return lines.join('\n');
}

export function formatReportText(report: DiagnosticReport): string {
  const { lang } = report;
  const head = [
    t(lang, 'diagnostics.text.heading', {
      name: terminalText(report.app.name),
      version: terminalText(report.app.version),
    }),
    t(lang, 'guide.diagnose.generatedAt', {
      at: terminalText(taipeiInstantText(report.generatedAt, lang)),
    }),
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
      ? traceLines(report.trace).map(terminalText)
      : [t(lang, 'diagnostics.text.traceEmpty')];
    parts.push([t(lang, 'diagnostics.text.trace'), ...lines].join('\n'));
  }
  return parts.join('\n\n') + '\n';
}

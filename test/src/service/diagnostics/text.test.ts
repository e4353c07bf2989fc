/**
 * A report rendered as text can come from a file (saved by the app, or on another
 * computer): whatever its strings hold, the text carries no terminal control but the
 * line feeds between its own lines (docs/cli.md "Terminal safety").
 */
import { describe, expect, it } from 'vitest';
import { formatReportText, REPORT_SCHEMA } from '../../../../src/service/diagnostics';
import type { DiagnosticReport } from '../../../../src/service/diagnostics/types';
import { outputControls } from '../../../helpers/terminal';

const ESC = '\u001b';

function hostileReport(): DiagnosticReport {
  const evil = `${ESC}[2K\r${ESC}[32mPIN OK${ESC}]0;x\u0007\u009b`;
  return {
    schema: REPORT_SCHEMA,
    generatedAt: `2026-12-03T00:00:00Z${evil}`,
    lang: 'en',
    masked: false,
    app: { name: `app${evil}`, version: `1${evil}`, runtime: 'cli' },
    os: { platform: 'linux', release: '6', arch: 'x64' },
    findings: [
      {
        id: 'card.identity',
        severity: 'info',
        reader: `reader${evil}`,
        title: `title${evil}`,
        cause: `first line\ncause${evil}`,
        remedy: `remedy${evil}`,
        rules: [`R-${evil}`],
        data: {},
        messages: { title: [], cause: [], remedy: [] },
      },
    ],
    summary: { errors: 0, warnings: 0 },
    trace: [{ direction: 'command', hex: `00 A4${evil}`, atMs: 0, reader: `reader${evil}` }],
  };
}

describe('formatReportText', () => {
  it('shows every control character of a saved report as a visible escape', () => {
    const text = formatReportText(hostileReport());
    expect(outputControls(text)).toEqual([]);
    expect(text).toContain('title\\x1b[2K\\x0d\\x1b[32mPIN OK\\x1b]0;x\\x07\\x9b');
    // The report's own line break inside a cause is kept.
    expect(text).toMatch(/^ {4}first line\n {4}cause\\x1b/m);
  });
});

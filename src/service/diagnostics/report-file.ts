/**
 * Opening a saved diagnostic report (`citizen-card diagnose --open FILE`, the Diagnose
 * screen's "open a report"): the JSON a report was saved as, checked field by field before
 * anything shows it. A report of another schema version, or one that is damaged, gets one
 * sentence saying which (docs/diagnostics.md "Opening a saved report"). Pure: the page uses
 * it too.
 */
import { InvalidInputError } from '../../core/errors';
import { REPORT_SCHEMA, type DiagnosticReport } from './types';

/** A report with a full trace is a few hundred KB; anything far larger is not one. */
export const MAX_REPORT_BYTES = 5 * 1024 * 1024;

const SEVERITIES = ['ok', 'info', 'warning', 'error'];

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** Why a report cannot be shown; `detail` names the first field that is wrong. */
export class ReportFileError extends InvalidInputError {
  constructor(
    readonly problem: 'not-json' | 'not-report' | 'schema' | 'damaged',
    params: Record<string, string | number>,
  ) {
    // A newer report wants a newer app; an older one, an older app (or the person's help).
    const which = problem === 'schema' ? `.${String(params.which)}` : '';
    super(`report.open.${problem}${which}`, params);
  }
}

function damaged(file: string, detail: string): never {
  throw new ReportFileError('damaged', { file, detail });
}

function textRefsOk(v: unknown): boolean {
  return (
    Array.isArray(v) &&
    v.every(
      (ref) =>
        isObject(ref) &&
        (isString(ref.key) ||
          isString(ref.situation) ||
          isObject(ref.action) ||
          // A MOICA page, an instant, a list (types.ts): texts people read in Taipei terms.
          isString(ref.link) ||
          isString(ref.instant) ||
          (Array.isArray(ref.list) && textRefsOk(ref.list))) &&
        (ref.params === undefined || isObject(ref.params)) &&
        (ref.nested === undefined || isObject(ref.nested)),
    )
  );
}

function checkFinding(f: unknown, i: number, file: string): void {
  const at = `findings[${i}]`;
  if (!isObject(f)) damaged(file, at);
  if (!isString(f.id)) damaged(file, `${at}.id`);
  if (!SEVERITIES.includes(f.severity as string)) damaged(file, `${at}.severity`);
  if (f.reader !== undefined && !isString(f.reader)) damaged(file, `${at}.reader`);
  if (!isString(f.title) || !isString(f.cause)) damaged(file, `${at}.title`);
  if (f.remedy !== null && !isString(f.remedy)) damaged(file, `${at}.remedy`);
  if (!Array.isArray(f.rules) || !f.rules.every(isString)) damaged(file, `${at}.rules`);
  if (!isObject(f.data)) damaged(file, `${at}.data`);
  const m = f.messages;
  if (!isObject(m) || !textRefsOk(m.title) || !textRefsOk(m.cause) || !textRefsOk(m.remedy)) {
    damaged(file, `${at}.messages`);
  }
}

function checkTrace(trace: unknown, file: string): void {
  if (trace === undefined) return;
  if (!Array.isArray(trace)) damaged(file, 'trace');
  trace.forEach((e, i) => {
    if (
      !isObject(e) ||
      !isString(e.reader) ||
      (e.direction !== 'command' && e.direction !== 'response') ||
      !isString(e.hex) ||
      typeof e.atMs !== 'number'
    ) {
      damaged(file, `trace[${i}]`);
    }
  });
}

/**
 * The report in `text`, or a ReportFileError: not JSON at all, JSON that is no report, a
 * report of another schema (newer or older than this app reads), or a damaged one.
 * `file` only names the file in the message.
 */
export function parseReportFile(text: string, file: string): DiagnosticReport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new ReportFileError('not-json', { file });
  }
  if (!isObject(doc) || !('schema' in doc) || !Array.isArray(doc.findings)) {
    throw new ReportFileError('not-report', { file });
  }
  if (doc.schema !== REPORT_SCHEMA) {
    const found = typeof doc.schema === 'number' ? doc.schema : String(doc.schema);
    const newer = typeof found === 'number' && found > REPORT_SCHEMA;
    throw new ReportFileError('schema', {
      file,
      found,
      supported: REPORT_SCHEMA,
      which: newer ? 'newer' : 'older',
    });
  }
  if (!isString(doc.generatedAt) || Number.isNaN(Date.parse(doc.generatedAt))) {
    damaged(file, 'generatedAt');
  }
  if (doc.lang !== 'zh-TW' && doc.lang !== 'en') damaged(file, 'lang');
  if (typeof doc.masked !== 'boolean') damaged(file, 'masked');
  const app = doc.app;
  if (!isObject(app) || !isString(app.name) || !isString(app.version) || !isString(app.runtime)) {
    damaged(file, 'app');
  }
  const os = doc.os;
  if (!isObject(os) || !isString(os.platform) || !isString(os.release) || !isString(os.arch)) {
    damaged(file, 'os');
  }
  doc.findings.forEach((f, i) => checkFinding(f, i, file));
  const findings = doc.findings as DiagnosticReport['findings'];
  const summary = doc.summary;
  if (!isObject(summary) || !isCount(summary.errors) || !isCount(summary.warnings)) {
    damaged(file, 'summary');
  }
  // The counts are derived from the findings: a mismatch means the file was edited or cut.
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (summary.errors !== errors || summary.warnings !== warnings) damaged(file, 'summary');
  checkTrace(doc.trace, file);
  return doc as unknown as DiagnosticReport;
}

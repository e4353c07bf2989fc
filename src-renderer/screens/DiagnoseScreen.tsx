import { useState } from 'react';
import { relocalizeReport, taipeiInstantText } from '../../src/service/diagnostics/localize';
import { formatReportText } from '../../src/service/diagnostics/text';
import { traceLines } from '../../src/service/diagnostics/trace';
import type { DiagnosticReport, Finding } from '../../src/service/diagnostics/types';
import { RichText } from '../components/RichText';
import { useDiagnose } from '../store/diagnose-store';
import { useCard, useT } from '../store/use-card';
import { copyText, downloadText, reportFileName } from '../view/report-file';
import './diagnose.css';
import { SelfTestPanel, selfTestOffered } from './selftest/SelfTestPanel';
import { OpenReport } from './diagnose/OpenReport';

function FindingItem({ finding, index }: { finding: Finding; index: number }) {
  const { tr } = useT();
  const titleId = `finding-${index}-title`;
  return (
    <li
      className={`finding finding-${finding.severity}`}
      aria-labelledby={titleId}
      data-testid={`finding-${finding.id}`}
      data-severity={finding.severity}
    >
      <div className="finding-head">
        <span className={`badge severity-${finding.severity}`}>
          {tr(`diagnostics.ui.severity.${finding.severity}`)}
        </span>
        <h3 id={titleId}>{finding.title}</h3>
      </div>
      {finding.reader !== undefined && (
        <p className="muted">{tr('diagnostics.text.reader', { reader: finding.reader })}</p>
      )}
      {finding.cause && (
        <p className="finding-text">
          <RichText text={finding.cause} />
        </p>
      )}
      {finding.remedy && (
        <div className="finding-remedy">
          <h4>{tr('diagnostics.text.remedy')}</h4>
          <p className="finding-text">
            <RichText text={finding.remedy} />
          </p>
        </div>
      )}
      {finding.rules.length > 0 && (
        <p className="rule-ids">
          {tr('diagnostics.text.rules', { rules: finding.rules.join(' · ') })}
        </p>
      )}
    </li>
  );
}

const PROBLEM_RANK: Partial<Record<Finding['severity'], number>> = { error: 0, warning: 1 };

/** Errors, then warnings, each in the order the checks ran; the rest apart. */
export function splitFindings(findings: Finding[]): {
  problems: Array<{ finding: Finding; index: number }>;
  rest: Array<{ finding: Finding; index: number }>;
} {
  const indexed = findings.map((finding, index) => ({ finding, index }));
  const rank = (f: Finding) => PROBLEM_RANK[f.severity];
  return {
    problems: indexed
      .filter((x) => rank(x.finding) !== undefined)
      .sort((a, b) => rank(a.finding)! - rank(b.finding)! || a.index - b.index),
    rest: indexed.filter((x) => rank(x.finding) === undefined),
  };
}

function ReportView({ report }: { report: DiagnosticReport }) {
  const { lang, tr } = useT();
  const [outcome, setOutcome] = useState<'copied' | 'copyFailed' | 'saved' | null>(null);
  const text = formatReportText(report);
  const { errors, warnings } = report.summary;
  const tone = errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'ok';
  const { problems, rest } = splitFindings(report.findings);
  const first = problems[0]?.finding.title ?? '';
  const verdict =
    tone === 'ok'
      ? tr('guide.diagnose.verdict.ok')
      : tr(`guide.diagnose.verdict.${tone}`, { count: problems.length, first });
  const item = ({ finding, index }: { finding: Finding; index: number }) => (
    <FindingItem
      key={`${finding.id}-${finding.reader ?? ''}-${index}`}
      finding={finding}
      index={index}
    />
  );
  return (
    <section aria-labelledby="diagnose-report-title" data-testid="diagnose-report">
      <h3 id="diagnose-report-title" className="visually-hidden">
        {tr('diagnostics.ui.reportTitle')}
      </h3>
      <p
        className={`diagnose-verdict summary-${tone}`}
        role="status"
        data-testid="diagnose-verdict"
      >
        {verdict}
      </p>
      <p className="diagnose-summary muted" data-testid="diagnose-summary">
        {tr('diagnostics.text.summary', { errors, warnings })}
        {' · '}
        {tr(report.masked ? 'diagnostics.text.masked' : 'diagnostics.text.unmasked')}
        {' · '}
        {tr('guide.diagnose.generatedAt', { at: taipeiInstantText(report.generatedAt, lang) })}
      </p>
      <div className="diagnose-actions">
        <button
          type="button"
          onClick={() => void copyText(text).then((ok) => setOutcome(ok ? 'copied' : 'copyFailed'))}
          data-testid="diagnose-copy"
        >
          {tr('diagnostics.ui.copy')}
        </button>
        <button
          type="button"
          onClick={() => {
            downloadText(reportFileName(report.generatedAt, 'txt'), text, 'text/plain');
            setOutcome('saved');
          }}
          data-testid="diagnose-save-text"
        >
          {tr('diagnostics.ui.saveText')}
        </button>
        <button
          type="button"
          onClick={() => {
            const json = JSON.stringify(report, null, 2) + '\n';
            downloadText(reportFileName(report.generatedAt, 'json'), json, 'application/json');
            setOutcome('saved');
          }}
          data-testid="diagnose-save-json"
        >
          {tr('diagnostics.ui.saveJson')}
        </button>
        <span className="muted" aria-live="polite">
          {outcome && tr(`diagnostics.ui.${outcome}`)}
        </span>
      </div>
      {problems.length > 0 && (
        <section aria-labelledby="diagnose-problems-title">
          <h3 id="diagnose-problems-title" className="findings-heading">
            {tr('guide.diagnose.problems')}
          </h3>
          <ol className="findings" data-testid="diagnose-problems">
            {problems.map(item)}
          </ol>
        </section>
      )}
      {rest.length > 0 && (
        <details className="panel all-checks" data-testid="diagnose-all-checks">
          <summary>
            {tr(problems.length > 0 ? 'guide.diagnose.allChecksFine' : 'guide.diagnose.allChecks', {
              count: rest.length,
            })}
          </summary>
          <ol className="findings">{rest.map(item)}</ol>
        </details>
      )}
      {report.trace && (
        <details className="panel">
          <summary>{tr('diagnostics.text.trace')}</summary>
          <pre className="mono trace" data-testid="diagnose-trace">
            {report.trace.length
              ? traceLines(report.trace).join('\n')
              : tr('diagnostics.text.traceEmpty')}
          </pre>
        </details>
      )}
    </section>
  );
}

/** "My card doesn't work": every check in one click, as a report to paste into a ticket. */
export function DiagnoseScreen() {
  const { lang, tr } = useT();
  const report = useDiagnose((s) => s.report);
  const busy = useDiagnose((s) => s.busy);
  const error = useDiagnose((s) => s.error);
  const unmask = useDiagnose((s) => s.unmask);
  const trace = useDiagnose((s) => s.trace);
  const actions = useDiagnose((s) => s);
  const cardStatus = useCard((s) => s.status);
  // The report follows the language switch without being made again.
  const shown = report && report.lang !== lang ? relocalizeReport(report, lang) : report;
  return (
    <section aria-labelledby="diagnose-title" aria-busy={busy}>
      <h2 id="diagnose-title">{tr('diagnostics.ui.title')}</h2>
      <p className="muted">{tr('diagnostics.ui.intro')}</p>
      <div className="panel diagnose-options">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={unmask}
            disabled={busy}
            onChange={(e) => void actions.setUnmask(e.target.checked, lang)}
            data-testid="diagnose-unmask"
          />
          <span>
            {tr('diagnostics.ui.unmask')}
            <span className="hint"> {tr('diagnostics.ui.unmaskHint')}</span>
          </span>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={trace}
            disabled={busy}
            onChange={(e) => actions.setTrace(e.target.checked)}
            data-testid="diagnose-trace-toggle"
          />
          <span>
            {tr('diagnostics.ui.trace')}
            <span className="hint"> {tr('diagnostics.ui.traceHint')}</span>
          </span>
        </label>
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void actions.run(lang)}
          data-testid="diagnose-run"
        >
          {tr(
            busy
              ? 'diagnostics.ui.running'
              : report
                ? 'diagnostics.ui.runAgain'
                : 'diagnostics.ui.run',
          )}
        </button>
      </div>
      {error && (
        <div className="message message-error" role="alert" data-testid="diagnose-error">
          <p>{tr(error.messageKey, error.params)}</p>
        </div>
      )}
      <OpenReport />
      {shown && <ReportView report={shown} />}
      {selfTestOffered(cardStatus) && !cardStatus.pin?.blocked && (
        <SelfTestPanel status={cardStatus} />
      )}
    </section>
  );
}

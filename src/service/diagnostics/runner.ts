/**
 * runDiagnostics: small steps, each returning findings, collected into one report
 * (the shape Mattermost Desktop uses for its diagnostics). Read-only throughout: no PIN
 * byte is sent, no counter is spent, nothing is written to a card.
 */
import type { DiagnosticsDeps } from './deps';
import { localizeFinding } from './localize';
import { Redactions } from './masking';
import { cardFindings } from './steps/card';
import { environmentFindings } from './steps/environment';
import {
  findPkcs11Module,
  pkcs11Finding,
  probeWebComponent,
  webComponentFinding,
} from './steps/middleware';
import { openService, readersFinding } from './steps/pcsc';
import { nhiComponentFinding, probeNhiComponent } from './steps/components';
import { readerQuirkFindings } from './steps/readers-quirks';
import { createTraceRecorder } from './trace';
import { REPORT_SCHEMA, type DiagnosticReport, type RawFinding } from './types';

export async function runDiagnostics(deps: DiagnosticsDeps): Promise<DiagnosticReport> {
  const now = deps.now();
  const masked = deps.unmask !== true;
  const redactions = new Redactions();
  // Who uses this computer shows in its paths: the home folder, the login name.
  redactions.addHome(deps.paths.home);
  redactions.addUserName(deps.userName);
  const recorder = deps.trace ? createTraceRecorder({ hideResponses: masked }) : null;
  const raw: RawFinding[] = [...environmentFindings(deps), ...(deps.extraFindings ?? [])];

  // The web component may take its whole timeout: ask it while the cards are read.
  const web = probeWebComponent(deps);
  const pkcs11 = findPkcs11Module(deps);
  const nhi = probeNhiComponent(deps);

  const service = await openService(deps);
  raw.push(...service.findings);
  if (service.opened) {
    const { source } = service.opened;
    try {
      const all = source.readers();
      raw.push(readersFinding(all, deps));
      raw.push(...readerQuirkFindings(all.map((r) => r.name)));
      const readers = deps.reader === undefined ? all : all.filter((r) => r.name === deps.reader);
      const anyCard = readers.some((r) => r.cardPresent);
      const ctx = { deps, source, now, redactions, recorder, pkcs11, web };
      // One reader after another: the report reads in order and the trace stays legible.
      for (const reader of readers) raw.push(...(await cardFindings(ctx, reader, anyCard)));
    } finally {
      await service.opened.close();
    }
  }
  raw.push(pkcs11Finding(pkcs11, deps.os.platform));
  raw.push(webComponentFinding(await web));
  const nhiFacts = await nhi;
  if (nhiFacts) raw.push(nhiComponentFinding(nhiFacts));

  const findings = raw.map((f) => localizeFinding(f, deps.lang));
  const report: DiagnosticReport = {
    schema: REPORT_SCHEMA,
    generatedAt: now.toISOString(),
    lang: deps.lang,
    masked,
    app: { ...deps.app },
    os: { ...deps.os },
    findings,
    summary: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
    },
  };
  if (recorder) report.trace = recorder.entries();
  // Last, over everything (texts, data, message parameters, trace): nothing personal
  // survives in a masked report, whichever step let it through.
  return masked ? redactions.scrub(report) : report;
}

/** cli.md: diagnose exits 1 when any finding is an error, 0 otherwise. */
export function hasErrors(report: DiagnosticReport): boolean {
  return report.summary.errors > 0;
}

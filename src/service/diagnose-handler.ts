/**
 * The 'diagnose:run' handler: the same runDiagnostics as `citizen-card diagnose`, over the
 * card source the app is showing. In demo mode that is the demo card (the report says so);
 * on real cards it is the app's own PC/SC service, so a diagnosis opens no PC/SC context of
 * its own, however often it is asked.
 *
 * Requests that overlap share work: the same request (language, "show", trace) joins the
 * run under way, and a different one waits for it, so two hundred clicks read the card once
 * and never more than one diagnosis talks to the card at a time.
 */
import type { CardSource } from '../sources/card-source';
import {
  machineDeps,
  runDiagnostics,
  type DiagnosticReport,
  type DiagnosticsDeps,
  type OpenedSource,
} from './diagnostics';
import { PcscUnavailableError } from '../core/errors';
import type { AppInfo, DiagnoseRequest } from './contract';

export interface DiagnoseHandlerOptions {
  /** A vendor card's counters from its PKCS#11 module, through the app's own source. */
  pkcs11Status?: DiagnosticsDeps['pkcs11Status'];
  /**
   * Whether and how to ask the issuer, decided at each run (the setting, and real cards or
   * the demo card, may have changed since the last).
   */
  revocation?: () => Promise<Pick<DiagnosticsDeps, 'checkRevocation' | 'revocationNotChecked'>>;
  /** Tests replace parts of the machine (module paths, the 61161 probe...). */
  deps?: Partial<DiagnosticsDeps>;
}

export function createDiagnoseHandler(
  source: CardSource,
  appInfo: () => AppInfo,
  now: () => Date,
  options: DiagnoseHandlerOptions = {},
): (request: DiagnoseRequest) => Promise<DiagnosticReport> {
  const appSource = async (): Promise<OpenedSource> => {
    if (source.status === 'down') throw new PcscUnavailableError();
    // The app's source stays open after the diagnosis: it is the app's, not the report's.
    const opened: OpenedSource = { source, close: async () => {} };
    if (source.kind === 'virtual') opened.virtualScenario = appInfo().demoScenario ?? 'demo';
    return opened;
  };

  const diagnose = async ({ lang, unmask, trace }: DiagnoseRequest): Promise<DiagnosticReport> => {
    const info = appInfo();
    const revocation = options.revocation ? await options.revocation() : {};
    return runDiagnostics({
      lang,
      unmask,
      trace,
      now,
      app: { name: info.name, version: info.version, runtime: info.runtime },
      ...machineDeps(),
      openSource: appSource,
      // A vendor module reads real cards; the demo card has its counters on the card.
      pkcs11Status: source.kind === 'virtual' ? undefined : options.pkcs11Status,
      ...revocation,
      ...options.deps,
    });
  };

  const running = new Map<string, Promise<DiagnosticReport>>();
  let queue: Promise<unknown> = Promise.resolve();
  return (request) => {
    const key = `${request.lang}|${request.unmask}|${request.trace}`;
    const joined = running.get(key);
    if (joined) return joined;
    const run = queue.then(() => diagnose(request));
    queue = run.catch(() => undefined);
    running.set(key, run);
    const done = () => {
      if (running.get(key) === run) running.delete(key);
    };
    run.then(done, done);
    return run;
  };
}

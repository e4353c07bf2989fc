/**
 * The 'diagnose:run' handler: the same runDiagnostics as `citizen-card diagnose`, over the
 * app's card source. When the app runs on the demo card only because PC/SC was missing
 * (or by choice), the diagnosis still looks at the real machine through a PC/SC source of
 * its own, since "why does the app not see my card" is the question being asked.
 */
import type { CardSource } from '../sources/card-source';
import { readySource } from '../sources/source-base';
import {
  machineDeps,
  runDiagnostics,
  type DiagnosticReport,
  type DiagnosticsDeps,
  type OpenedSource,
} from './diagnostics';
import { finding, msg } from './diagnostics/deps';
import { PcscUnavailableError } from '../core/errors';
import type { AppInfo, DiagnoseRequest } from './contract';

export interface DiagnoseHandlerOptions {
  /** Opens a PC/SC source of its own when the app runs on the virtual card. */
  openPcsc?: () => Promise<CardSource>;
  /** A vendor card's counters from its PKCS#11 module, through the app's own source. */
  pkcs11Status?: DiagnosticsDeps['pkcs11Status'];
  /**
   * Whether and how to ask the issuer, decided at each run (the setting may have changed);
   * `ownPcsc`: the diagnosis reads real readers while the app runs on the demo card.
   */
  revocation?: (
    ownPcsc: boolean,
  ) => Promise<Pick<DiagnosticsDeps, 'checkRevocation' | 'revocationNotChecked'>>;
  /** Tests replace parts of the machine (module paths, the 61161 probe...). */
  deps?: Partial<DiagnosticsDeps>;
}

export function createDiagnoseHandler(
  source: CardSource,
  appInfo: AppInfo,
  now: () => Date,
  options: DiagnoseHandlerOptions = {},
): (request: DiagnoseRequest) => Promise<DiagnosticReport> {
  const appSource = async (): Promise<OpenedSource> => {
    if (source.status === 'down') throw new PcscUnavailableError();
    const opened: OpenedSource = { source, close: async () => {} };
    if (source.kind === 'virtual') opened.virtualScenario = appInfo.demoScenario ?? 'demo';
    return opened;
  };
  // Opened as `citizen-card diagnose` opens PC/SC: settled, and closed again when down.
  const ownPcsc = async (open: () => Promise<CardSource>): Promise<OpenedSource> => {
    const pcsc = await readySource(await open());
    return { source: pcsc, close: () => pcsc.close() };
  };

  return async ({ lang, unmask, trace }) => {
    const demo = source.kind === 'virtual';
    const open = options.openPcsc;
    const extraFindings =
      demo && open
        ? [
            finding('app.demo', 'info', {
              title: [msg('diagnostics.app.demo.title')],
              cause: [msg('diagnostics.app.demo.cause', { scenario: appInfo.demoScenario ?? '' })],
              data: { scenario: appInfo.demoScenario },
            }),
          ]
        : [];
    const revocation = options.revocation ? await options.revocation(demo && !!open) : {};
    return runDiagnostics({
      lang,
      unmask,
      trace,
      now,
      app: { name: appInfo.name, version: appInfo.version, runtime: appInfo.runtime },
      ...machineDeps(),
      openSource: demo && open ? () => ownPcsc(open) : appSource,
      // The PIN backend reaches cards through the app's source; on a source of our own
      // (demo mode) it would ask the wrong one.
      pkcs11Status: demo ? undefined : options.pkcs11Status,
      extraFindings,
      ...revocation,
      ...options.deps,
    });
  };
}

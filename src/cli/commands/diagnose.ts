/**
 * `citizen-card diagnose`: every finding about the computer, the readers, the card and
 * MOICA's middleware, each with a cause and a remedy. Exit 0 when no finding is an error,
 * 1 otherwise; "no PC/SC" and "no reader" are findings here, never exit 3 (cli.md).
 */
import { constants } from 'node:fs';
import { access, lstat } from 'node:fs/promises';
import { dirname } from 'node:path';
import pkg from '../../../package.json' with { type: 'json' };
import {
  formatReportText,
  hasErrors,
  machineDeps,
  relocalizeReport,
  runDiagnostics,
  type DiagnosticsDeps,
  type OpenedSource,
} from '../../service/diagnostics';
import { InvalidInputError } from '../../core/errors';
import { t } from '../../core/i18n';
import { CARD_OPTIONS, openCardSource } from '../card-access';
import { stringOption, type CliCommand, type CliContext } from '../context';
import { EXIT } from '../exit-codes';
import { moduleSecretState } from '../../sources/pin-backend';
import { pinBackendOptions } from '../pin-backends';
import { ONLINE_OPTIONS, onlineOptions } from '../online-option';
import { checkCertificates } from '../../service/revocation';
import { readRegularFile, writePrivateFile } from '../../platform';
import { MAX_REPORT_BYTES, parseReportFile } from '../../service/diagnostics/report-file';
import { terminalJson, terminalLines } from '../../core/terminal-text';

/** Options that look at this computer or its cards: meaningless for a saved report. */
const LIVE_ONLY = ['reader', 'virtual', 'state', 'unmask', 'trace', 'online', 'timeout'] as const;

/**
 * `diagnose --open FILE`: a saved report (from the app or another computer) shown as text or
 * JSON, in its own language unless --lang asks for the other; no card, no reader, no network.
 * Exit as the report says (0, or 1 with an error finding); 2 for a file that is no report.
 */
async function showSavedReport(ctx: CliContext, file: string): Promise<number> {
  const given = LIVE_ONLY.find((o) => ctx.values[o] !== undefined);
  if (given) throw new InvalidInputError('report.open.liveOption', { option: `--${given}` });
  const bytes = await readRegularFile(file, { maxBytes: MAX_REPORT_BYTES });
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const saved = parseReportFile(text, file);
  const report =
    typeof ctx.values.lang === 'string' && ctx.lang !== saved.lang
      ? relocalizeReport(saved, ctx.lang)
      : saved;
  ctx.io.stdout.write(ctx.json ? terminalJson(report) : terminalLines(formatReportText(report)));
  return hasErrors(report) ? EXIT.other : EXIT.ok;
}

/** The same source every card command opens; the report names the virtual card's scenario. */
async function openForDiagnosis(ctx: CliContext): Promise<OpenedSource> {
  const source = await openCardSource(ctx);
  const opened: OpenedSource = { source, close: () => source.close() };
  const scenario = stringOption(ctx, 'virtual');
  if (scenario !== undefined || stringOption(ctx, 'state') !== undefined) {
    opened.virtualScenario = scenario ?? 'fresh';
  }
  return opened;
}

/**
 * Fail before touching any card when the trace file cannot be written (exit 2): its folder
 * must exist and be writable, and the name must not be a folder. Nothing is created or
 * truncated here; the report replaces the file only once it is complete.
 */
async function checkWritable(file: string): Promise<void> {
  const refuse = (detail: string) =>
    new InvalidInputError('diagnostics.cli.traceUnwritable', { file, detail });
  try {
    await access(dirname(file), constants.W_OK | constants.X_OK);
  } catch (err) {
    throw refuse((err as NodeJS.ErrnoException).code ?? (err as Error).message);
  }
  const existing = await lstat(file).catch(() => null);
  if (existing?.isDirectory()) throw refuse('EISDIR');
}

/** Tests replace parts of the machine (module paths, the 61161 probe, the OS). */
export function createDiagnoseCommand(overrides: Partial<DiagnosticsDeps> = {}): CliCommand {
  return {
    name: 'diagnose',
    summaryKey: 'diagnostics.cli.summary',
    usage:
      'citizen-card diagnose [--reader NAME] [--virtual SCENARIO [--state FILE]] [--unmask] [--trace FILE] [--online [--timeout SECONDS]] [--json] [--lang zh-TW|en]\n       citizen-card diagnose --open REPORT.json [--json] [--lang zh-TW|en]',
    options: {
      ...CARD_OPTIONS,
      ...ONLINE_OPTIONS,
      unmask: { type: 'boolean' },
      trace: { type: 'string' },
      open: { type: 'string' },
    },
    async run(ctx) {
      const [extra] = ctx.positionals;
      if (extra !== undefined) {
        throw new InvalidInputError('diagnostics.cli.unexpectedArgument', { arg: extra });
      }
      const saved = stringOption(ctx, 'open');
      if (saved !== undefined) return showSavedReport(ctx, saved);
      const online = onlineOptions(ctx);
      const traceFile = stringOption(ctx, 'trace');
      if (traceFile !== undefined) await checkWritable(traceFile);
      let opened: OpenedSource | null = null;
      const deps: DiagnosticsDeps = {
        lang: ctx.lang,
        unmask: ctx.values.unmask === true,
        trace: traceFile !== undefined,
        now: ctx.services.now ?? (() => new Date()),
        app: { name: pkg.productName, version: pkg.version, runtime: 'cli' },
        ...machineDeps(ctx.io.env),
        openSource: async () => (opened = await openForDiagnosis(ctx)),
        reader: stringOption(ctx, 'reader'),
        // A vendor card's counters from its PKCS#11 module (CITIZEN_CARD_PKCS11_MODULE or
        // the usual paths), asked through the source the diagnosis opened.
        pkcs11Status: async (reader) =>
          opened ? moduleSecretState(opened.source, reader, pinBackendOptions(ctx)) : null,
        // Only with --online: otherwise each certificate says "not asked" (cli.md).
        ...(online ? { checkRevocation: (certs) => checkCertificates(certs, online) } : {}),
        ...overrides,
      };
      const report = await runDiagnostics(deps);
      if (traceFile !== undefined) {
        // An unmasked report holds the card number and the holder's name: readable by this
        // person only, in a new file that replaces whatever was there (a link planted at
        // that name is replaced, not written through; an old file's 0644 is not kept).
        await writePrivateFile(traceFile, JSON.stringify(report, null, 2) + '\n');
        ctx.io.stderr.write(t(ctx.lang, 'diagnostics.cli.traceSaved', { file: traceFile }) + '\n');
      }
      ctx.io.stdout.write(
        ctx.json ? terminalJson(report) : terminalLines(formatReportText(report)),
      );
      return hasErrors(report) ? EXIT.other : EXIT.ok;
    },
  };
}

export const diagnoseCommand = createDiagnoseCommand();

/** `citizen-card status`: the card, its PIN and user-code counters, certificates and advice. */
import { isAppError } from '../../core/errors';
import { localizeError, t } from '../../core/i18n';
import { holderCertificate } from '../../certs/holder';
import { userDirs } from '../../platform';
import { adviceFor, readCardStatus, type CardStatusReport } from '../../service/card-status';
import { KnownCards } from '../../service/known-cards';
import { CARD_OPTIONS, withChosenReader } from '../card-access';
import type { CliCommand, CliContext } from '../context';
import { reportProblem } from './cards';
import { terminalText } from '../../core/terminal-text';
import { EXIT } from '../exit-codes';
import { EXTENSION_OPTIONS, statedExtension } from '../extension-option';
import { formatStatus } from '../format-status';
import { certificateStatuses, ONLINE_OPTIONS, onlineOptions } from '../online-option';
import { otherCardText } from '../../service/other-card-text';
import { PKCS11_OPTIONS, pinBackendOptions } from '../pin-backends';

/**
 * With --remember, or the app's switch on: remember the card just read. False when that was
 * asked for and did not happen (the status itself is already printed).
 */
async function rememberAfterRead(
  ctx: CliContext,
  known: KnownCards,
  report: CardStatusReport,
  now: Date,
): Promise<boolean> {
  const asked = ctx.values.remember === true;
  try {
    const outcome = await known.afterRead(report, now, asked);
    if (outcome.problem) reportProblem(ctx, outcome.problem);
    if (asked && !outcome.remembered) {
      ctx.io.stderr.write(t(ctx.lang, 'knownCards.cli.cannotRemember') + '\n');
      return false;
    }
    if (asked) {
      const number = terminalText(report.status.cardNumber ?? '');
      ctx.io.stderr.write(t(ctx.lang, 'knownCards.cli.remembered', { number }) + '\n');
    }
    return true;
  } catch (err) {
    ctx.io.stderr.write(localizeError(err, ctx.lang) + '\n');
    return !asked;
  }
}

export const statusCommand: CliCommand = {
  name: 'status',
  summaryKey: 'cli.status.summary',
  usage:
    'citizen-card status [--reader NAME] [--virtual SCENARIO [--state FILE]] [--pkcs11-module PATH] [--extended|--original] [--online [--timeout SECONDS]] [--remember] [--json] [--lang zh-TW|en]',
  options: {
    ...CARD_OPTIONS,
    ...PKCS11_OPTIONS,
    ...EXTENSION_OPTIONS,
    ...ONLINE_OPTIONS,
    remember: { type: 'boolean' },
  },
  async run(ctx) {
    const extended = statedExtension(ctx, 'cli.status.bothKinds');
    const online = onlineOptions(ctx);
    const now = (ctx.services.now ?? (() => new Date()))();
    // A remembered card is re-read without what it still holds (docs/known-cards.md).
    const known = new KnownCards(userDirs(ctx.io.env));
    const hints = await known.hints();
    if (hints.problem) reportProblem(ctx, hints.problem);
    const report = await withChosenReader(ctx, (source, reader) =>
      readCardStatus(source, reader, {
        now,
        extended,
        pinBackends: pinBackendOptions(ctx),
        known: hints.lookup,
      }),
    );
    // Asked after the card is let go of: the network may take seconds, the card need not wait.
    const statuses = await certificateStatuses(report.parsed, online);
    for (const cert of report.status.certificates) cert.revocation = statuses.get(cert.id);
    const holder = holderCertificate(report.parsed);
    if (report.status.advice && holder) {
      report.status.advice = adviceFor(
        report.parsed,
        now,
        extended,
        statuses.get(holder.summary.id),
      );
    }
    // cli.md: each problem as { item, code, message } in the reader's language.
    const problems = report.problems.map(({ item, error }) => ({
      item,
      code: isAppError(error) ? error.code : 'internal',
      message: localizeError(error, ctx.lang),
    }));
    if (ctx.json) {
      ctx.io.stdout.write(JSON.stringify({ ...report.status, problems }, null, 2) + '\n');
    } else {
      ctx.io.stdout.write(formatStatus(report.status, ctx.lang, now));
    }
    if (report.pinMustChange) ctx.io.stderr.write(t(ctx.lang, 'pkcs11.pinMustChange') + '\n');
    for (const p of problems) {
      ctx.io.stderr.write(t(ctx.lang, 'cli.status.problem', { message: p.message }) + '\n');
    }
    const other = report.status.otherCard;
    if (other) {
      const words = otherCardText(other, ctx.lang, report.status.cardNumber);
      ctx.io.stderr.write(`${words.statement}\n${words.remedy}\n`);
    }
    const remembered = await rememberAfterRead(ctx, known, report, now);
    // Whatever could be read was printed; an incomplete report is still not "done", and
    // neither is a card that is not a 自然人憑證 at all (card-profile.md §7), nor a card the
    // person asked to remember that could not be.
    return problems.length || report.status.family === 'other' || !remembered
      ? EXIT.other
      : EXIT.ok;
  },
};

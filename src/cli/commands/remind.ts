/**
 * `citizen-card remind --ics FILE`: an iCalendar file (RFC 5545) with, for each remembered
 * card, its next window's opening day and its last day with an alarm a week before
 * (docs/known-cards.md, "Reminders"). `--ics -` writes it to standard output.
 */
import { AppError, InvalidInputError } from '../../core/errors';
import { t } from '../../core/i18n';
import { userDirs, writePrivateFile } from '../../platform';
import { KnownCards, remindersCalendar } from '../../service/known-cards';
import { stringOption, type CliCommand } from '../context';
import { terminalText } from '../../core/terminal-text';
import { EXIT } from '../exit-codes';
import { reportProblem } from './cards';

export const remindCommand: CliCommand = {
  name: 'remind',
  summaryKey: 'knownCards.cli.remindSummary',
  usage: 'citizen-card remind --ics FILE|- [--json] [--lang zh-TW|en]',
  options: { ics: { type: 'string' } },
  async run(ctx) {
    const file = stringOption(ctx, 'ics');
    if (!file || ctx.positionals.length > 0) throw new InvalidInputError('knownCards.cli.icsWhere');
    const toStdout = file === '-';
    // One JSON document on stdout and nothing else (cli.md): the calendar must go to a file.
    if (toStdout && ctx.json) throw new InvalidInputError('knownCards.cli.icsJsonStdout');
    const known = new KnownCards(userDirs(ctx.io.env));
    const { cards, problem } = await known.load();
    if (problem) reportProblem(ctx, problem);
    const now = (ctx.services.now ?? (() => new Date()))();
    const calendar = remindersCalendar(cards, now, ctx.lang);
    if (!calendar) {
      throw new AppError(
        'not-found',
        cards.length ? 'knownCards.error.nothingToRemind' : 'knownCards.cli.none',
      );
    }
    if (toStdout) ctx.io.stdout.write(calendar.text);
    else await writePrivateFile(file, calendar.text);
    if (ctx.json) {
      const doc = { file, cards: calendar.cards, events: calendar.events };
      ctx.io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    }
    ctx.io.stderr.write(
      t(ctx.lang, 'knownCards.cli.wrote', {
        events: calendar.events,
        cards: calendar.cards,
        file: toStdout ? '-' : terminalText(file),
      }) + '\n',
    );
    return problem ? EXIT.other : EXIT.ok;
  },
};

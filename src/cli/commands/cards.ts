/**
 * `citizen-card cards`: the cards this computer remembers, most urgent first (card number and
 * holder masked unless --unmask); `cards --forget NUMBER` and `cards --forget --all` forget
 * them (docs/cli.md, "Known cards and reminders").
 */
import { AppError, InvalidInputError } from '../../core/errors';
import { t } from '../../core/i18n';
import { userDirs } from '../../platform';
import { KnownCards, type KnownCardsProblem } from '../../service/known-cards';
import { knownCardView } from '../../service/known-cards/view';
import type { CliCommand, CliContext } from '../context';
import { terminalText } from '../../core/terminal-text';
import { EXIT } from '../exit-codes';
import { formatKnownCards } from '../format-cards';

/** What a card number can be (printable ASCII, card-profile.md §3); anything else is a typo. */
const CARD_NUMBER_ARG = /^[\x21-\x7e]{1,32}$/;

export function reportProblem(ctx: CliContext, problem: KnownCardsProblem): void {
  ctx.io.stderr.write(
    t(ctx.lang, 'knownCards.problem', {
      reason: t(ctx.lang, `knownCards.damaged.${problem.reason}`),
      movedTo: terminalText(problem.movedTo),
      kept: problem.kept,
      dropped: problem.dropped,
    }) + '\n',
  );
}

async function forget(ctx: CliContext, known: KnownCards): Promise<number> {
  const all = ctx.values.all === true;
  const [number, ...extra] = ctx.positionals;
  if (all ? number !== undefined : number === undefined || extra.length > 0) {
    throw new InvalidInputError('knownCards.cli.forgetWhat');
  }
  if (!all && !CARD_NUMBER_ARG.test(number!)) {
    throw new InvalidInputError('knownCards.cli.badNumber', { number: terminalText(number!) });
  }
  const forgotten = await known.forget((c) => all || c.cardNumber === number);
  if (!all && forgotten === 0) {
    throw new AppError('not-found', 'knownCards.cli.notRemembered', { number: number! });
  }
  if (ctx.json) ctx.io.stdout.write(JSON.stringify({ forgotten }, null, 2) + '\n');
  ctx.io.stderr.write(
    (all
      ? t(ctx.lang, 'knownCards.cli.forgotAll', { count: forgotten })
      : t(ctx.lang, 'knownCards.cli.forgotOne', { number: number! })) + '\n',
  );
  return EXIT.ok;
}

export const cardsCommand: CliCommand = {
  name: 'cards',
  summaryKey: 'knownCards.cli.summary',
  usage:
    'citizen-card cards [--unmask] [--json] [--lang zh-TW|en]\n' +
    '       citizen-card cards --forget NUMBER | --forget --all',
  options: {
    unmask: { type: 'boolean' },
    forget: { type: 'boolean' },
    all: { type: 'boolean' },
  },
  async run(ctx) {
    const known = new KnownCards(userDirs(ctx.io.env));
    if (ctx.values.forget === true) return forget(ctx, known);
    if (ctx.values.all === true || ctx.positionals.length > 0) {
      throw new InvalidInputError('knownCards.cli.listTakesNothing');
    }
    const now = (ctx.services.now ?? (() => new Date()))();
    const { cards, problem } = await known.overview(now);
    const views = cards.map((row) => knownCardView(row, ctx.values.unmask === true));
    if (problem) reportProblem(ctx, problem);
    if (ctx.json) {
      ctx.io.stdout.write(JSON.stringify({ cards: views, problem }, null, 2) + '\n');
    } else if (views.length === 0) {
      const on = await known.remembering();
      ctx.io.stdout.write(
        t(ctx.lang, on ? 'knownCards.cli.noneYet' : 'knownCards.cli.none') + '\n',
      );
    } else {
      ctx.io.stdout.write(formatKnownCards(views, ctx.lang));
    }
    return problem ? EXIT.other : EXIT.ok;
  },
};

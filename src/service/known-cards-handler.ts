/**
 * "My cards" behind the IPC contract: list, reveal, forget and the calendar file, plus what
 * `card:status` does before and after each read (re-read cheaply, then remember when the
 * person's `rememberCards` setting is on; the switch itself is settings:set). Without a
 * KnownCards (tests, a host that keeps nothing) the list is empty and actions say so.
 */
import type { KnownCardHint } from '../card';
import { AppError } from '../core/errors';
import type { Lang } from '../core/i18n';
import type { CardStatusReport } from './card-status';
import type {
  ExportCertificateResult,
  ForgetCardsRequest,
  IpcError,
  KnownCardsView,
  RevealedCard,
} from './contract';
import { KnownCards, remindersCalendar, type KnownCardsProblem } from './known-cards';
import { knownCardView, problemView } from './known-cards/view';
import { toIpcError } from './result';

export const CALENDAR_FILE_NAME = 'citizen-card-reminders.ics';

export interface KnownCardsHandler {
  list(): Promise<KnownCardsView>;
  reveal(id: string): Promise<RevealedCard>;
  forget(request: ForgetCardsRequest): Promise<KnownCardsView>;
  calendar(lang: Lang): Promise<ExportCertificateResult>;
  /** Before a read: what the driver may reuse. Never throws. */
  hints(): Promise<((cardNumber: string) => KnownCardHint | undefined) | undefined>;
  /** After a read: remember it if the switch is on. Never throws; a failure shows in list(). */
  afterRead(report: CardStatusReport): Promise<void>;
}

export interface KnownCardsHandlerOptions {
  now: () => Date;
  /** The person's `rememberCards` setting, from the backend's settings store. */
  remembering: () => Promise<boolean>;
  /** As for certificate exports: a save dialog in Electron; absent, the file comes back as base64. */
  saveFile?: (fileName: string, data: Buffer) => Promise<boolean>;
  log: (message: string) => void;
}

export function createKnownCardsHandler(
  known: KnownCards | null,
  options: KnownCardsHandlerOptions,
): KnownCardsHandler {
  // The last failure to remember a card, shown on "My cards" until one succeeds; and a
  // damaged list found while remembering, shown for the rest of the session.
  let rememberError: IpcError | null = null;
  let movedAside: KnownCardsProblem | null = null;

  function unavailable(): never {
    throw new AppError('refused', 'knownCards.error.unavailable');
  }

  async function list(): Promise<KnownCardsView> {
    if (!known) return { remembering: false, cards: [], problem: null, error: null };
    const remembering = await options.remembering().catch(() => false);
    try {
      const { cards, problem } = await known.overview(options.now());
      return {
        remembering,
        cards: cards.map((row) => knownCardView(row, false)),
        problem: problemView(problem ?? movedAside),
        error: rememberError,
      };
    } catch (err) {
      // An unreadable or newer list: say why, show nothing, change nothing.
      return { remembering, cards: [], problem: null, error: toIpcError(err) };
    }
  }

  return {
    list,

    async reveal(id) {
      if (!known) unavailable();
      const { cards } = await known.load();
      const card = cards.find((c) => c.id === id);
      if (!card) throw new AppError('not-found', 'knownCards.error.gone');
      return { cardNumber: card.cardNumber, holderName: card.holderName };
    },

    async forget(request) {
      if (!known) unavailable();
      await known.forget((c) => 'all' in request || c.id === request.id);
      return list();
    },

    async calendar(lang) {
      if (!known) unavailable();
      const { cards } = await known.load();
      const file = remindersCalendar(cards, options.now(), lang);
      if (!file) throw new AppError('not-found', 'knownCards.error.nothingToRemind');
      const data = Buffer.from(file.text, 'utf8');
      if (options.saveFile) {
        return {
          fileName: CALENDAR_FILE_NAME,
          saved: await options.saveFile(CALENDAR_FILE_NAME, data),
        };
      }
      return { fileName: CALENDAR_FILE_NAME, saved: false, base64: data.toString('base64') };
    },

    async hints() {
      if (!known) return undefined;
      const { lookup, problem } = await known.hints();
      if (problem) movedAside = problem;
      return lookup;
    },

    async afterRead(report) {
      if (!known) return;
      try {
        if (!(await options.remembering())) return;
        const { problem } = await known.afterRead(report, options.now(), true);
        if (problem) movedAside = problem;
        rememberError = null;
      } catch (err) {
        rememberError = toIpcError(err);
        options.log(`remembering a card failed: ${rememberError.messageKey}`);
      }
    },
  };
}

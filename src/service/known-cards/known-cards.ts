/**
 * Remembered cards for the app and the CLI: one object over the store and the person's
 * `rememberCards` setting, so both remember, re-read, list, forget and remind the same way.
 *
 * Nothing is remembered until the person turned it on (the app's switch, which is the
 * `rememberCards` setting; or `status --remember` for one card). A store that cannot be
 * read never stops a card from being read: the read is then simply a first read.
 */
import type { KnownCardHint } from '../../card';
import { userDirs, type UserDirs } from '../../platform';
import type { CardStatusReport } from '../card-status';
import { loadSettings, settingsPath } from '../settings';
import { byUrgency, outlookOf, reminderFor, type CardOutlook, type DueReminder } from './outlook';
import { canRemember, hintsFrom, withCardRemembered, type KnownCard } from './record';
import {
  knownCardsPath,
  loadKnownCards,
  updateKnownCards,
  type KnownCardsProblem,
  type LoadedKnownCards,
} from './store';
import { taipeiDateOf } from '../../core/calendar';

export interface CardWithOutlook {
  card: KnownCard;
  outlook: CardOutlook;
  reminder: DueReminder | null;
}

export interface KnownCardsOverview {
  cards: CardWithOutlook[];
  problem: KnownCardsProblem | null;
}

/** The result of remembering after a read: whether it was, and why not when it failed. */
export interface RememberOutcome {
  remembered: boolean;
  problem: KnownCardsProblem | null;
}

export class KnownCards {
  readonly storePath: string;
  readonly settingsPath: string;

  constructor(dirs: UserDirs = userDirs()) {
    this.storePath = knownCardsPath(dirs);
    this.settingsPath = settingsPath(dirs);
  }

  /** The person's switch. A settings file that cannot be read counts as "off". */
  async remembering(): Promise<boolean> {
    try {
      return (await loadSettings(this.settingsPath)).settings.rememberCards;
    } catch {
      return false;
    }
  }

  load(): Promise<LoadedKnownCards> {
    return loadKnownCards(this.storePath);
  }

  /**
   * What the driver may reuse, and a damaged list found (and moved aside) on the way. No
   * list, or one that cannot be read, gives no hints: the card is then read as if new.
   */
  async hints(): Promise<{
    lookup: (cardNumber: string) => KnownCardHint | undefined;
    problem: KnownCardsProblem | null;
  }> {
    try {
      const { cards, problem } = await this.load();
      return { lookup: hintsFrom(cards), problem };
    } catch {
      return { lookup: () => undefined, problem: null };
    }
  }

  /**
   * After a read: remember the card when `force` (`status --remember`) or the switch is on
   * and the read was complete enough (its number and certificates). Errors propagate: the
   * caller says what went wrong without losing the status it already has.
   */
  async afterRead(report: CardStatusReport, now: Date, force = false): Promise<RememberOutcome> {
    if (!canRemember(report)) return { remembered: false, problem: null };
    if (!force && !(await this.remembering())) return { remembered: false, problem: null };
    const { problem } = await updateKnownCards(
      (cards) => withCardRemembered(cards, report, now),
      this.storePath,
    );
    return { remembered: true, problem };
  }

  /** Every remembered card with what it needs next, most urgent first. */
  async overview(now: Date): Promise<KnownCardsOverview> {
    const { cards, problem } = await this.load();
    const rows = cards.map((card) => {
      const outlook = outlookOf(card, now);
      return { card, outlook, reminder: reminderFor(outlook) };
    });
    rows.sort(byUrgency);
    return { cards: rows, problem };
  }

  /** Forgets the cards `which` picks; resolves with how many were forgotten. */
  async forget(which: (card: KnownCard) => boolean): Promise<number> {
    let forgotten = 0;
    await updateKnownCards((cards) => {
      const kept = cards.filter((c) => !which(c));
      forgotten = cards.length - kept.length;
      return forgotten ? kept : cards;
    }, this.storePath);
    return forgotten;
  }

  /** Notes that the desktop app showed these reminders today (docs/known-cards.md). */
  async markReminded(shown: Array<{ id: string; key: string }>, now: Date): Promise<void> {
    if (shown.length === 0) return;
    const on = taipeiDateOf(now);
    await updateKnownCards(
      (cards) =>
        cards.map((c) => {
          const s = shown.find((x) => x.id === c.id);
          return s ? { ...c, reminded: { key: s.key, on } } : c;
        }),
      this.storePath,
    );
  }
}

/** Remembered cards: store, outlook, reminders and calendar (docs/known-cards.md). */
export {
  KnownCards,
  type CardWithOutlook,
  type KnownCardsOverview,
  type RememberOutcome,
} from './known-cards';
export {
  byUrgency,
  CLOSING_SOON_DAYS,
  needsShowing,
  outlookOf,
  reminderFor,
  type CardOutlook,
  type DueReminder,
  type NextWindow,
  type ReminderKind,
  type Urgency,
  type WindowKind,
  type WindowState,
} from './outlook';
export { cardLabel, remindersCalendar, type CalendarFile } from './calendar';
export {
  canRemember,
  hintsFrom,
  knownCardFrom,
  STORE_VERSION,
  withCardRemembered,
  type KnownCard,
  type RememberedCertificate,
} from './record';
export {
  KNOWN_CARDS_FILE,
  knownCardsPath,
  KnownCardsTooNewError,
  loadKnownCards,
  MAX_STORE_BYTES,
  updateKnownCards,
  type DamageReason,
  type KnownCardsProblem,
  type LoadedKnownCards,
} from './store';

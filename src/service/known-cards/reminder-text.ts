/**
 * The words of a reminder, the same in the desktop app's system notification and in the
 * browser page's notice. Pure, and free of Node, so the page can use it too. The card is
 * named by its masked holder and the last four characters of its number: a notification can
 * appear on a locked screen.
 */
import { formatDate } from '../../core/calendar';
import { t, type Lang } from '../../core/i18n';
import type { KnownCardView } from '../contract';

export interface ReminderText {
  title: string;
  body: string;
}

/** `card` as listed (masked); null when nothing is due for it. */
export function reminderText(card: KnownCardView, lang: Lang): ReminderText | null {
  const w = card.nextWindow;
  if (!card.reminder || !w) return null;
  const lastDay = card.reminder === 'closing-soon' && w.daysToClose === 0;
  const label = t(lang, 'knownCards.label', {
    holder: card.holderName ?? t(lang, 'knownCards.noHolder'),
    last4: card.cardNumber.slice(-4),
  });
  return {
    title: t(lang, 'knownCards.notify.title'),
    // "0 days left" reads wrong: the last day says so instead.
    body: t(
      lang,
      lastDay
        ? `knownCards.notify.lastDay.${w.kind}`
        : `knownCards.notify.${card.reminder}.${w.kind}`,
      {
        card: label,
        to: formatDate(w.to, lang),
        days: w.daysToClose,
      },
    ),
  };
}

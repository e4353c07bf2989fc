/**
 * What a remembered card needs next, worked out without the card: the advice on its holder
 * certificate's dates (citizen-rules.md), the one window that matters next (extension for an
 * original certificate, online renewal for an extended one), how urgent that is, and which
 * reminder is due today. Pure: the clock is an argument.
 */
import { advise } from '../../advisor';
import { daysBetween, taipeiDateOf, type TaipeiDate } from '../../core/calendar';
import type { AdvisorResult } from '../../core/model';
import type { KnownCard } from './record';

export type WindowKind = 'extension' | 'onlineRenewal';
export type WindowState = 'upcoming' | 'open' | 'passed';

export interface NextWindow {
  kind: WindowKind;
  /** Taipei dates, both ends inclusive (citizen-rules.md C-DAYS). */
  from: TaipeiDate;
  to: TaipeiDate;
  state: WindowState;
  /** Days from today to `from` (negative once open) and to `to` (0 on the last day). */
  daysToOpen: number;
  daysToClose: number;
}

/**
 * Most urgent first: `act-now` (the window is open and the certificate has expired or the
 * window closes within 14 days), `open`, `reapply` (the window has passed: a new card at a
 * household office), `upcoming`, `unknown` (no usable holder certificate).
 */
export type Urgency = 'act-now' | 'open' | 'reapply' | 'upcoming' | 'unknown';

const URGENCY_ORDER: readonly Urgency[] = ['act-now', 'open', 'reapply', 'upcoming', 'unknown'];

/** A window that closes within this many days is urgent, and reminded of every day. */
export const CLOSING_SOON_DAYS = 14;

export interface CardOutlook {
  advice: AdvisorResult | null;
  window: NextWindow | null;
  urgency: Urgency;
}

export function outlookOf(card: KnownCard, now: Date): CardOutlook {
  if (!card.holder) return { advice: null, window: null, urgency: 'unknown' };
  let advice: AdvisorResult;
  try {
    advice = advise({ notBefore: card.holder.notBefore, notAfter: card.holder.notAfter, now });
  } catch {
    return { advice: null, window: null, urgency: 'unknown' };
  }
  // An extended certificate's next step is online renewal; an original one's is extension.
  const kind: WindowKind = advice.extended ? 'onlineRenewal' : 'extension';
  const w = advice.extended ? advice.windows.onlineRenewal : advice.windows.extension;
  if (!w) return { advice, window: null, urgency: 'unknown' };
  const today = advice.today;
  const daysToOpen = daysBetween(today, w.from);
  const daysToClose = daysBetween(today, w.to);
  const state: WindowState = daysToOpen > 0 ? 'upcoming' : daysToClose < 0 ? 'passed' : 'open';
  const window: NextWindow = { kind, from: w.from, to: w.to, state, daysToOpen, daysToClose };
  let urgency: Urgency;
  if (state === 'open') {
    urgency = advice.daysLeft < 0 || daysToClose <= CLOSING_SOON_DAYS ? 'act-now' : 'open';
  } else urgency = state === 'passed' ? 'reapply' : 'upcoming';
  return { advice, window, urgency };
}

/** The date each urgency is ordered by within its group (soonest first). */
function keyDate(o: CardOutlook): string {
  if (!o.window || !o.advice) return '';
  switch (o.urgency) {
    case 'open':
      return o.advice.expiresOn;
    case 'upcoming':
      return o.window.from;
    default:
      return o.window.to;
  }
}

/** Sorts remembered cards most urgent first; equal ones by card number. */
export function byUrgency(
  a: { card: KnownCard; outlook: CardOutlook },
  b: { card: KnownCard; outlook: CardOutlook },
): number {
  const group = URGENCY_ORDER.indexOf(a.outlook.urgency) - URGENCY_ORDER.indexOf(b.outlook.urgency);
  if (group) return group;
  const date = keyDate(a.outlook).localeCompare(keyDate(b.outlook));
  if (date) return date;
  return a.card.cardNumber.localeCompare(b.card.cardNumber);
}

/**
 * Reminders: the window has opened (once per window), closes within 14 days (every day),
 * or has passed (once per window). Nothing while it has not opened yet.
 */
export type ReminderKind = 'window-open' | 'closing-soon' | 'window-passed';

export interface DueReminder {
  kind: ReminderKind;
  /** Names this reminder for this window: the same key is not shown twice (but see `daily`). */
  key: string;
  /** Shown again each day while due. */
  daily: boolean;
  window: NextWindow;
}

export function reminderFor(outlook: CardOutlook): DueReminder | null {
  const w = outlook.window;
  if (!w || w.state === 'upcoming') return null;
  if (w.state === 'passed') {
    return { kind: 'window-passed', key: `passed:${w.kind}:${w.to}`, daily: false, window: w };
  }
  if (w.daysToClose <= CLOSING_SOON_DAYS) {
    return { kind: 'closing-soon', key: `closing:${w.kind}:${w.to}`, daily: true, window: w };
  }
  return { kind: 'window-open', key: `open:${w.kind}:${w.from}`, daily: false, window: w };
}

/** Whether the desktop app should show `due` for `card` now, given what it showed before. */
export function needsShowing(card: KnownCard, due: DueReminder, now: Date): boolean {
  const last = card.reminded;
  if (!last || last.key !== due.key) return true;
  return due.daily && last.on < taipeiDateOf(now);
}

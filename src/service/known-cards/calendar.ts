/**
 * `remind --ics` and the app's "add to calendar": an iCalendar file (RFC 5545, written by
 * the `ics` library) with, for each remembered card whose next window has not passed, an
 * all-day event on the day it opens (with a display alarm at 09:00 that day) and one on its
 * last day (with a display alarm a week before, at 09:00). An opening day already past is
 * left out, so importing the file never raises alarms for days gone by.
 *
 * Calendars are often synchronised to a provider's servers: the events name the card by its
 * masked holder and the last four characters of its number, never in full, and the event
 * UIDs come from the card's random ID, so importing again updates rather than duplicates.
 */
import { createEvents, type DateArray, type EventAttributes } from 'ics';
import { addDays, dateParts, formatDate, type TaipeiDate } from '../../core/calendar';
import { t, type Lang } from '../../core/i18n';
import { maskName } from '../diagnostics/masking';
import { outlookOf, type NextWindow } from './outlook';
import type { KnownCard } from './record';

export const PRODUCT_ID = '-//Citizen Card Manager//Card reminders//EN';
const UID_DOMAIN = 'citizen-card-manager.invalid';

/**
 * Alarm offsets as RFC 5545 durations. `ics` writes `{ days: 7 }` as "P7DT", which the
 * grammar does not allow (a "T" needs an hour, minute or second after it), so every offset
 * here has an hour part: 09:00 on the day, and 09:00 seven days before the day.
 */
const AT_NINE = { hours: 9, before: false };
const WEEK_BEFORE_AT_NINE = { days: 6, hours: 15, before: true };

export interface CalendarFile {
  text: string;
  /** Cards with at least one event, and events in all. */
  cards: number;
  events: number;
}

function day(date: TaipeiDate): DateArray {
  const { year, month, day } = dateParts(date);
  return [year, month, day];
}

/** An all-day event ends (exclusively) on the next day (RFC 5545 §3.6.1). */
function nextDay(date: TaipeiDate): DateArray {
  return day(addDays(date, 1));
}

/** 王*明 (…5678): enough for a family to tell its cards apart, not enough to be one. */
export function cardLabel(card: Pick<KnownCard, 'cardNumber' | 'holderName'>, lang: Lang): string {
  const last4 = card.cardNumber.slice(-4);
  const holder = card.holderName ? maskName(card.holderName) : t(lang, 'knownCards.noHolder');
  return t(lang, 'knownCards.label', { holder, last4 });
}

function events(card: KnownCard, w: NextWindow, lang: Lang): EventAttributes[] {
  const label = cardLabel(card, lang);
  const params = {
    card: label,
    from: formatDate(w.from, lang),
    to: formatDate(w.to, lang),
  };
  const description = t(lang, `knownCards.ics.description.${w.kind}`, params);
  const out: EventAttributes[] = [];
  const common = { description, transp: 'TRANSPARENT' as const, busyStatus: 'FREE' as const };
  if (w.state === 'upcoming') {
    const title = t(lang, `knownCards.ics.opens.${w.kind}`, params);
    out.push({
      ...common,
      uid: `${card.id}-${w.kind}-opens-${w.from}@${UID_DOMAIN}`,
      title,
      start: day(w.from),
      end: nextDay(w.from),
      alarms: [{ action: 'display', description: title, trigger: AT_NINE }],
    });
  }
  const title = t(lang, `knownCards.ics.closes.${w.kind}`, params);
  out.push({
    ...common,
    uid: `${card.id}-${w.kind}-closes-${w.to}@${UID_DOMAIN}`,
    title,
    start: day(w.to),
    end: nextDay(w.to),
    alarms: [{ action: 'display', description: title, trigger: WEEK_BEFORE_AT_NINE }],
  });
  return out;
}

/**
 * RFC 5545 §3.1: content lines of at most 75 octets, continued on lines that start with a
 * space. `ics` folds at 75 characters, and one Chinese character is three octets in UTF-8,
 * so its lines are unfolded and folded again by octets, never inside a character.
 */
export function foldByOctets(text: string): string {
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  const lines = unfolded.split('\r\n');
  return lines
    .map((line) => {
      const parts: string[] = [];
      let current = '';
      let octets = 0;
      for (const ch of line) {
        const size = Buffer.byteLength(ch, 'utf8');
        // The first line may hold 75 octets; a continuation line's space takes one of them.
        if (octets + size > (parts.length === 0 ? 75 : 74)) {
          parts.push(current);
          current = '';
          octets = 0;
        }
        current += ch;
        octets += size;
      }
      parts.push(current);
      return parts.join('\r\n ');
    })
    .join('\r\n');
}

/** The calendar for `cards` as of `now`; null when no card has a window still to come. */
export function remindersCalendar(
  cards: readonly KnownCard[],
  now: Date,
  lang: Lang,
): CalendarFile | null {
  const all: EventAttributes[] = [];
  let withEvents = 0;
  for (const card of cards) {
    const { window } = outlookOf(card, now);
    if (!window || window.state === 'passed') continue;
    all.push(...events(card, window, lang));
    withEvents++;
  }
  if (all.length === 0) return null;
  const { error, value } = createEvents(all, {
    productId: PRODUCT_ID,
    calName: t(lang, 'knownCards.ics.calendarName'),
  });
  if (error || !value) throw error ?? new Error('the calendar could not be written');
  return { text: foldByOctets(value), cards: withEvents, events: all.length };
}

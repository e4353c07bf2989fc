/**
 * What a remembered card needs next, without the card (docs/known-cards.md): its window,
 * how urgent it is, which reminder is due, and the calendar file, read back by an
 * independent iCalendar parser (ical.js) and checked against RFC 5545's grammar.
 */
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  byUrgency,
  needsShowing,
  outlookOf,
  reminderFor,
  remindersCalendar,
  withCardRemembered,
  type KnownCard,
} from '../../../../src/service/known-cards';
import type { ScenarioName } from '../../../../src/virtual-card';
import { NOW, reportFor } from './fixtures';

const DAY = 86_400_000;
const cards: Record<string, KnownCard> = {};
const SCENARIOS: Array<[ScenarioName, string]> = [
  ['fresh', 'TP00000000000001'],
  ['expiring', 'TP00000000000002'],
  ['expired-extendable', 'TP00000000000003'],
  ['expired-reapply', 'TP00000000000004'],
  ['extended', 'TP00000000000005'],
];

beforeAll(async () => {
  for (const [scenario, cardNumber] of SCENARIOS) {
    const report = await reportFor({ scenario, cardNumber, name: `持卡人${cardNumber.slice(-1)}` });
    cards[scenario] = withCardRemembered([], report, NOW)[0]!;
  }
});

describe("a remembered card's next window", () => {
  it('is extension for an original certificate and online renewal for an extended one', () => {
    const expiring = outlookOf(cards.expiring!, NOW);
    expect(expiring.window).toMatchObject({ kind: 'extension', state: 'open' });
    expect(expiring.window!.from).toBe(expiring.advice!.windows.extension!.from);
    expect(outlookOf(cards.extended!, NOW).window).toMatchObject({
      kind: 'onlineRenewal',
      state: 'open',
    });
    expect(outlookOf(cards.fresh!, NOW)).toMatchObject({
      window: { kind: 'extension', state: 'upcoming' },
      urgency: 'upcoming',
    });
    expect(outlookOf(cards['expired-reapply']!, NOW)).toMatchObject({
      window: { state: 'passed' },
      urgency: 'reapply',
    });
  });

  it('an expired certificate that can still be extended comes first, one not yet open last', () => {
    const rows = Object.values(cards).map((card) => ({ card, outlook: outlookOf(card, NOW) }));
    rows.sort(byUrgency);
    expect(rows.map((r) => r.outlook.urgency)).toEqual([
      'act-now',
      'open',
      'open',
      'reapply',
      'upcoming',
    ]);
    expect(rows[0]!.card.cardNumber).toBe('TP00000000000003');
  });

  it('becomes urgent 14 days before it closes, and is reminded of every day from then on', () => {
    const card = cards.extended!;
    const to = outlookOf(card, NOW).window!.to;
    const at = (date: string) => new Date(`${date}T01:00:00Z`);
    const closeDay = Date.parse(`${to}T00:00:00Z`);
    const fifteenBefore = at(new Date(closeDay - 15 * DAY).toISOString().slice(0, 10));
    const fourteenBefore = at(new Date(closeDay - 14 * DAY).toISOString().slice(0, 10));
    expect(outlookOf(card, fifteenBefore).urgency).toBe('open');
    expect(reminderFor(outlookOf(card, fifteenBefore))?.kind).toBe('window-open');
    const closing = reminderFor(outlookOf(card, fourteenBefore))!;
    expect(closing).toMatchObject({ kind: 'closing-soon', daily: true });
    expect(outlookOf(card, fourteenBefore).urgency).toBe('act-now');

    // Shown today: not again today, again tomorrow.
    const shown = { ...card, reminded: { key: closing.key, on: '2000-01-01' } };
    const today = fourteenBefore.toISOString().slice(0, 10);
    expect(
      needsShowing(
        { ...shown, reminded: { key: closing.key, on: today } },
        closing,
        fourteenBefore,
      ),
    ).toBe(false);
    expect(
      needsShowing(
        { ...shown, reminded: { key: closing.key, on: today } },
        closing,
        new Date(fourteenBefore.getTime() + DAY),
      ),
    ).toBe(true);
  });

  it('"window open" and "passed" are shown once per window', () => {
    const open = reminderFor(outlookOf(cards.expiring!, NOW))!;
    expect(open.kind).toBe('window-open');
    const shown = { ...cards.expiring!, reminded: { key: open.key, on: '2026-12-01' } };
    expect(needsShowing(cards.expiring!, open, NOW)).toBe(true);
    expect(needsShowing(shown, open, NOW)).toBe(false);
    expect(needsShowing(shown, open, new Date(NOW.getTime() + 30 * DAY))).toBe(false);
    const passed = reminderFor(outlookOf(cards['expired-reapply']!, NOW))!;
    expect(passed.kind).toBe('window-passed');
    expect(reminderFor(outlookOf(cards.fresh!, NOW))).toBeNull();
  });
});

/** RFC 5545 §3.3.6 dur-value, exactly. */
const DURATION = /^[+-]?P(?:\d+W|(?:\d+D)?(?:T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S))?)$/;

describe('the reminders calendar (.ics)', () => {
  it('parses back: the opening day of windows to come, the last day with an alarm a week before, nothing for a window gone by', () => {
    const file = remindersCalendar(Object.values(cards), NOW, 'zh-TW')!;
    const root = new ICAL.Component(ICAL.parse(file.text));
    expect(root.name).toBe('vcalendar');
    expect(root.getFirstPropertyValue('version')).toBe('2.0');
    expect(root.getFirstPropertyValue('prodid')).toContain('Citizen Card Manager');
    const events = root.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    // fresh: opens + closes; expiring, expired-extendable, extended: closes; expired-reapply: none.
    expect(file).toMatchObject({ cards: 4, events: 5 });
    expect(events).toHaveLength(5);
    expect(new Set(events.map((e) => e.uid)).size).toBe(5);

    const fresh = outlookOf(cards.fresh!, NOW).window!;
    const opening = events.find((e) => e.summary.includes('可以展期了'))!;
    expect(opening.startDate.toString()).toBe(fresh.from);
    expect(opening.startDate.isDate).toBe(true);
    expect(opening.summary).toContain('持**1（卡號末四碼 0001）');
    const openAlarm = opening.component.getFirstSubcomponent('valarm')!;
    expect(openAlarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(String(openAlarm.getFirstPropertyValue('trigger'))).toBe('PT9H');

    for (const scenario of ['fresh', 'expiring', 'expired-extendable', 'extended'] as const) {
      const w = outlookOf(cards[scenario]!, NOW).window!;
      const closing = events.find(
        (e) => e.uid.startsWith(cards[scenario]!.id) && e.uid.includes('closes'),
      )!;
      expect(closing.startDate.toString()).toBe(w.to);
      const trigger = closing.component
        .getFirstSubcomponent('valarm')!
        .getFirstPropertyValue('trigger');
      // 09:00 seven days before the last day.
      expect((trigger as ICAL.Duration).toSeconds()).toBe(-(6 * 86_400 + 15 * 3_600));
    }
    expect(events.some((e) => e.uid.startsWith(cards['expired-reapply']!.id))).toBe(false);
    // Never the full card number or holder name in a file meant for calendars.
    expect(file.text).not.toContain('TP00000000000001');
    expect(file.text).not.toContain('持卡人1');
  });

  it('is valid RFC 5545 text: CRLF lines of at most 75 octets, durations by the grammar, stable UIDs', () => {
    const first = remindersCalendar(Object.values(cards), NOW, 'en')!.text;
    expect(first.endsWith('\r\n')).toBe(true);
    const lines = first.split('\r\n').slice(0, -1);
    expect(lines.every((l) => !l.includes('\n') && Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    const unfolded = first.replace(/\r\n[ \t]/g, '');
    const durations = unfolded.split('\r\n').filter((l) => /^(TRIGGER|DURATION)[:;]/.test(l));
    expect(durations.length).toBeGreaterThan(0);
    for (const line of durations) expect(line.slice(line.indexOf(':') + 1)).toMatch(DURATION);
    const uids = (text: string) => text.replace(/\r\n[ \t]/g, '').match(/^UID:.*$/gm);
    const later = remindersCalendar(
      Object.values(cards),
      new Date(NOW.getTime() + DAY),
      'en',
    )!.text;
    expect(uids(later)).toEqual(uids(first));
  });

  it('nothing to remind of gives no file', () => {
    expect(remindersCalendar([cards['expired-reapply']!], NOW, 'en')).toBeNull();
    expect(remindersCalendar([], NOW, 'en')).toBeNull();
  });
});

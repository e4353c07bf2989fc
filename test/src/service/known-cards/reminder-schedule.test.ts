/**
 * The desktop app's reminders (docs/known-cards.md, "Reminders"): at start and then hourly,
 * each due reminder shown once (window opened, passed) or once a day (closing within 14
 * days), remembered across restarts; a list that cannot be read never breaks the app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userDirs } from '../../../../src/platform';
import {
  KnownCards,
  outlookOf,
  updateKnownCards,
  withCardRemembered,
} from '../../../../src/service/known-cards';
import {
  startReminderSchedule,
  type ReminderTimers,
} from '../../../../src/service/known-cards/reminder-schedule';
import type { ReminderText } from '../../../../src/service/known-cards/reminder-text';
import { NOW, reportFor } from './fixtures';

const DAY = 86_400_000;
let home: string;
let known: KnownCards;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'ccm-remind-'));
  known = new KnownCards(userDirs({ CITIZEN_CARD_HOME: home }));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function rememberScenario(scenario: 'fresh' | 'expiring' | 'extended', cardNumber: string) {
  const report = await reportFor({ scenario, cardNumber });
  await updateKnownCards((cards) => withCardRemembered(cards, report, NOW), known.storePath);
}

function manualTimers() {
  const state = { runs: [] as Array<() => void>, cancelled: 0, everyMs: 0 };
  const timers: ReminderTimers = {
    every(ms, run) {
      state.everyMs = ms;
      state.runs.push(run);
      return state.runs.length;
    },
    cancel() {
      state.cancelled++;
    },
  };
  return { state, timers };
}

function schedule(
  clock: { now: Date },
  shown: ReminderText[],
  k: Pick<KnownCards, 'overview' | 'markReminded'> = known,
) {
  const { state, timers } = manualTimers();
  const s = startReminderSchedule({
    known: k,
    notify: (r) => shown.push(r),
    lang: () => 'zh-TW',
    now: () => clock.now,
    timers,
  });
  return { s, state };
}

describe('desktop reminders', () => {
  it('show a window that opened once at start, not again that day, the next day or after a restart', async () => {
    await rememberScenario('expiring', 'TP00000000000002');
    await rememberScenario('fresh', 'TP00000000000001');
    const clock = { now: NOW };
    const shown: ReminderText[] = [];
    const { s, state } = schedule(clock, shown);
    await s.check();
    expect(state.everyMs).toBe(3_600_000);
    expect(shown).toHaveLength(1);
    expect(shown[0]!.title).toBe('自然人憑證提醒');
    expect(shown[0]!.body).toMatch(/^王\*明（卡號末四碼 0002）的憑證可以展期了，期限到 民國\d+年/);
    expect(await s.check()).toBe(0);
    clock.now = new Date(NOW.getTime() + DAY);
    state.runs[0]!();
    expect(await s.check()).toBe(0);
    s.stop();
    expect(state.cancelled).toBe(1);

    const restarted = schedule(clock, shown, new KnownCards(userDirs({ CITIZEN_CARD_HOME: home })));
    expect(await restarted.s.check()).toBe(0);
    expect(shown).toHaveLength(1);
  });

  it('a window closing within 14 days is shown once each day', async () => {
    await rememberScenario('extended', 'TP00000000000005');
    const [card] = (await known.load()).cards;
    const to = outlookOf(card!, NOW).window!.to;
    const clock = { now: new Date(Date.parse(`${to}T01:00:00Z`) - 10 * DAY) };
    const shown: ReminderText[] = [];
    const { s } = schedule(clock, shown);
    await s.check();
    expect(shown.map((r) => r.body)).toEqual([expect.stringContaining('線上續卡期限只剩 10 天')]);
    expect(await s.check()).toBe(0);
    clock.now = new Date(clock.now.getTime() + DAY);
    expect(await s.check()).toBe(1);
    expect(shown[1]!.body).toContain('只剩 9 天');
    clock.now = new Date(Date.parse(`${to}T01:00:00Z`));
    expect(await s.check()).toBe(1);
    expect(shown[2]!.body).toContain('今天是');
  });

  it('a list that cannot be read is logged, and the app goes on', async () => {
    const broken = {
      overview: async () => {
        throw new Error('disk on fire');
      },
      markReminded: async () => undefined,
    };
    const shown: ReminderText[] = [];
    const logged: string[] = [];
    const { timers } = manualTimers();
    const s = startReminderSchedule({
      known: broken,
      notify: (r) => shown.push(r),
      lang: () => 'en',
      now: () => NOW,
      timers,
      log: (m) => logged.push(m),
    });
    expect(await s.check()).toBe(0);
    expect(logged.some((m) => m.includes('disk on fire'))).toBe(true);
  });
});

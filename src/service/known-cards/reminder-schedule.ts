/**
 * When the desktop app reminds: once at start, then again every hour while it runs, each
 * time showing only what is due and not shown yet (a window that opened or passed: once;
 * one closing within 14 days: once a day). What was shown is written to the list, so a
 * restart on the same day does not repeat it. Electron-free: the clock, the timer and the
 * notifier are handed in (src-main/electron/reminders.ts is the glue).
 */
import type { Lang } from '../../core/i18n';
import type { KnownCards } from './known-cards';
import { needsShowing } from './outlook';
import { reminderText, type ReminderText } from './reminder-text';
import { knownCardView } from './view';

/** Looking again every hour finds a new day within the hour, sleep and wake included. */
export const CHECK_EVERY_MS = 60 * 60 * 1000;

export interface ReminderTimers {
  every(ms: number, run: () => void): unknown;
  cancel(handle: unknown): void;
}

export interface ReminderScheduleOptions {
  known: Pick<KnownCards, 'overview' | 'markReminded'>;
  notify: (reminder: ReminderText) => void;
  lang: () => Lang;
  now?: () => Date;
  timers?: ReminderTimers;
  everyMs?: number;
  log?: (message: string) => void;
}

export interface ReminderSchedule {
  /** Looks now; resolves with how many reminders were shown. Never rejects. */
  check(): Promise<number>;
  stop(): void;
}

const realTimers: ReminderTimers = {
  every: (ms, run) => setInterval(run, ms).unref(),
  cancel: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export function startReminderSchedule(options: ReminderScheduleOptions): ReminderSchedule {
  const now = options.now ?? (() => new Date());
  const timers = options.timers ?? realTimers;
  const log = options.log ?? (() => undefined);
  let running: Promise<number> | null = null;

  async function look(): Promise<number> {
    const at = now();
    const { cards } = await options.known.overview(at);
    const shown: Array<{ id: string; key: string }> = [];
    for (const row of cards) {
      if (!row.reminder || !needsShowing(row.card, row.reminder, at)) continue;
      const text = reminderText(knownCardView(row, false), options.lang());
      if (!text) continue;
      options.notify(text);
      shown.push({ id: row.card.id, key: row.reminder.key });
    }
    await options.known.markReminded(shown, at);
    return shown.length;
  }

  function check(): Promise<number> {
    // One look at a time: a slow disk must not show the same reminder twice.
    running ??= look()
      .catch((err: unknown) => {
        log(`reminders: ${err instanceof Error ? err.message : String(err)}`);
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  const handle = timers.every(options.everyMs ?? CHECK_EVERY_MS, () => void check());
  void check();
  return {
    check,
    stop: () => timers.cancel(handle),
  };
}

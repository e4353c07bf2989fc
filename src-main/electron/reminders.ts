/**
 * Desktop reminders for remembered cards: Electron's system notification as the notifier of
 * the Electron-free schedule (src/service/known-cards/reminder-schedule.ts), in the system's
 * language. Clicking one brings the app's window forward.
 */
import { app, Notification } from 'electron';
import { langFromLocale } from '../../src/core/i18n';
import type { KnownCards } from '../../src/service/known-cards';
import { startReminderSchedule } from '../../src/service/known-cards/reminder-schedule';

export interface DesktopRemindersOptions {
  /** What a click on a notification does (show the window). */
  onClick?: () => void;
  log?: (message: string) => void;
}

/** Starts the reminders; returns how to stop them. Where notifications are unsupported: none. */
export function startDesktopReminders(
  known: Pick<KnownCards, 'overview' | 'markReminded'>,
  options: DesktopRemindersOptions = {},
): () => void {
  if (!Notification.isSupported()) return () => undefined;
  const schedule = startReminderSchedule({
    known,
    lang: () => langFromLocale(app.getLocale()),
    notify: ({ title, body }) => {
      const notification = new Notification({ title, body });
      if (options.onClick) notification.on('click', options.onClick);
      notification.show();
    },
    log: options.log ?? ((message) => console.error(message)),
  });
  return () => schedule.stop();
}

/**
 * The Electron glue of the reminders: a system notification in the system's language for a
 * remembered card whose window opened, and a click bringing the window forward. Electron is
 * the hand-made mock; the schedule behind it is tested on its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userDirs } from '../../../src/platform';
import { KnownCards, updateKnownCards, withCardRemembered } from '../../../src/service/known-cards';
import { reportFor } from '../../src/service/known-cards/fixtures';

const electron = vi.hoisted(() => ({
  supported: true,
  locale: 'zh-TW',
  shown: [] as Array<{ title: string; body: string; click?: () => void }>,
}));

vi.mock('electron', () => {
  class Notification {
    static isSupported() {
      return electron.supported;
    }
    private readonly entry: { title: string; body: string; click?: () => void };
    constructor(options: { title: string; body: string }) {
      this.entry = { ...options };
    }
    on(event: string, handler: () => void) {
      if (event === 'click') this.entry.click = handler;
    }
    show() {
      electron.shown.push(this.entry);
    }
  }
  return { app: { getLocale: () => electron.locale }, Notification };
});

let home: string;
let known: KnownCards;

beforeEach(async () => {
  electron.supported = true;
  electron.locale = 'zh-TW';
  electron.shown.length = 0;
  home = mkdtempSync(join(tmpdir(), 'ccm-desktop-remind-'));
  known = new KnownCards(userDirs({ CITIZEN_CARD_HOME: home }));
  // Remembered today: a card inside its extension window.
  const report = await reportFor({ scenario: 'expiring', now: new Date() });
  await updateKnownCards((cards) => withCardRemembered(cards, report, new Date()), known.storePath);
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('desktop reminders', () => {
  it('show a system notification at start, in the system language, that brings the window forward', async () => {
    const { startDesktopReminders } = await import('../../../src-main/electron/reminders');
    const onClick = vi.fn();
    const stop = startDesktopReminders(known, { onClick });
    await vi.waitUntil(() => electron.shown.length > 0);
    stop();
    expect(electron.shown).toHaveLength(1);
    expect(electron.shown[0]!.title).toBe('自然人憑證提醒');
    expect(electron.shown[0]!.body).toContain('王*明（卡號末四碼 5678）的憑證可以展期了');
    electron.shown[0]!.click!();
    expect(onClick).toHaveBeenCalledOnce();
    // Shown once: the list now says so, for the next start.
    expect((await known.load()).cards[0]!.reminded?.key).toMatch(/^open:extension:/);
  });

  it('speak English on an English system', async () => {
    electron.locale = 'en-US';
    const { startDesktopReminders } = await import('../../../src-main/electron/reminders');
    const stop = startDesktopReminders(known);
    await vi.waitUntil(() => electron.shown.length > 0);
    stop();
    expect(electron.shown[0]!.body).toMatch(
      /^The certificate of 王\*明 \(card …5678\) can be extended now/,
    );
  });

  it('where the system has no notifications, start nothing', async () => {
    electron.supported = false;
    const { startDesktopReminders } = await import('../../../src-main/electron/reminders');
    const stop = startDesktopReminders(known);
    await new Promise((r) => setTimeout(r, 50));
    stop();
    expect(electron.shown).toEqual([]);
    expect((await known.load()).cards[0]!.reminded).toBeNull();
  });
});

/**
 * "My cards" end to end (vpcd → pcscd → browser host → Chromium): turn remembering on, read
 * two cards, see them listed most urgent first and masked, reveal one, get the calendar file
 * as a download, see the in-page reminder after a reload, and forget them all. Screenshots:
 * docs/screenshots/cards.<lang>.<width>.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RunningApp, type AppPage } from './harness';

const env = inject('e2e');
const SECOND = { holder: { cardNumber: 'TT01000087654321', name: '陳美麗' } };

describe.skipIf(!env.available)('My cards, end to end', () => {
  let running: RunningApp;
  let app: AppPage;

  beforeAll(async () => {
    running = await RunningApp.start();
    app = running.app;
    await running.readersReady();
  });

  afterAll(async () => {
    await running?.close();
  });

  it('remembers cards only once the switch is on, lists them most urgent first, masked until shown', async () => {
    await app.openTab('cards');
    await app.expectText('known-cards-empty', '開啟上方的開關後');
    await app.expectText('known-cards-privacy', '不會傳送到任何地方');

    // Read before the switch: not remembered.
    await running.insert('fresh', 0, SECOND);
    await app.openTab('card');
    await app.expectText('card-number', 'TT01000087654321');
    await app.openTab('cards');
    await app.expectText('known-cards-empty', '開啟上方的開關後');

    // A controlled switch: it shows "on" once the backend has saved the setting.
    await app.tid('remember-switch').click();
    await app.expectText('known-cards-empty', '插入卡片，讀取後就會出現在這裡');
    expect(await app.tid('remember-switch').isChecked()).toBe(true);
    await running.pull();
    await running.insert('fresh', 0, SECOND);
    await app.expectText('known-card-0-number', 'TT01********4321');
    await running.pull();
    await running.insert('expiring');
    // The card in its extension window comes first; the one whose window is years away last.
    await app.expectText('known-card-0-number', 'TP03********5678');
    await app.expectText('known-card-1-number', 'TT01********4321');
    await app.expectText('known-card-0-window', '展期期間');
    await app.expectText('known-card-0-expires', '民國');
    await app.expectText('known-card-1-holder', '陳*麗');
    await running.pull();
    await app.shot('cards.zh-TW.1100', { downTo: 'known-cards-actions' });

    await app.tid('known-card-1-reveal').click();
    await app.expectText('known-card-1-number', 'TT01000087654321');
    await app.expectText('known-card-1-holder', '陳美麗');
    await app.tid('known-card-1-reveal').click();
    await app.expectText('known-card-1-number', 'TT01********4321');
  });

  it('offers the reminders as a calendar file to download', async () => {
    const download = app.page.waitForEvent('download');
    await app.tid('add-to-calendar').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('citizen-card-reminders.ics');
    const text = readFileSync((await file.path())!, 'utf8');
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text).toContain('王*明（卡號末四碼 5678）');
    await app.expectText('known-cards-outcome', '已下載 citizen-card-reminders.ics');
  });

  it('shows what is due on the page after a reload (no system notifications in a browser)', async () => {
    await app.page.reload();
    await app.expectText('reminder-notice', '王*明（卡號末四碼 5678）的憑證可以展期了');
    await app.tid('reminder-notice').locator('button').first().click();
    await app.expectText('known-card-0-number', 'TP03********5678');
  });

  it('in English too, and forgets them all after a confirmation', async () => {
    await app.page.getByRole('button', { name: 'English' }).click();
    await app.expectText('known-card-0-window', 'Extension period');
    await app.expectText('known-card-0-status', 'Extension open');
    await app.shot('cards.en.1100', { downTo: 'known-cards-actions' });
    await app.tid('forget-all').click();
    await app.tid('forget-all-confirm').click();
    await app.expectText('known-cards-outcome', 'All cards were forgotten.');
    await app.expectText('known-cards-empty', 'once it is read it appears here');
    await app.page.getByRole('button', { name: '中文' }).click();
  });
});

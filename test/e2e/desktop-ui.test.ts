/**
 * The whole app as a person uses it: virtual cards inserted into vpcd's readers, pcscd, the
 * PC/SC card service, the backend, the browser host's bridge and the React page in Debian's
 * Chromium. Each test inserts its own card and pulls it at the end. Screenshots of the states
 * these tests create go to docs/screenshots/ (every screen in both languages, sizes and
 * themes: citizen-view.test.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createVirtualSource } from '../../src/sources';
import { DEFAULT_PIN, RunningApp, USER_CODE, type AppPage, type Screen } from './harness';

const env = inject('e2e');

describe.skipIf(!env.available)(
  'the app end to end (vpcd → pcscd → browser host → Chromium)',
  () => {
    let running: RunningApp;
    let app: AppPage;
    const tid = (id: string) => app.tid(id);
    const expectText = (id: string, text: string | RegExp) => app.expectText(id, text);
    const shot = (name: string, options?: Parameters<AppPage['shot']>[1]) =>
      app.shot(name, options);
    const openTab = (screen: Screen) => app.openTab(screen);
    const fill = (id: string, value: string) => app.fill(id, value);
    const insert = (scenario: Parameters<RunningApp['insert']>[0]) => running.insert(scenario);

    beforeAll(async () => {
      running = await RunningApp.start();
      app = running.app;
      await running.readersReady();
    });

    afterEach(async () => {
      await running.pull();
      await openTab('card').catch(() => undefined);
    });

    afterAll(async () => {
      await running?.close();
    });

    it('with an empty reader, says to insert the card', async () => {
      await expectText('card-state', '沒有卡片');
      expect(await tid('card-state').getAttribute('data-state')).toBe('no-card');
      await shot('no-card');
    });

    it('shows the status as soon as a card is inserted', async () => {
      await insert('fresh');
      await expectText('card-number', 'TP03000012345678');
      await expectText('card-holder', '王小明');
      await expectText('pin-tries', '3/3');
      await expectText('user-code-tries', '5/5');
      await expect(tid('demo-badge').isVisible()).resolves.toBe(true);
      await openTab('certs');
      await tid('cert-SIGN').waitFor();
    });

    it('a wrong PIN shows 2/3 tries left', async () => {
      await insert('fresh');
      await expectText('card-number', 'TP03000012345678');
      await openTab('pin');
      await fill('verify-pin', '000000');
      await tid('verify-submit').click();
      await expectText('pin-result', '2/3');
      await expectText('pin-screen-pin-tries', '2/3');
      await shot('pin-wrong');
    });

    it('changes the PIN, after which only the new PIN verifies', async () => {
      const card = await insert('fresh');
      await expectText('card-number', 'TP03000012345678');
      await openTab('pin');
      await fill('change-old-pin', DEFAULT_PIN);
      await fill('change-new-pin', 'Ab12cd34');
      await fill('change-new-pin-again', 'Ab12cd34');
      await tid('change-submit').click();
      await expectText('pin-result', '已變更');
      await fill('verify-pin', 'Ab12cd34');
      await tid('verify-submit').click();
      await expectText('pin-result', 'PIN 碼正確');
      // The form state never reached the card as anything but the two PIN operations.
      expect(card.received.filter((apdu) => apdu[1] === 0x24)).toHaveLength(1);
    });

    it('asks for a second confirmation before the last try', async () => {
      const card = await insert('one-try-left');
      await expectText('pin-tries', '1/3');
      await openTab('pin');
      await fill('verify-pin', DEFAULT_PIN);
      await tid('verify-last-try').waitFor();
      expect(await tid('verify-submit').isDisabled()).toBe(true);
      await shot('pin-last-try');
      const verifies = () => card.received.filter((a) => a[1] === 0x20 && a.length > 5).length;
      expect(verifies()).toBe(0);
      await tid('verify-confirm-last-try').check();
      await tid('verify-submit').click();
      await expectText('pin-result', 'PIN 碼正確');
      await expectText('pin-screen-pin-tries', '3/3');
      expect(verifies()).toBe(1);
    });

    it('unblocks a locked card with the user code', async () => {
      await insert('locked');
      await expectText('pin-tries', '0/3');
      await openTab('pin');
      await fill('unblock-user-code', USER_CODE);
      await fill('unblock-new-pin', '135790');
      await fill('unblock-new-pin-again', '135790');
      await shot('pin-unblock');
      await tid('unblock-submit').click();
      await expectText('pin-result', '已解鎖');
      await expectText('pin-screen-pin-tries', '3/3');
    });

    it('clears the card from the screen when it is pulled out', async () => {
      await insert('fresh');
      await expectText('card-number', 'TP03000012345678');
      await running.yank();
      await expectText('card-state', '卡片已從讀卡機');
      expect(await tid('card-state').getAttribute('data-state')).toBe('removed');
      expect(await tid('card-number').count()).toBe(0);
      await expectText('live-notice', '取出');
      await shot('card-removed', { keepNotice: true });
    });

    it('prompts for an extension when the certificate is about to expire', async () => {
      await insert('expiring');
      await expectText('advice-banner', '展期');
      await openTab('expiry');
      await expectText('advice-actions', '展期');
    });

    it('diagnoses a locked card, masking the card number until asked to show it', async () => {
      const card = await insert('locked');
      await expectText('pin-tries', '0/3');
      await openTab('diagnose');
      await tid('diagnose-run').click();
      await expectText('finding-card.pin', 'PIN 碼已鎖住');
      expect(await tid('finding-card.pin').getAttribute('data-severity')).toBe('error');
      await expectText('finding-card.pin', 'R-PIN-LOCK · R-UNLOCK-ONLINE · R-USERCODE-RESET');
      await expectText('diagnose-summary', '已遮蔽');
      // Only the problems are open; the card's identity is among the other checks.
      await tid('diagnose-all-checks').evaluate((d) => ((d as HTMLDetailsElement).open = true));
      await expectText('finding-card.identity', 'TP03********5678');
      await expectText('finding-card.identity', '王*明');
      const report = (await tid('diagnose-report').textContent()) ?? '';
      expect(report).not.toContain('TP03000012345678');
      expect(report).not.toContain('王小明');
      await tid('diagnose-unmask').check();
      await tid('diagnose-all-checks').evaluate((d) => ((d as HTMLDetailsElement).open = true));
      await expectText('finding-card.identity', 'TP03000012345678');
      await expectText('finding-card.identity', '王小明');
      await expectText('diagnose-summary', '完整顯示');
      // Diagnosing read the tries counters only: no PIN ever went to the card.
      expect(card.received.filter((a) => a[1] === 0x20 && a.length > 5)).toHaveLength(0);
      await tid('diagnose-unmask').uncheck();
      await tid('diagnose-all-checks').evaluate((d) => ((d as HTMLDetailsElement).open = true));
      await expectText('finding-card.identity', 'TP03********5678');
    });

    it('switches the whole page to English and back', async () => {
      await insert('fresh');
      await expectText('card-number', 'TP03000012345678');
      await app.page.getByRole('button', { name: 'English' }).click();
      await expectText('tab-card', 'Card');
      expect(await app.page.locator('html').getAttribute('lang')).toBe('en');
      await expectText('pin-tries', '3/3');
      await app.page.getByRole('button', { name: '中文' }).click();
      await expectText('tab-card', '卡片');
    });

    it('with no reader at all, says to connect one', async () => {
      const noReaders = await RunningApp.start({
        factories: { pcsc: () => createVirtualSource([]), demo: () => createVirtualSource([]) },
      });
      try {
        // The page says 'starting' until the host's first answer; then it must say no reader.
        const state = noReaders.app
          .tid('card-state')
          .and(noReaders.app.page.locator('[data-state="no-reader"]'));
        await state.waitFor();
        expect(await state.textContent()).toContain('找不到讀卡機');
        await noReaders.app.shot('no-reader');
      } finally {
        await noReaders.close();
      }
    });

    it('raised no error in the page', () => {
      expect(app.errors).toEqual([]);
    });
  },
);

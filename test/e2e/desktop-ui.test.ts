/**
 * The whole app as a person uses it: virtual cards inserted into vpcd's readers, pcscd, the
 * PC/SC card service, the backend, the browser host's bridge and the React page in Debian's
 * Chromium. Each test inserts its own card and pulls it at the end. Screenshots of the main
 * screens go to docs/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createVirtualSource } from '../../src/sources';
import type { CardSource } from '../../src/sources/card-source';
import { createVirtualCard, type ScenarioName, type VirtualCard } from '../../src/virtual-card';
import { connectToVpcd, vpcdReaderName, type VpcdLink } from '../../src/virtual-card/vpcd-link';
import { PROJECT_ROOT, runBrowserHost, type RunningHost } from '../../src-main/browser-host/run';
import { CHROMIUM } from './global-setup';

const env = inject('e2e');
const SCREENSHOTS = join(PROJECT_ROOT, 'docs', 'screenshots');
const SLOT = 0;
const READER = vpcdReaderName(SLOT);
const DEFAULT_PIN = '730101';
const USER_CODE = '12345678';
const quiet = { out: () => undefined, err: (line: string) => process.stderr.write(line + '\n') };

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function until(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(!env.available)(
  'the app end to end (vpcd → pcscd → browser host → Chromium)',
  () => {
    let running: RunningHost;
    let context: BrowserContext;
    let page: Page;
    let userDataDir: string;
    const pageErrors: string[] = [];
    let inserted: { link: VpcdLink; card: VirtualCard } | null = null;

    const tid = (id: string) => page.locator(`[data-testid="${id}"]`);

    /** Wait until the element's text contains `text` (the UI updates asynchronously). */
    async function expectText(id: string, text: string | RegExp): Promise<void> {
      const locator = tid(id);
      await locator.first().waitFor({ state: 'visible', timeout: 10_000 });
      const deadline = Date.now() + 10_000;
      let seen = '';
      while (Date.now() < deadline) {
        seen = (await locator.first().textContent()) ?? '';
        if (typeof text === 'string' ? seen.includes(text) : text.test(seen)) return;
        await page.waitForTimeout(50);
      }
      throw new Error(`[data-testid=${id}] shows "${seen}", expected ${String(text)}`);
    }

    /**
     * A screenshot of the screen as it settles; the passing "card inserted" toast is closed.
     * `downTo` (a test ID) extends the picture from the top of the page down to that element,
     * for a screen whose point is below the fold (the Diagnose checklist).
     */
    async function shot(
      name: string,
      { keepNotice = false, downTo }: { keepNotice?: boolean; downTo?: string } = {},
    ): Promise<void> {
      const dismiss = page.locator('[data-testid="live-notice"] button');
      if (!keepNotice && (await dismiss.count()) > 0) await dismiss.click();
      await page.waitForTimeout(150);
      const path = join(SCREENSHOTS, `${name}.png`);
      if (!downTo) {
        await page.screenshot({ path });
        return;
      }
      const box = await tid(downTo).first().boundingBox();
      const scrollY = Number(await page.evaluate('window.scrollY'));
      if (!box) throw new Error(`[data-testid=${downTo}] is not on screen`);
      const { width } = page.viewportSize()!;
      const height = Math.ceil(scrollY + box.y + box.height + 16);
      await page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width, height } });
    }

    function readerHasCard(source: CardSource, present: boolean): boolean {
      return source.readers().some((r) => r.name === READER && r.cardPresent === present);
    }

    async function insert(scenario: ScenarioName): Promise<VirtualCard> {
      const card = await createVirtualCard({ scenario });
      await until(() => readerHasCard(running.source, false), `${READER} empty`);
      const link = await connectToVpcd(card, { slot: SLOT });
      inserted = { link, card };
      await until(() => readerHasCard(running.source, true), `${READER} shows the card`);
      return card;
    }

    async function pull(): Promise<void> {
      if (!inserted) return;
      await inserted.link.remove();
      inserted = null;
      await until(() => readerHasCard(running.source, false), `${READER} empty again`);
    }

    async function openTab(
      screen: 'card' | 'pin' | 'certs' | 'expiry' | 'help' | 'diagnose',
    ): Promise<void> {
      await tid(`tab-${screen}`).click();
    }

    async function fill(id: string, value: string): Promise<void> {
      await tid(id).fill(value);
    }

    beforeAll(async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      running = await runBrowserHost(['--pcsc', '--no-open-links'], quiet);
      await until(() => running.source.readers().some((r) => r.name === READER), 'vpcd readers');
      userDataDir = mkdtempSync(join(tmpdir(), 'ccm-e2e-chromium-'));
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1100, height: 760 },
        locale: 'zh-TW',
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') pageErrors.push(msg.text());
      });
      await page.goto(running.host.url);
    });

    afterEach(async () => {
      await pull();
      await openTab('card').catch(() => undefined);
    });

    afterAll(async () => {
      await context?.close();
      await running?.stop();
      if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
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
      await shot('card');
      await openTab('certs');
      await tid('cert-SIGN').waitFor();
      await shot('certificates');
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
      await inserted!.link.remove();
      inserted = null;
      await expectText('card-state', '沒有卡片');
      expect(await tid('card-number').count()).toBe(0);
      await expectText('live-notice', '取出');
      await shot('card-removed', { keepNotice: true });
    });

    it('prompts for an extension when the certificate is about to expire', async () => {
      await insert('expiring');
      await expectText('advice-banner', '展期');
      await openTab('expiry');
      await expectText('advice-actions', '展期');
      await shot('expiry');
    });

    it('diagnoses a locked card, masking the card number until asked to show it', async () => {
      const card = await insert('locked');
      await expectText('pin-tries', '0/3');
      await openTab('diagnose');
      await tid('diagnose-run').click();
      await expectText('finding-card.pin', 'PIN 碼已鎖住');
      expect(await tid('finding-card.pin').getAttribute('data-severity')).toBe('error');
      await expectText('finding-card.pin', 'R-PIN-LOCK, R-UNLOCK-ONLINE, R-USERCODE-RESET');
      await expectText('diagnose-summary', '已遮蔽');
      await expectText('finding-card.identity', 'TP03********5678');
      await expectText('finding-card.identity', '王*明');
      const report = (await tid('diagnose-report').textContent()) ?? '';
      expect(report).not.toContain('TP03000012345678');
      expect(report).not.toContain('王小明');
      await shot('diagnose', { downTo: 'finding-card.pin' });
      await tid('diagnose-unmask').check();
      await expectText('finding-card.identity', 'TP03000012345678');
      await expectText('finding-card.identity', '王小明');
      await expectText('diagnose-summary', '完整顯示');
      // Diagnosing read the tries counters only: no PIN ever went to the card.
      expect(card.received.filter((a) => a[1] === 0x20 && a.length > 5)).toHaveLength(0);
      await tid('diagnose-unmask').uncheck();
      await expectText('finding-card.identity', 'TP03********5678');
    });

    it('switches the whole page to English and back', async () => {
      await insert('fresh');
      await expectText('card-number', 'TP03000012345678');
      await page.getByRole('button', { name: 'English' }).click();
      await expectText('tab-card', 'Card');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await expectText('pin-tries', '3/3');
      await shot('card-en');
      await page.getByRole('button', { name: '中文' }).click();
      await expectText('tab-card', '卡片');
    });

    it('with no reader at all, says to connect one', async () => {
      const noReaders = await runBrowserHost(['--pcsc', '--no-open-links'], quiet, {
        pcsc: () => createVirtualSource([]),
        demo: () => createVirtualSource([]),
      });
      try {
        const other = await context.newPage();
        await other.goto(noReaders.host.url);
        const state = other.locator('[data-testid="card-state"]');
        await state.waitFor();
        expect(await state.getAttribute('data-state')).toBe('no-reader');
        expect(await state.textContent()).toContain('找不到讀卡機');
        await other.screenshot({ path: join(SCREENSHOTS, 'no-reader.png') });
        await other.close();
      } finally {
        await noReaders.stop();
      }
    });

    it('raised no error in the page', () => {
      expect(pageErrors).toEqual([]);
    });
  },
);

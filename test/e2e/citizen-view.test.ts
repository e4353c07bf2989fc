/**
 * What a citizen reads and can do, in Chromium (issue 14): one page on a virtual source this
 * file controls, every demo scenario inserted in turn. Asserted from the page's own text:
 * no developer notes, an "as of" date and a MOICA button for every action (items 1, 2), a
 * Diagnose screen that starts with the problem (5), a masked report that names nobody (6);
 * axe-core finds no serious or critical WCAG 2.2 AA violation on any screen × scenario ×
 * language; and the screenshots in docs/screenshots are taken for every screen in both
 * languages at 800×600 and 1440×900, light and dark.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createVirtualSource, DEMO_READER, identifyCard } from '../../src/sources';
import type { VirtualCardSource } from '../../src/sources/virtual-source';
import { SCENARIOS, type ScenarioName } from '../../src/virtual-card';
import { SCREENS } from '../../src-renderer/store/card-store';
import { RunningApp, type AppPage, type Screen } from './harness';

const env = inject('e2e');
const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

const LANGS = ['zh-TW', 'en'] as const;
type Lang = (typeof LANGS)[number];

/** Notes meant for developers that once reached citizens. */
const DEVELOPER_NOTES =
  /moica-citizen-guide|本專案參考資料|reference copy|寫到這裡就中斷|breaks off|矛盾|contradict|One passage of the guide|說明中(另)?有一處/;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

describe.skipIf(!env.available)('what a citizen reads and can do (Chromium)', () => {
  let running: RunningApp;
  let app: AppPage;
  let source: VirtualCardSource;
  let current: ScenarioName = 'fresh';
  const page = () => app.page;

  beforeAll(async () => {
    source = await createVirtualSource([{ reader: DEMO_READER, card: null }], {
      identify: identifyCard,
    });
    let first = true;
    running = await RunningApp.start({
      args: ['--pcsc', '--no-open-links'],
      factories: {
        // The app's source first; afterwards the Diagnose screen's own look at "PC/SC"
        // (what it does on the demo card), which finds the same card in the same reader.
        pcsc: async () => {
          if (first) {
            first = false;
            return source;
          }
          return createVirtualSource([{ reader: DEMO_READER, card: { scenario: current } }], {
            identify: identifyCard,
          });
        },
        demo: async () => source,
      },
      viewport: { width: 1440, height: 900 },
    });
    app = running.app;
  });

  afterAll(async () => {
    await running?.close();
  });

  /** A new card of `scenario` in the reader, once the page shows it. */
  async function insert(scenario: ScenarioName): Promise<void> {
    current = scenario;
    await app.openTab('card');
    source.removeCard(DEMO_READER);
    await app.tid('card-state').waitFor();
    await source.insertCard(DEMO_READER, { scenario });
    await page().waitForFunction(
      () =>
        document.querySelector('[data-testid="card-facts"]') !== null &&
        document.querySelector('[aria-busy="true"]') === null &&
        // Inserted, read, and the "reading it now" notice gone again.
        (document.querySelector('[data-testid="live-notice"]') as HTMLElement).innerText.trim() ===
          '',
      undefined,
      { timeout: 10_000 },
    );
  }

  async function setLang(lang: Lang): Promise<void> {
    const want = lang === 'zh-TW' ? 'zh-Hant-TW' : 'en';
    if ((await page().locator('html').getAttribute('lang')) === want) return;
    await page()
      .getByRole('button', { name: lang === 'zh-TW' ? '中文' : 'English', exact: true })
      .click();
    await page().waitForFunction((l) => document.documentElement.lang === l, want);
  }

  async function runDiagnosis(): Promise<void> {
    await app.openTab('diagnose');
    await app.tid('diagnose-run').click();
    await app.tid('diagnose-verdict').waitFor({ timeout: 20_000 });
    await page().waitForFunction(
      () =>
        document.querySelector('[data-testid="diagnose-run"]')?.hasAttribute('disabled') === false,
    );
  }

  async function axeViolations(): Promise<AxeViolation[]> {
    const loaded = await page().evaluate(() => 'axe' in window);
    // The page's CSP allows no inline script (a script tag would be refused, rightly):
    // axe-core goes in through the DevTools protocol, which the CSP does not govern.
    if (!loaded) await page().evaluate(readFileSync(AXE, 'utf8'));
    const result = (await page().evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<unknown> } }
      ).axe;
      return axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
        resultTypes: ['violations'],
      });
    })) as { violations: AxeViolation[] };
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  const bodyText = () => page().evaluate(() => document.body.innerText);

  // Every test starts from the same page state, whatever the one before left behind.
  beforeEach(async () => {
    await page().emulateMedia({ colorScheme: 'light' });
    await page().setViewportSize({ width: 1440, height: 900 });
    await setLang('zh-TW');
  });

  it('axe: no serious or critical violation on any screen, scenario and language', async () => {
    const failures: string[] = [];
    for (const scenario of SCENARIOS) {
      await insert(scenario);
      await runDiagnosis();
      for (const lang of LANGS) {
        await setLang(lang);
        for (const screen of SCREENS) {
          await app.openTab(screen);
          for (const v of await axeViolations()) {
            const where = v.nodes.map((n) => n.target.join(' ')).join(', ');
            failures.push(
              `${scenario} ${lang} ${screen}: ${v.id} (${v.impact}) ${v.help} at ${where}`,
            );
          }
        }
      }
    }
    // Dark theme, where the colours differ: every screen once, both languages.
    await page().emulateMedia({ colorScheme: 'dark' });
    await insert('expiring');
    await runDiagnosis();
    for (const lang of LANGS) {
      await setLang(lang);
      for (const screen of SCREENS) {
        await app.openTab(screen);
        for (const v of await axeViolations())
          failures.push(`dark ${lang} ${screen}: ${v.id} ${v.help}`);
      }
    }
    await page().emulateMedia({ colorScheme: 'light' });
    await setLang('zh-TW');
    expect(failures).toEqual([]);
    // 14 scenarios × 6 screens × 2 languages: about 45 s on an idle machine, more on a busy one.
  }, 240_000);

  it('item 1: facts carry their as-of date and a MOICA link; no developer note on any screen', async () => {
    for (const scenario of ['expiring', 'extended', 'expired-reapply', 'locked'] as const) {
      await insert(scenario);
      for (const lang of LANGS) {
        await setLang(lang);
        for (const screen of SCREENS) {
          await app.openTab(screen);
          expect(await bodyText(), `${scenario} ${lang} ${screen}`).not.toMatch(DEVELOPER_NOTES);
        }
      }
    }
    await setLang('zh-TW');
    await insert('expiring');
    await app.openTab('expiry');
    const asOf = app.tid('as-of').first();
    expect(await asOf.innerText()).toMatch(
      /^資料查證日期：民國\d+年\d+月\d+日 \(\d{4}-\d\d-\d\d\)/,
    );
    expect(await asOf.locator('a').getAttribute('href')).toBe('https://moica.nat.gov.tw/');
    // Rule IDs stay for helpdesks, small and after the advice.
    const rules = page().locator('[data-testid="advice-actions"] .rules').first();
    expect(await rules.innerText()).toContain('R-EXT');
    const [ruleSize, textSize] = await rules.evaluate((el) => [
      parseFloat(getComputedStyle(el).fontSize),
      parseFloat(getComputedStyle(document.body).fontSize),
    ]);
    expect(ruleSize).toBeLessThan(textSize);
    // "About this information": every dated fact.
    await app.openTab('help');
    const about = await app.tid('about-info').innerText();
    expect(about).toContain('關於這些資訊');
    for (const fact of ['新臺幣 250 元', '新臺幣 28 元', '免費', '0800-080-117', '08:30–12:00']) {
      expect(about).toContain(fact);
    }
  });

  it('item 2: every action has a button to its MOICA page; the PIN form explains the default PIN', async () => {
    const href = (id: string) => app.tid(`moica-link-${id}`).first().getAttribute('href');
    await insert('expiring');
    expect(await app.tid('advice-banner').innerText()).toContain('線上展期');
    expect(await href('extend-online')).toBe('https://moica.nat.gov.tw/renewcert.html');
    await insert('extended');
    expect(await app.tid('advice-banner').innerText()).toContain('線上續卡');
    expect(await href('renew-online')).toBe('https://moica.nat.gov.tw/');
    expect(await app.tid('advice-banner').innerText()).toContain('憑證作業 → 線上換發');
    await insert('locked');
    await app.openTab('help');
    for (const [id, url] of [
      ['unlock', 'https://moica.nat.gov.tw/'],
      ['suspend-resume', 'https://moica.nat.gov.tw/'],
      ['check-status', 'https://moica.nat.gov.tw/'],
      ['download-hicos', 'https://moica.nat.gov.tw/download_1.html'],
      ['download-hipki', 'https://moica.nat.gov.tw/rac_plugin.html'],
    ] as const) {
      expect(await href(id), id).toBe(url);
      expect(await app.tid(`moica-link-${id}`).first().getAttribute('target')).toBe('_blank');
    }
    // The locked card's own help is open, with the unlock button and where to click.
    expect(await app.tid('help-pin-locked-remembers-user-code').innerText()).toContain(
      '進入網站後選「憑證作業 → 忘記PIN碼/鎖卡解碼」',
    );
    await insert('fresh');
    await app.openTab('pin');
    const change = await page().locator('form[aria-labelledby="change-title"]').innerText();
    expect(change).toContain('民國出生年月日共 6 碼');
    expect(change).toContain('730101');
    expect(change).toContain('建議改成只有你知道的號碼');
  });

  it('item 5: Diagnose starts with a one-line verdict and the problem, the rest folded', async () => {
    await insert('locked');
    await runDiagnosis();
    const verdict = await app.tid('diagnose-verdict').innerText();
    expect(verdict).toMatch(/^發現 \d+ 個需要處理的問題：PIN 碼已鎖住$/);
    // The first finding on the page is the error, with its remedy, before anything else.
    const first = page()
      .locator('[data-testid="diagnose-report"] [data-testid^="finding-"]')
      .first();
    expect(await first.getAttribute('data-testid')).toBe('finding-card.pin');
    expect(await first.innerText()).toContain('忘記PIN碼/鎖卡解碼');
    expect(await first.locator('a[href="https://moica.nat.gov.tw/"]').count()).toBeGreaterThan(0);
    // The rest is folded away until asked for.
    const all = app.tid('diagnose-all-checks');
    expect(await all.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await app.tid('finding-os').isVisible()).toBe(false);
    const text = await bodyText();
    expect(text).toMatch(
      /產生時間：民國\d+年\d+月\d+日 \(\d{4}-\d\d-\d\d\) \d\d:\d\d:\d\d（臺北時間）/,
    );
    await all.locator('summary').click();
    expect(await app.tid('finding-os').isVisible()).toBe(true);
    const everything = await app.tid('diagnose-report').innerText();
    expect(everything).toContain('數位簽章、不可否認');
    expect(everything).toContain('（臺北時間）');
    expect(everything).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(everything).not.toContain('`');
    expect(everything).not.toContain('--unmask');
    await setLang('en');
    expect(await app.tid('diagnose-verdict').innerText()).toMatch(
      /problem\(s\) to deal with: PIN locked$/,
    );
    expect(await app.tid('diagnose-report').innerText()).toContain(
      'Digital signature, Non-repudiation',
    );
    await setLang('zh-TW');
  });

  it('item 6: a masked report names neither the person nor the computer’s user', async () => {
    const login = 'chen-meiling-e2e';
    const saved = {
      HOME: process.env.HOME,
      USER: process.env.USER,
      CITIZEN_CARD_PKCS11_MODULE: process.env.CITIZEN_CARD_PKCS11_MODULE,
    };
    // The browser host runs in this process: its diagnosis reads these.
    process.env.HOME = `/home/${login}`;
    process.env.USER = login;
    process.env.CITIZEN_CARD_PKCS11_MODULE = `/opt/${login}/lib/libHicos_p11v1.so`;
    try {
      await insert('fresh');
      await runDiagnosis();
      await app.tid('diagnose-all-checks').evaluate((d) => ((d as HTMLDetailsElement).open = true));
      const masked = await app.tid('diagnose-report').innerText();
      for (const personal of [login, 'TP03000012345678', '王小明']) {
        expect(masked).not.toContain(personal);
      }
      expect(masked).toContain('/opt/<user>/lib/libHicos_p11v1.so');
      expect(masked).toContain('TP03********5678');
      // The saved files are as clean as the screen.
      for (const button of ['diagnose-save-json', 'diagnose-save-text']) {
        const [download] = await Promise.all([
          page().waitForEvent('download'),
          app.tid(button).click(),
        ]);
        const content = readFileSync((await download.path())!, 'utf8');
        expect(content, button).not.toContain(login);
        expect(content, button).not.toContain('TP03000012345678');
        expect(content, button).toContain('<user>');
      }
      // The check can fail: asked to, the report shows them.
      await app.tid('diagnose-unmask').check();
      await app.expectText('finding-card.identity', 'TP03000012345678');
      await app.tid('diagnose-all-checks').evaluate((d) => ((d as HTMLDetailsElement).open = true));
      expect(await app.tid('diagnose-report').innerText()).toContain(`/opt/${login}/lib`);
      await app.tid('diagnose-unmask').uncheck();
      await app.expectText('finding-card.identity', 'TP03********5678');
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('keyboard and layout: focus survives the lock, rings show, the toast goes, numbers hold', async () => {
    await page().setViewportSize({ width: 800, height: 600 });
    await insert('one-try-left');
    // The "reading the card" notice is gone once the card is read.
    expect((await app.tid('live-notice').innerText()).trim()).toBe('');
    await app.openTab('pin');
    await app.fill('verify-pin', '000000');
    await app.tid('verify-confirm-last-try').check();
    await app.tid('verify-submit').click();
    await app.expectText('pin-result', '鎖住');
    await app.expectText('pin-screen-pin-tries', '0/3');
    // The form that had focus is gone; focus is on the outcome, not on <body>.
    await page().waitForFunction(
      () => document.activeElement?.getAttribute('data-testid') === 'pin-result',
    );
    // The language switch's focus ring is whole (nothing clips it) and 3:1 on the header.
    await page().locator('.lang-switch button').first().focus();
    await page().keyboard.press('Tab');
    await page().keyboard.press('Shift+Tab');
    const ring = await page().evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return {
        outline: getComputedStyle(el).outlineColor,
        width: getComputedStyle(el).outlineWidth,
        clip: getComputedStyle(el.parentElement!).overflow,
      };
    });
    expect(ring).toEqual({ outline: 'rgb(255, 213, 74)', width: '3px', clip: 'visible' });
    // The hotline stays on one line at 800 px.
    await app.openTab('help');
    await app.tid('help-pin-locked-remembers-user-code').waitFor();
    const hotline = page().locator('[data-testid="help-pin-locked-remembers-user-code"] .nowrap');
    expect(await hotline.innerText()).toBe('0800-080-117');
    expect(await hotline.evaluate((el) => el.getClientRects().length)).toBe(1);
    await page().setViewportSize({ width: 1440, height: 900 });
  });

  it(
    'screenshots: every screen, both languages, 800×600 and 1440×900, light and dark',
    {
      timeout: 120_000,
    },
    async () => {
      const sizes = [
        { name: '1440', width: 1440, height: 900 },
        { name: '800', width: 800, height: 600 },
      ];
      // Each screen with a card that has something to show there.
      const cardFor: Record<Screen, ScenarioName> = {
        card: 'expiring',
        pin: 'expiring',
        certs: 'expiring',
        expiry: 'expiring',
        help: 'locked',
        diagnose: 'locked',
        settings: 'expiring',
        cards: 'expiring',
      };
      for (const scenario of ['expiring', 'locked'] as const) {
        await insert(scenario);
        if (scenario === 'locked') await runDiagnosis();
        for (const scheme of ['light', 'dark'] as const) {
          await page().emulateMedia({ colorScheme: scheme });
          for (const size of sizes) {
            await page().setViewportSize({ width: size.width, height: size.height });
            for (const lang of LANGS) {
              await setLang(lang);
              for (const screen of SCREENS.filter((s) => cardFor[s] === scenario)) {
                await app.openTab(screen);
                await page().evaluate(() => window.scrollTo(0, 0));
                // Diagnose's point is its verdict and first problem: scrolled to them.
                if (screen === 'diagnose') {
                  await app.tid('diagnose-verdict').evaluate((el) => el.scrollIntoView());
                }
                const dark = scheme === 'dark' ? '.dark' : '';
                await app.shot(`${screen}.${lang}.${size.name}${dark}`);
              }
            }
          }
        }
      }
      await page().emulateMedia({ colorScheme: 'light' });
      await page().setViewportSize({ width: 1440, height: 900 });
      await setLang('zh-TW');
    },
  );

  it('raised no error in the page', () => {
    expect(app.errors).toEqual([]);
  });
});

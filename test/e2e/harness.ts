/**
 * What every end-to-end file needs: the browser host on a card source (by default the real
 * PC/SC service, with virtual cards plugged into vpcd's slots), Debian's Chromium on a new
 * empty profile driven by playwright-core, and the small verbs the tests speak in (insert a
 * card, pull it, open a tab, wait for a text, take a screenshot).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { SourceFactories } from '../../src/sources/source-choice';
import {
  createVirtualCard,
  type ScenarioName,
  type VirtualCard,
  type VirtualCardOptions,
} from '../../src/virtual-card';
import { connectToVpcd, vpcdReaderName, type VpcdLink } from '../../src/virtual-card/vpcd-link';
import { PROJECT_ROOT, runBrowserHost, type RunningHost } from '../../src-main/browser-host/run';
import { CHROMIUM } from './global-setup';
import type { Screen } from '../../src-renderer/store/card-store';

export const SCREENSHOTS = join(PROJECT_ROOT, 'docs', 'screenshots');
export const DEFAULT_PIN = '730101';
export const USER_CODE = '12345678';

/** The flags these machines need (no network but loopback, no GPU, root). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type { Screen };

const quiet = { out: () => undefined, err: (line: string) => process.stderr.write(line + '\n') };

export async function until(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** One page of the app and the verbs to drive it. */
export class AppPage {
  /** Every error the page raised or logged; a test of its own asserts there are none. */
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    page.on('pageerror', (err) => this.errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.errors.push(msg.text());
    });
  }

  tid(id: string) {
    return this.page.locator(`[data-testid="${id}"]`);
  }

  /** Wait until the element's text contains `text` (the UI updates asynchronously). */
  async expectText(id: string, text: string | RegExp, timeoutMs = 10_000): Promise<void> {
    const locator = this.tid(id);
    await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
    const deadline = Date.now() + timeoutMs;
    let seen = '';
    while (Date.now() < deadline) {
      seen = (await locator.first().textContent()) ?? '';
      if (typeof text === 'string' ? seen.includes(text) : text.test(seen)) return;
      await this.page.waitForTimeout(50);
    }
    throw new Error(`[data-testid=${id}] shows "${seen}", expected ${String(text)}`);
  }

  async openTab(screen: Screen): Promise<void> {
    await this.tid(`tab-${screen}`).click();
  }

  async fill(id: string, value: string): Promise<void> {
    await this.tid(id).fill(value);
  }

  /**
   * A screenshot of the screen as it settles; the passing "card inserted" toast is closed.
   * `downTo` (a test ID) extends the picture from the top of the page down to that element,
   * for a screen whose point is below the fold (the Diagnose checklist).
   */
  async shot(
    name: string,
    { keepNotice = false, downTo }: { keepNotice?: boolean; downTo?: string } = {},
  ): Promise<void> {
    const dismiss = this.page.locator('[data-testid="live-notice"] button');
    if (!keepNotice && (await dismiss.count()) > 0) await dismiss.click();
    await this.page.waitForTimeout(150);
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${name}.png`);
    if (!downTo) {
      await this.page.screenshot({ path });
      return;
    }
    const box = await this.tid(downTo).first().boundingBox();
    const scrollY = Number(await this.page.evaluate('window.scrollY'));
    if (!box) throw new Error(`[data-testid=${downTo}] is not on screen`);
    const { width } = this.page.viewportSize()!;
    const height = Math.ceil(scrollY + box.y + box.height + 16);
    await this.page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width, height } });
  }
}

export interface AppOptions {
  /** Arguments of `npm run web` (default: real cards through PC/SC, no links opened). */
  args?: string[];
  /** Card sources instead of the real ones. */
  factories?: SourceFactories;
  viewport?: { width: number; height: number };
  locale?: string;
}

/** The browser host and a Chromium showing its page; `close()` ends both. */
export class RunningApp {
  private inserted: { link: VpcdLink; card: VirtualCard; slot: number } | null = null;

  private constructor(
    readonly host: RunningHost,
    readonly context: BrowserContext,
    readonly app: AppPage,
    private readonly userDataDir: string,
  ) {}

  static async start(options: AppOptions = {}): Promise<RunningApp> {
    const host = await runBrowserHost(
      options.args ?? ['--no-open-links'],
      quiet,
      options.factories,
    );
    const userDataDir = mkdtempSync(join(tmpdir(), 'ccm-e2e-chromium-'));
    try {
      const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: options.viewport ?? { width: 1100, height: 760 },
        locale: options.locale ?? 'zh-TW',
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const app = new AppPage(page);
      await page.goto(host.host.url);
      return new RunningApp(host, context, app, userDataDir);
    } catch (err) {
      await host.stop();
      rmSync(userDataDir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Another window on the same host (the same token, its own page). */
  async newWindow(): Promise<AppPage> {
    const page = await this.context.newPage();
    const app = new AppPage(page);
    await page.goto(this.host.host.url);
    return app;
  }

  private readerHasCard(reader: string, present: boolean): boolean {
    return this.host.source.readers().some((r) => r.name === reader && r.cardPresent === present);
  }

  /** Wait until vpcd's readers are announced by pcscd. */
  async readersReady(slot = 0): Promise<void> {
    const reader = vpcdReaderName(slot);
    await until(() => this.host.source.readers().some((r) => r.name === reader), 'vpcd readers');
  }

  /** A new virtual card of `scenario` in vpcd slot `slot`, once the service sees it. */
  async insert(
    scenario: ScenarioName,
    slot = 0,
    options: Omit<VirtualCardOptions, 'scenario'> = {},
  ): Promise<VirtualCard> {
    const reader = vpcdReaderName(slot);
    // The tests check what reached the card (no PIN sent, one signature...), so it keeps a record.
    const card = await createVirtualCard({ recordCommands: 10_000, ...options, scenario });
    await until(() => this.readerHasCard(reader, false), `${reader} empty`);
    const link = await connectToVpcd(card, { slot });
    this.inserted = { link, card, slot };
    await until(() => this.readerHasCard(reader, true), `${reader} shows the card`);
    return card;
  }

  /** Pull the card without waiting for anyone to notice (a card yanked mid-screen). */
  async yank(): Promise<void> {
    if (!this.inserted) return;
    await this.inserted.link.remove();
    this.inserted = null;
  }

  /** Pull the card and wait until the service saw it go. */
  async pull(): Promise<void> {
    if (!this.inserted) return;
    const reader = vpcdReaderName(this.inserted.slot);
    await this.yank();
    await until(() => this.readerHasCard(reader, false), `${reader} empty again`);
  }

  async close(): Promise<void> {
    await this.pull().catch(() => undefined);
    await this.context.close().catch(() => undefined);
    await this.host.stop();
    rmSync(this.userDataDir, { recursive: true, force: true });
  }
}

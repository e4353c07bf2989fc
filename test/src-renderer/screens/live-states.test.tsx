/**
 * The live states as a person reads them (rendered to HTML in Node): the remedy for a
 * missing smart-card service on each system, the demo card offered only where no card can
 * be shown, the banner on every screen while it runs, and the "app has stopped" page.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from '../../../src-renderer/App';
import {
  createCardStore,
  SCREENS,
  type CardStore,
  type ConnectionWatch,
} from '../../../src-renderer/store/card-store';
import { CardStoreContext } from '../../../src-renderer/store/use-card';
import {
  createDiagnoseStore,
  DiagnoseStoreContext,
} from '../../../src-renderer/store/diagnose-store';
import {
  createKnownCardsStore,
  KnownCardsStoreContext,
} from '../../../src-renderer/store/known-cards-store';
import { FakeCardApi, INFO, cardStatus, fail, ok, reader, settle } from '../fake-card-api';

/** The page as rendered, with every screen's store fed by a fake API. */
function html(store: CardStore): string {
  const api = new FakeCardApi();
  return renderToStaticMarkup(
    <CardStoreContext.Provider value={store}>
      <DiagnoseStoreContext.Provider value={createDiagnoseStore(api)}>
        <KnownCardsStoreContext.Provider value={createKnownCardsStore({ api })}>
          <App />
        </KnownCardsStoreContext.Provider>
      </DiagnoseStoreContext.Provider>
    </CardStoreContext.Provider>,
  );
}

async function storeFor(api: FakeCardApi, connection: ConnectionWatch | null = null) {
  const store = createCardStore({ api, connection });
  await store.getState().start();
  await settle();
  return store;
}

function stateOf(markup: string): string | null {
  return /data-testid="card-state"[^>]*data-state="([^"]+)"/.exec(markup)?.[1] ?? null;
}

describe('smart-card service not running', () => {
  const remedies: Array<[string, string, string]> = [
    ['linux', 'sudo systemctl start pcscd', 'pcscd.socket'],
    ['win32', 'SCardSvr', 'services.msc'],
    ['darwin', 'CryptoTokenKit', '拔下讀卡機再插上'],
  ];
  for (const [platform, first, second] of remedies) {
    it(`gives the remedy for ${platform}, and offers the demo card beside it`, async () => {
      const api = new FakeCardApi();
      api.queue('info', ok({ ...INFO, platform }));
      api.queue('readers', fail('pcsc-unavailable', 'error.pcscUnavailable'));
      const page = html(await storeFor(api));
      expect(stateOf(page)).toBe('pcsc-down');
      expect(page).toContain('智慧卡服務沒有在執行');
      expect(page).toContain(first);
      expect(page).toContain(second);
      expect(page).toContain('data-testid="try-demo"');
      expect(page).toContain('試用示範卡');
      // One system's remedy only.
      for (const [other, text] of remedies)
        if (other !== platform) expect(page).not.toContain(text);
    });
  }
});

describe('the demo card is offered where no card can be shown, and only there', () => {
  it('no reader, an empty reader, a card just pulled out: offered', async () => {
    const none = html(await storeFor(new FakeCardApi({ readers: [] })));
    expect(stateOf(none)).toBe('no-reader');
    expect(none).toContain('data-testid="try-demo"');

    const emptyApi = new FakeCardApi({ readers: [reader('Reader A', false)] });
    const empty = html(await storeFor(emptyApi));
    expect(stateOf(empty)).toBe('no-card');
    expect(empty).toContain('data-testid="try-demo"');

    const api = new FakeCardApi();
    const store = await storeFor(api);
    api.emit('card-removed', { reader: 'Reader A' });
    const removed = html(store);
    expect(stateOf(removed)).toBe('removed');
    expect(removed).toContain('卡片已從讀卡機「Reader A」取出');
    expect(removed).toContain('data-testid="try-demo"');
  });

  it('a card on screen, or a card being read: not offered', async () => {
    const page = html(await storeFor(new FakeCardApi()));
    expect(stateOf(page)).toBeNull();
    expect(page).not.toContain('data-testid="try-demo"');

    const api = new FakeCardApi();
    api.queue('status', new Promise(() => undefined) as never);
    const slow = createCardStore({ api });
    void slow.getState().start();
    await settle();
    const reading = html(slow);
    expect(stateOf(reading)).toBe('reading');
    expect(reading).toContain('正在讀取讀卡機「Reader A」中的卡片');
    expect(reading).not.toContain('data-testid="try-demo"');
  });

  it('a card that is not recognised: said so, with what was read from it', async () => {
    const status = cardStatus({ family: 'unknown', pinChannel: 'none', demo: false });
    const page = html(await storeFor(new FakeCardApi({ status })));
    expect(stateOf(page)).toBe('unknown-card');
    expect(page).toContain('無法辨識');
    expect(page).toContain('data-testid="unknown-card-report"');
    expect(page).not.toContain('data-testid="try-demo"');
  });
});

describe('demo mode', () => {
  it('shows the banner with the way back on every screen, and offers no second demo', async () => {
    const api = new FakeCardApi({ readers: [reader('Reader A', false)] });
    api.queue('info', ok({ ...INFO, demoScenario: 'locked' }));
    const store = await storeFor(api);
    for (const screen of SCREENS) {
      store.getState().setScreen(screen);
      const page = html(store);
      expect(page, screen).toContain('data-testid="demo-banner"');
      expect(page, screen).toContain('示範模式');
      expect(page, screen).toContain('「locked」');
      expect(page, screen).toContain('data-testid="demo-exit"');
      expect(page, screen).toContain('回到真實卡片');
      expect(page, screen).not.toContain('data-testid="try-demo"');
    }
    store.getState().setLang('en');
    expect(html(store)).toContain('Back to real cards');
  });

  it('no banner on real cards', async () => {
    expect(html(await storeFor(new FakeCardApi()))).not.toContain('data-testid="demo-banner"');
  });
});

describe('the app has stopped', () => {
  it('replaces the screens, so no stale card or button is left to press', async () => {
    const listeners = new Set<(s: ConnectionWatch['status']) => void>();
    const watch: ConnectionWatch = {
      status: 'connected',
      onStatus: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    const store = await storeFor(new FakeCardApi(), watch);
    expect(html(store)).toContain('TP00000000000001');
    for (const l of listeners) l('disconnected');
    const page = html(store);
    expect(page).toContain('data-testid="disconnected"');
    expect(page).toContain('程式已停止');
    expect(page).toContain('正在嘗試重新連線');
    expect(page).not.toContain('TP00000000000001');
    expect(page).not.toContain('data-testid="tab-pin"');
    store.getState().setLang('en');
    expect(html(store)).toContain('The app has stopped');
  });
});

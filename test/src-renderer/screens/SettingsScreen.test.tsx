/**
 * The settings screen: both switches with the sentence that says what each sends or keeps,
 * a change saved through the contract, and a change made in another window shown here too.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SettingsScreen } from '../../../src-renderer/screens/SettingsScreen';
import { createCardStore, type CardStore } from '../../../src-renderer/store/card-store';
import { CardStoreContext } from '../../../src-renderer/store/use-card';
import { FakeCardApi, ok, settle } from '../fake-card-api';

async function started(api = new FakeCardApi()) {
  const store = createCardStore({ api });
  await store.getState().start();
  await settle();
  return { api, store };
}

function html(store: CardStore): string {
  return renderToStaticMarkup(
    <CardStoreContext.Provider value={store}>
      <SettingsScreen />
    </CardStoreContext.Provider>,
  );
}

describe('settings screen', () => {
  it('shows the status check on and remembering off, each with what it sends or keeps', async () => {
    const { store } = await started();
    store.getState().setLang('en');
    const page = html(store);
    expect(page).toMatch(
      /data-testid="setting-onlineStatusCheck"[^>]*checked=""|checked=""[^>]*data-testid="setting-onlineStatusCheck"/,
    );
    expect(page).not.toMatch(/checked=""[^>]*data-testid="setting-rememberCards"/);
    expect(page).toContain('it sends the certificate&#x27;s serial number, nothing else');
    expect(page).toContain('Nothing is sent anywhere');
    store.getState().setLang('zh-TW');
    expect(html(store)).toContain('只送出憑證的序號，不送出其他資料');
  });

  it('saves a change and turning the status check off asks the issuer question again', async () => {
    const { api, store } = await started();
    const asked = api.callsOf('revocation').length;
    await store.getState().changeSettings({ onlineStatusCheck: false });
    expect(api.callsOf('updateSettings')).toEqual([{ onlineStatusCheck: false }]);
    expect(store.getState().settings).toEqual({ onlineStatusCheck: false, rememberCards: false });
    await settle();
    expect(api.callsOf('revocation').length).toBe(asked + 1);
  });

  it('follows a change made in another window', async () => {
    const { api, store } = await started();
    api.emit('settings-changed', { onlineStatusCheck: true, rememberCards: true });
    expect(store.getState().settings?.rememberCards).toBe(true);
  });

  it('says where a damaged settings file went', async () => {
    const api = new FakeCardApi();
    api.queue(
      'settings',
      ok({
        settings: { onlineStatusCheck: true, rememberCards: false },
        problem: { movedTo: '/home/a/.config/x.damaged-1', reason: 'bad JSON' },
      }),
    );
    const { store } = await started(api);
    store.getState().setLang('en');
    expect(html(store)).toContain('was moved to /home/a/.config/x.damaged-1');
  });
});

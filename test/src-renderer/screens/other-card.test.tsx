/** The Card screen for a card that is not a 自然人憑證 (card-profile.md §7). */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from '../../../src-renderer/App';
import { createCardStore } from '../../../src-renderer/store/card-store';
import { CardStoreContext } from '../../../src-renderer/store/use-card';
import type { CardStatusView } from '../../../src/service/contract';
import { FakeCardApi, cardStatus, settle } from '../fake-card-api';

async function cardScreen(status: CardStatusView, lang: 'zh-TW' | 'en' = 'zh-TW') {
  const store = createCardStore({ api: new FakeCardApi({ status }) });
  await store.getState().start();
  await settle();
  store.getState().setScreen('card');
  store.getState().setLang(lang);
  return renderToStaticMarkup(
    <CardStoreContext.Provider value={store}>
      <App />
    </CardStoreContext.Provider>,
  );
}

const nhi = cardStatus({
  family: 'other',
  pinChannel: 'none',
  cardNumber: null,
  holderName: null,
  pin: null,
  userCode: null,
  certificates: [],
  advice: null,
  demo: false,
  otherCard: { kind: 'nhi', how: 'atr', certain: true },
});

describe('Card screen: another card', () => {
  it('says in plain words, as an alert, that this is the 健保卡 and not the 自然人憑證', async () => {
    const page = await cardScreen(nhi);
    expect(page).toMatch(/role="alert" data-testid="other-card" data-kind="nhi"/);
    expect(page).toContain('這是你的健保卡，不是自然人憑證。');
    expect(page).toContain('其他卡片，不是自然人憑證');
    expect(page).not.toContain('unknown-card-report');
  });

  it('says "probably" as a notice for a card of MOICA make with another kind of number', async () => {
    const page = await cardScreen(
      cardStatus({
        family: 'moica-gen2',
        pinChannel: 'vendor',
        cardNumber: 'AB03000012345678',
        otherCard: { kind: 'gpki', how: 'card-number', certain: false },
      }),
      'en',
    );
    expect(page).toMatch(/role="status" data-testid="other-card" data-kind="gpki"/);
    expect(page).toContain('This is probably your government certificate card of another kind');
    expect(page).toContain('AB03000012345678');
  });

  it('shows nothing of the kind for a 自然人憑證', async () => {
    expect(await cardScreen(cardStatus())).not.toContain('data-testid="other-card"');
  });
});

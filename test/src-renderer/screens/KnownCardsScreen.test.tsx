/**
 * "My cards" rendered in Node from stores fed by the fake API: the switch, the list most
 * urgent first with masked numbers and both calendars, revealing, forgetting, the calendar
 * download, the problems it reports, and the browser's in-page reminder.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../../src-renderer/App';
import { createCardStore } from '../../../src-renderer/store/card-store';
import {
  createKnownCardsStore,
  KnownCardsStoreContext,
} from '../../../src-renderer/store/known-cards-store';
import { CardStoreContext } from '../../../src-renderer/store/use-card';
import type { KnownCardView, KnownCardsView } from '../../../src/service/contract';
import { FakeCardApi, INFO, NO_KNOWN_CARDS, ok, settle } from '../fake-card-api';

const ID_A = '11111111-1111-4111-8111-111111111111';
const ID_B = '22222222-2222-4222-8222-222222222222';

function card(over: Partial<KnownCardView>): KnownCardView {
  return {
    id: ID_A,
    cardNumber: 'TP03********5678',
    holderName: '王*明',
    masked: true,
    family: 'moica-gen1',
    lastSeen: '2026-12-01T02:00:00.000Z',
    expiresOn: '2027-01-02',
    finalExpiresOn: '2030-01-02',
    extended: false,
    status: 'extension-window',
    daysLeft: 30,
    notAfter: '2027-01-02T15:59:59Z',
    nextWindow: {
      kind: 'extension',
      from: '2026-11-03',
      to: '2030-01-02',
      state: 'open',
      daysToOpen: -30,
      daysToClose: 1126,
    },
    urgency: 'open',
    reminder: 'window-open',
    ...over,
  };
}

const TWO: KnownCardsView = {
  remembering: true,
  problem: null,
  error: null,
  cards: [
    card({
      id: ID_B,
      cardNumber: 'TT01********4321',
      holderName: '陳*麗',
      status: 'expired-extendable',
      daysLeft: -3,
      urgency: 'act-now',
    }),
    card({}),
  ],
};

async function page(api: FakeCardApi, lang: 'zh-TW' | 'en' = 'zh-TW', runtime = INFO.runtime) {
  api.defaults.info = () => ok({ ...INFO, runtime });
  const cards = createCardStore({ api });
  await cards.getState().start();
  await settle();
  cards.getState().setScreen('cards');
  cards.getState().setLang(lang);
  const download = vi.fn();
  const known = createKnownCardsStore({ api, download });
  await known.getState().load();
  const html = () =>
    renderToStaticMarkup(
      <CardStoreContext.Provider value={cards}>
        <KnownCardsStoreContext.Provider value={known}>
          <App />
        </KnownCardsStoreContext.Provider>
      </CardStoreContext.Provider>,
    );
  return { cards, known, html, download };
}

describe('My cards', () => {
  it('has its own tab; with nothing remembered it offers the switch, off, and says nothing is sent', async () => {
    const { html } = await page(new FakeCardApi());
    const markup = html();
    expect(markup).toContain('data-testid="tab-cards"');
    expect(markup).toContain('我的卡片');
    const input = /<input[^>]*data-testid="remember-switch"[^>]*>/.exec(markup)![0];
    expect(input).toContain('type="checkbox"');
    expect(input).not.toContain('checked');
    expect(markup).toContain('不會傳送到任何地方');
    expect(markup).toContain('開啟上方的開關後');
  });

  it('lists the cards in the order given (most urgent first), masked, expiry in both calendars', async () => {
    const api = new FakeCardApi();
    api.defaults.knownCards = () => ok(TWO);
    const { html } = await page(api);
    const markup = html();
    expect(markup.indexOf('TT01********4321')).toBeLessThan(markup.indexOf('TP03********5678'));
    expect(markup).toMatch(/data-testid="known-card-0"[^>]*data-urgency="act-now"/);
    expect(markup).toContain('請盡快處理');
    expect(markup).toContain('民國116年1月2日 (2027-01-02)');
    expect(markup).toContain(
      '展期期間：民國115年11月3日 (2026-11-03) 至 民國119年1月2日 (2030-01-02)',
    );
    expect(markup).toContain('已開始，還有 1126 天結束');
    expect(markup).toContain('已過期 3 天');
    expect(markup).not.toContain('TP03000012345678');
    expect(markup).toContain('data-testid="add-to-calendar"');
  });

  it('shows a card in full only after "show", and masks it again', async () => {
    const api = new FakeCardApi();
    api.defaults.knownCards = () => ok(TWO);
    api.defaults.revealCard = () => ok({ cardNumber: 'TP03000012345678', holderName: '王小明' });
    const { known, html } = await page(api, 'en');
    await known.getState().reveal(ID_A);
    expect(api.callsOf('revealCard')).toEqual([{ id: ID_A }]);
    let markup = html();
    expect(markup).toContain('TP03000012345678');
    expect(markup).toContain('王小明');
    expect(markup).toContain('TT01********4321');
    known.getState().hide(ID_A);
    markup = html();
    expect(markup).not.toContain('TP03000012345678');
  });

  it('forgets one card or all of them through the API and shows what is left', async () => {
    const api = new FakeCardApi();
    api.defaults.knownCards = () => ok(TWO);
    api.queue('forgetCards', ok({ ...TWO, cards: [TWO.cards[0]!] }), ok({ ...TWO, cards: [] }));
    const { known, html } = await page(api, 'en');
    await known.getState().forget(ID_A);
    expect(html()).toContain('The card was forgotten.');
    expect(html()).not.toContain('TP03********5678');
    await known.getState().forgetAll();
    expect(api.callsOf('forgetCards')).toEqual([{ id: ID_A }, { all: true }]);
    expect(html()).toContain('All cards were forgotten.');
    expect(html()).toContain('data-testid="known-cards-empty"');
  });

  it('its switch is the rememberCards setting, saved through the API like on the Settings screen', async () => {
    const api = new FakeCardApi();
    const { cards, html } = await page(api, 'en');
    await cards.getState().changeSettings({ rememberCards: true });
    expect(api.callsOf('updateSettings')).toEqual([{ rememberCards: true }]);
    const input = /<input[^>]*data-testid="remember-switch"[^>]*>/.exec(html())![0];
    expect(input).toContain('checked=""');
  });

  it('offers the calendar file as a download in the browser', async () => {
    const api = new FakeCardApi();
    api.defaults.knownCards = () => ok(TWO);
    api.defaults.cardsCalendar = () =>
      ok({ fileName: 'citizen-card-reminders.ics', saved: false, base64: 'QkVHSU4=' });
    const { known, html, download } = await page(api, 'en');
    await known.getState().calendar('en');
    expect(api.callsOf('cardsCalendar')).toEqual([{ lang: 'en' }]);
    expect(download).toHaveBeenCalledWith('citizen-card-reminders.ics', 'QkVHSU4=');
    expect(html()).toContain('Downloaded citizen-card-reminders.ics');
  });

  it('says where a damaged list went, and shows an unreadable one as an error', async () => {
    const api = new FakeCardApi();
    api.defaults.knownCards = () =>
      ok({
        ...TWO,
        problem: {
          movedTo: '/home/x/known-cards.json.damaged-1',
          reason: 'not-json',
          kept: 0,
          dropped: 0,
        },
        error: {
          code: 'bad-state-file',
          messageKey: 'knownCards.tooNew',
          params: { file: 'f', version: 9 },
        },
      });
    const markup = (await page(api, 'en')).html();
    expect(markup).toContain('/home/x/known-cards.json.damaged-1');
    expect(markup).toContain('it is not JSON');
    expect(markup).toContain('format version 9');
  });
});

describe('the in-page reminder', () => {
  it('in the browser: lists what is due on the other screens (My cards shows it card by card)', async () => {
    const api = new FakeCardApi();
    api.defaults.knownCards = () => ok(TWO);
    const { cards, html } = await page(api, 'zh-TW', 'browser');
    cards.getState().setScreen('card');
    const markup = html();
    expect(markup).toContain('data-testid="reminder-notice"');
    expect(markup).toContain(
      '王*明（卡號末四碼 5678）的憑證可以展期了，期限到 民國119年1月2日 (2030-01-02)。',
    );
    cards.getState().setScreen('cards');
    expect(html()).not.toContain('data-testid="reminder-notice"');
  });

  it('in the desktop app: none (it shows system notifications instead)', async () => {
    const api = new FakeCardApi();
    api.defaults.knownCards = () => ok(TWO);
    const markup = (await page(api, 'zh-TW', 'electron')).html();
    expect(markup).not.toContain('data-testid="reminder-notice"');
  });

  it('nothing due: no notice', async () => {
    const api = new FakeCardApi();
    api.defaults.knownCards = () => ok({ ...NO_KNOWN_CARDS, cards: [card({ reminder: null })] });
    expect((await page(api, 'zh-TW', 'browser')).html()).not.toContain('reminder-notice');
  });
});

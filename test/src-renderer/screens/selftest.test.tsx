/**
 * The "can this card sign?" panel (這張卡能簽章嗎？) on the PIN and Diagnose screens: where it
 * is offered, that nothing is sent before the PIN passes the form's checks and the last-try
 * gate, and what a result looks like.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from '../../../src-renderer/App';
import { createCardStore, type Screen } from '../../../src-renderer/store/card-store';
import {
  createSelfTestStore,
  SelfTestStoreContext,
  type SelfTestStore,
} from '../../../src-renderer/store/self-test-store';
import { CardStoreContext } from '../../../src-renderer/store/use-card';
import {
  createDiagnoseStore,
  DiagnoseStoreContext,
} from '../../../src-renderer/store/diagnose-store';
import type { CardStatusView } from '../../../src/service/contract';
import {
  FakeCardApi,
  cardStatus,
  fail,
  moduleSecret,
  moicaStatus,
  ok,
  passedSelfTest,
  secret,
  settle,
} from '../fake-card-api';

async function page(status: CardStatusView, screen: Screen, lang: 'zh-TW' | 'en' = 'zh-TW') {
  const api = new FakeCardApi({ status });
  const cards = createCardStore({ api });
  await cards.getState().start();
  await settle();
  cards.getState().setScreen(screen);
  cards.getState().setLang(lang);
  const selfTest = createSelfTestStore(() => api);
  const diagnose = createDiagnoseStore(api);
  const html = () =>
    renderToStaticMarkup(
      <CardStoreContext.Provider value={cards}>
        <DiagnoseStoreContext.Provider value={diagnose}>
          <SelfTestStoreContext.Provider value={selfTest}>
            <App />
          </SelfTestStoreContext.Provider>
        </DiagnoseStoreContext.Provider>
      </CardStoreContext.Provider>,
    );
  return { api, cards, selfTest, html };
}

const run = (store: SelfTestStore, pin: string, confirmed: boolean, counter = secret(3)) =>
  store.getState().run('Reader A', pin, confirmed, counter);

describe('where the self-test is offered', () => {
  it('on the PIN screen of an ISO card, folded, with its title in both languages', async () => {
    const zh = (await page(cardStatus(), 'pin')).html();
    expect(zh).toMatch(/<details[^>]*data-testid="selftest"/);
    expect(zh).toContain('這張卡能簽章嗎？');
    expect((await page(cardStatus(), 'pin', 'en')).html()).toContain('Can this card sign?');
  });

  it('on the Diagnose screen too, for the card the app shows', async () => {
    expect((await page(cardStatus(), 'diagnose')).html()).toContain('data-testid="selftest"');
  });

  it('for a MOICA card only when its module answered for it; never for a blocked PIN or an unknown card', async () => {
    expect((await page(moicaStatus(moduleSecret('ok')), 'pin')).html()).toContain(
      'data-testid="selftest"',
    );
    expect((await page(moicaStatus(null), 'pin')).html()).not.toContain('data-testid="selftest"');
    expect((await page(cardStatus({ pin: secret(0) }), 'pin')).html()).not.toContain(
      'data-testid="selftest"',
    );
    const unknown = cardStatus({
      family: 'unknown',
      pinChannel: 'none',
      pin: null,
      userCode: null,
    });
    expect((await page(unknown, 'pin')).html()).not.toContain('data-testid="selftest"');
  });

  it('with one try left the submit button waits for the last-try confirmation', async () => {
    const markup = (await page(cardStatus({ pin: secret(1) }), 'pin')).html();
    expect(markup).toContain('data-testid="selftest-confirm-last-try"');
    expect(markup).toMatch(/<button[^>]*disabled=""[^>]*data-testid="selftest-submit"/);
  });
});

describe('running it', () => {
  it('sends the PIN once, with confirmLastTry false, and shows the passing result', async () => {
    const p = await page(cardStatus(), 'pin', 'en');
    expect(await run(p.selfTest, '730101', false)).toBe(true);
    expect(p.api.callsOf('selfTest')).toEqual([
      { reader: 'Reader A', pin: '730101', confirmLastTry: false },
    ]);
    const markup = p.html();
    expect(markup).toMatch(/data-testid="selftest-result" data-ok="true"/);
    expect(markup).toContain('The card can sign');
    // The PIN sent is nowhere in the page; the change form's "born 1 January 1984: 730101"
    // is an example of the default, not the PIN typed here.
    const selfTest = markup.slice(markup.indexOf('data-testid="selftest"'));
    expect(selfTest).not.toContain('730101');
    expect(markup.split('730101')).toHaveLength(2);
  });

  it('names the failed step and what to do', async () => {
    const p = await page(cardStatus(), 'pin');
    p.api.queue(
      'selfTest',
      ok({
        ...passedSelfTest('Reader A'),
        ok: false,
        failedStep: 'verify',
        error: { code: 'card-error', messageKey: 'selftest.signatureMismatch', params: {} },
      }),
    );
    await run(p.selfTest, '730101', false);
    const markup = p.html();
    expect(markup).toMatch(/data-ok="false" data-step="verify"/);
    expect(markup).toContain('失敗在「驗證簽章」這一步');
    expect(markup).toContain('0800-080-117');
  });

  it('a malformed PIN, a blocked counter or an unconfirmed last try never reach main', async () => {
    const p = await page(cardStatus(), 'pin');
    expect(await run(p.selfTest, '12', false)).toBe(false);
    expect(p.selfTest.getState().problems).toEqual([
      { field: 'pin', key: 'ui.validate.pinFormat' },
    ]);
    await run(p.selfTest, '730101', true, secret(0));
    expect(p.selfTest.getState().error?.messageKey).toBe('refused.already-blocked');
    await run(p.selfTest, '730101', false, secret(1));
    expect(p.selfTest.getState().error?.messageKey).toBe('refused.last-try-unconfirmed');
    expect(p.api.callsOf('selfTest')).toEqual([]);
  });

  it('the confirmed last try goes out with confirmLastTry true', async () => {
    const p = await page(cardStatus({ pin: secret(1) }), 'pin');
    await run(p.selfTest, '730101', true, secret(1));
    expect(p.api.callsOf('selfTest')).toEqual([
      { reader: 'Reader A', pin: '730101', confirmLastTry: true },
    ]);
  });

  it('an error from main is shown as one message, and asks for fresh counters when the PIN was wrong', async () => {
    const p = await page(cardStatus(), 'pin', 'en');
    p.api.queue('selfTest', fail('no-card', 'error.noCard'));
    expect(await run(p.selfTest, '730101', false)).toBe(false);
    expect(p.html()).toMatch(/data-testid="selftest-result" data-ok="false"/);
    p.api.queue('selfTest', fail('wrong-secret', 'error.wrongPin', { triesLeft: 2 }));
    expect(await run(p.selfTest, '730101', false)).toBe(true);
  });
});

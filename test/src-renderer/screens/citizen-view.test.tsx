/**
 * What a citizen reads and can do (issue 14, items 1 and 2): facts with their "as of" date and
 * a link to MOICA's page instead of where the project found them, a button to MOICA for every
 * action, and rule IDs kept but secondary.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from '../../../src-renderer/App';
import { createCardStore, type Screen } from '../../../src-renderer/store/card-store';
import { CardStoreContext } from '../../../src-renderer/store/use-card';
import type { CardStatusView } from '../../../src/service/contract';
import { adviceFor, cardStatus, certificate, FakeCardApi, secret, settle } from '../fake-card-api';

async function page(status: CardStatusView, screen: Screen, lang: 'zh-TW' | 'en' = 'zh-TW') {
  const store = createCardStore({ api: new FakeCardApi({ status }) });
  await store.getState().start();
  await settle();
  store.getState().setScreen(screen);
  store.getState().setLang(lang);
  return renderToStaticMarkup(
    <CardStoreContext.Provider value={store}>
      <App />
    </CardStoreContext.Provider>,
  );
}

/** The opening tag of the first element carrying a data-testid. */
function tagOf(markup: string, testId: string): string {
  const m = new RegExp(`<[^>]*data-testid="${testId}"[^>]*>`).exec(markup);
  if (!m) throw new Error(`no element with data-testid="${testId}"`);
  return m[0];
}

const DEVELOPER_NOTES =
  /moica-citizen-guide|本專案參考資料|reference copy|寫到這裡就中斷|breaks off|矛盾|contradict|disagree|One passage of the guide|說明中(另)?有一處/;

const cert = certificate();
const expiring = () => cardStatus({ certificates: [cert], advice: adviceFor(cert, '2027-01-10') });

describe('the advice banner', () => {
  it('is one line with the deadline, the MOICA button that does it, and a fold button', async () => {
    const markup = await page(expiring(), 'card');
    const link = tagOf(markup, 'moica-link-extend-online');
    expect(link).toContain('href="https://moica.nat.gov.tw/renewcert.html"');
    expect(link).toContain('target="_blank"');
    expect(link).toContain('rel="noopener noreferrer"');
    expect(markup).toContain('線上展期');
    expect(tagOf(markup, 'advice-banner-fold')).toContain('aria-expanded="true"');
    // The long text lives on the Expiry screen, not on every screen.
    expect(markup).not.toContain('每張憑證只能展期一次');
  });
});

describe('the expiry screen', () => {
  it('gives every action its MOICA button, its "as of" date with a link, and small rule IDs', async () => {
    const markup = await page(expiring(), 'expiry');
    expect(markup).toMatch(/data-action="extend"[\s\S]*moica-link-extend-online/);
    expect(markup).toContain('資料查證日期：民國115年11月27日 (2026-11-27)');
    expect(markup).toMatch(
      /data-testid="as-of"[^>]*>資料查證日期：[^<]*(<!-- -->[^<]*)*<a href="https:\/\/moica\.nat\.gov\.tw\/"/,
    );
    expect(markup).toContain('class="rules"');
    expect(markup).toContain('R-EXT · R-PROXY');
    expect(markup).not.toMatch(DEVELOPER_NOTES);
  });

  it('says the same in English', async () => {
    const markup = await page(expiring(), 'expiry', 'en');
    expect(markup).toContain('As of 27 November 2026 (ROC 115/11/27)');
    expect(markup).toContain('>Extend online<');
    expect(markup).not.toMatch(DEVELOPER_NOTES);
  });
});

describe('the help screen', () => {
  it('shows titles without rule chips, steps with MOICA buttons, and no developer notes', async () => {
    const markup = await page(cardStatus({ pin: secret(0) }), 'help');
    expect(markup).not.toMatch(/<summary>[^]*?rule-ids[^]*?<\/summary>/);
    expect(tagOf(markup, 'moica-link-unlock')).toContain('href="https://moica.nat.gov.tw/"');
    expect(markup).toContain('進入網站後選「憑證作業 → 忘記PIN碼/鎖卡解碼」');
    expect(markup).toContain('moica-link-suspend-resume');
    expect(markup).toContain('moica-link-check-status');
    expect(markup).toContain('moica-link-download-hicos');
    expect(markup).toContain('moica-link-download-hipki');
    expect(markup).toContain('moica-link-renew-online');
    expect(markup).not.toMatch(DEVELOPER_NOTES);
  });

  it('ends with "about this information": every changeable fact with its date, and the links', async () => {
    for (const lang of ['zh-TW', 'en'] as const) {
      const markup = await page(cardStatus(), 'help', lang);
      expect(markup).toContain('data-testid="about-info"');
      for (const fact of [
        'cardFee',
        'renewalPostage',
        'extensionFee',
        'hotline',
        'hours',
        'defaultPinFormat',
      ]) {
        expect(markup).toContain(`data-testid="fact-${fact}"`);
      }
      expect(markup).toContain(lang === 'en' ? 'About this information' : '關於這些資訊');
      expect(markup).toContain('<span class="nowrap">0800-080-117</span>');
    }
  });
});

describe('the PIN change form', () => {
  it('says an unchanged PIN is the ROC birth date, with an example, and recommends changing it', async () => {
    const zh = await page(cardStatus(), 'pin');
    expect(zh).toContain(
      '若從沒改過，PIN 碼就是你的民國出生年月日共 6 碼（例如民國73年1月1日出生是 730101）',
    );
    expect(zh).toContain('建議改成只有你知道的號碼');
    const en = await page(cardStatus(), 'pin', 'en');
    expect(en).toContain('your ROC birth date as six digits');
    expect(en).toContain('730101');
    expect(en).toContain('we recommend changing it');
  });
});

describe('wording', () => {
  it('on the PIN screen, a locked PIN points below, not to the screen the person is on', async () => {
    const zh = await page(cardStatus({ pin: secret(0) }), 'pin');
    expect(zh).toContain('解鎖方法就在下方');
    expect(zh).not.toContain('請到「PIN 碼」');
    expect(zh).toContain('以用戶代碼解鎖');
    expect(zh).not.toContain('用用戶代碼');
    const card = await page(cardStatus({ pin: secret(0) }), 'card');
    expect(card).toContain('請到「PIN 碼」或「說明」看解鎖方法');
  });

  it('says "locked" in English, never "blocked", and writes key sizes in the language', async () => {
    const en = await page(cardStatus({ pin: secret(0), userCode: secret(0, 5) }), 'pin', 'en');
    expect(en).toContain('locked');
    expect(en.replace(/<[^>]*>/g, ' ')).not.toMatch(/blocked/i);
    const certs = await page(cardStatus(), 'certs');
    expect(certs).toMatch(/RSA 2048 位元/);
    expect(certs).not.toContain('2048 bits');
  });
});

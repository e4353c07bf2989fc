/**
 * The issuer's answer on the Card and Expiry screens (docs/revocation.md, docs/app.md):
 * 正常 / 停用 / 廢止 / 無法確認 with when and from where, the advice following it, and the
 * one sentence saying what asking sends.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from '../../../src-renderer/App';
import { createCardStore, type Screen } from '../../../src-renderer/store/card-store';
import { CardStoreContext } from '../../../src-renderer/store/use-card';
import { advise } from '../../../src/advisor/advise';
import type { RevocationInfo } from '../../../src/core/model';
import type { RevocationView } from '../../../src/service/contract';
import { FakeCardApi, cardStatus, certificate, ok, settle } from '../fake-card-api';

const cert = certificate();

const answer = (over: Partial<RevocationInfo>): RevocationInfo => ({
  status: 'good',
  source: 'ocsp',
  checkedAt: '2026-06-01T02:00:00Z',
  thisUpdate: '2026-06-01T01:55:00Z',
  nextUpdate: '2026-06-01T02:55:00Z',
  revokedAt: null,
  reason: null,
  url: 'http://ocsp.example.invalid/',
  problem: null,
  ...over,
});

async function page(info: RevocationInfo, screen: Screen, lang: 'zh-TW' | 'en' = 'zh-TW') {
  const api = new FakeCardApi({ status: cardStatus() });
  const view: RevocationView = { enabled: true, certificates: [{ id: cert.id, revocation: info }] };
  api.queue('revocation', ok(view));
  // What the backend's card:advise answers once it knows the issuer's answer.
  api.queue(
    'advise',
    ok(
      advise({
        notBefore: cert.notBefore,
        notAfter: cert.notAfter,
        today: '2026-06-01',
        revocation: info,
      }),
    ),
  );
  const store = createCardStore({ api });
  await store.getState().start();
  await settle();
  store.getState().setScreen(screen);
  store.getState().setLang(lang);
  const markup = renderToStaticMarkup(
    <CardStoreContext.Provider value={store}>
      <App />
    </CardStoreContext.Provider>,
  );
  return { markup, api };
}

describe('issuer status in the app', () => {
  it('good: 正常, when it was asked and from where, and what asking sends', async () => {
    const { markup } = await page(answer({}), 'card');
    expect(markup).toMatch(/data-testid="issuer-status-badge"[^>]*>正常</);
    expect(markup).toContain('民國115年6月1日');
    expect(markup).toContain('http://ocsp.example.invalid/');
    expect(markup).toContain('只會送出憑證的序號');
  });

  it('suspended: 停用 on the Card screen, and the Expiry screen leads with resuming', async () => {
    const hold = answer({
      status: 'suspended',
      reason: 'certificateHold',
      revokedAt: '2026-05-20T03:00:00Z',
    });
    const card = await page(hold, 'card');
    expect(card.markup).toMatch(/data-testid="issuer-status-badge"[^>]*>停用</);
    expect(card.markup).toContain('data-testid="advice-banner"');
    expect(card.markup).toContain('請先辦理復用');
    const expiry = await page(hold, 'expiry', 'en');
    expect(expiry.markup).toMatch(/data-testid="expiry-issuer-status-badge"[^>]*>Suspended</);
    expect(expiry.markup).toMatch(/data-action="resume"/);
    expect(expiry.api.callsOf('revocation')).toEqual([{ reader: 'Reader A' }]);
  });

  it('revoked: 廢止 and only a new application', async () => {
    const revoked = answer({
      status: 'revoked',
      reason: 'keyCompromise',
      revokedAt: '2026-05-20T03:00:00Z',
    });
    const { markup } = await page(revoked, 'expiry');
    expect(markup).toMatch(/data-testid="expiry-issuer-status-badge"[^>]*>廢止</);
    expect(markup).toContain('金鑰遭破解');
    expect(markup).toMatch(/data-action="reapply"/);
    expect(markup).not.toMatch(/data-action="wait-for-extension"/);
  });

  it('unknown: 無法確認 with the reason, and the dates are not called "valid" as a fact', async () => {
    const offline = answer({
      status: 'unknown',
      source: null,
      problem: 'offline',
      thisUpdate: null,
      nextUpdate: null,
    });
    const { markup } = await page(offline, 'expiry');
    expect(markup).toMatch(/data-testid="expiry-issuer-status-badge"[^>]*>無法確認</);
    expect(markup).toContain('連不上發證單位');
    expect(markup).toContain('發證單位的狀態未確認');
    expect(markup).not.toContain('憑證有效，目前不需要辦理任何事');
  });
});

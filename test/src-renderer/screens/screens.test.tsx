/**
 * The screens rendered to HTML in Node (react-dom/server), from a store fed by the fake
 * API: what a person would see in each state, without a browser.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from '../../../src-renderer/App';
import {
  createCardStore,
  type CardStore,
  type Screen,
} from '../../../src-renderer/store/card-store';
import { CardStoreContext } from '../../../src-renderer/store/use-card';
import type { CardStatusView } from '../../../src/service/contract';
import {
  FakeCardApi,
  adviceFor,
  cardStatus,
  certificate,
  moduleSecret,
  moicaStatus,
  ok,
  reader,
  secret,
  settle,
} from '../fake-card-api';

async function storeWith(
  status: CardStatusView | null,
  screen: Screen,
  lang: 'zh-TW' | 'en' = 'zh-TW',
) {
  const api = status
    ? new FakeCardApi({ status })
    : new FakeCardApi({ readers: [reader('Reader A', false)] });
  const store = createCardStore({ api });
  await store.getState().start();
  await settle();
  store.getState().setScreen(screen);
  store.getState().setLang(lang);
  return store;
}

function html(store: CardStore): string {
  return renderToStaticMarkup(
    <CardStoreContext.Provider value={store}>
      <App />
    </CardStoreContext.Provider>,
  );
}

/** The opening tag of the element carrying a data-testid. */
function tagOf(markup: string, testId: string): string {
  const m = new RegExp(`<[^>]*data-testid="${testId}"[^>]*>`).exec(markup);
  if (!m) throw new Error(`no element with data-testid="${testId}"`);
  return m[0];
}

describe('card screen', () => {
  it('shows the holder, the card number, the family in words and n/3', async () => {
    const page = html(await storeWith(cardStatus({ pin: secret(2) }), 'card'));
    expect(page).toContain('王小明');
    expect(page).toContain('TP00000000000001');
    expect(page).toContain('本程式的虛擬卡');
    expect(page).toMatch(/data-testid="pin-tries"[^>]*>2\/3</);
    expect(page).toContain('data-testid="demo-badge"');
    expect(page).toContain('示範卡');
  });

  it('says loudly, as an alert, that a blocked PIN is blocked', async () => {
    const page = html(await storeWith(cardStatus({ pin: secret(0) }), 'card'));
    expect(tagOf(page, 'pin-tries-alert')).toContain('role="alert"');
    expect(page).toContain('PIN 碼已鎖住');
  });

  it('tells the person to insert a card when the reader is empty', async () => {
    const page = html(await storeWith(null, 'card'));
    expect(tagOf(page, 'card-state')).toContain('data-state="no-card"');
    expect(page).toContain('請將自然人憑證晶片朝上插入');
  });

  it('shows no demo badge for a real card', async () => {
    const page = html(
      await storeWith(
        cardStatus({ family: 'moica-gen1', pinChannel: 'vendor', demo: false }),
        'card',
      ),
    );
    expect(page).not.toContain('data-testid="demo-badge"');
    expect(page).toContain('自然人憑證（第一代卡片）');
  });
});

describe('PIN screen', () => {
  it('offers verify and change with password fields, no last-try box with tries to spare', async () => {
    const page = html(await storeWith(cardStatus({ pin: secret(3) }), 'pin'));
    expect(tagOf(page, 'verify-pin')).toContain('type="password"');
    expect(tagOf(page, 'verify-pin')).toContain('autoComplete="off"');
    expect(page).toContain('data-testid="change-new-pin-again"');
    expect(page).not.toContain('confirm-last-try');
    expect(tagOf(page, 'verify-submit')).not.toContain('disabled');
  });

  it('on the last try shows the warning and keeps both buttons disabled until confirmed', async () => {
    const page = html(await storeWith(cardStatus({ pin: secret(1) }), 'pin'));
    expect(page).toContain('data-testid="verify-confirm-last-try"');
    expect(page).toContain('data-testid="change-confirm-last-try"');
    expect(page).toContain('卡片就會鎖住');
    expect(tagOf(page, 'verify-submit')).toContain('disabled');
    expect(tagOf(page, 'change-submit')).toContain('disabled');
  });

  it('offers only the unblock form while the PIN is blocked', async () => {
    const page = html(await storeWith(cardStatus({ pin: secret(0) }), 'pin'));
    expect(page).toContain('data-testid="unblock-user-code"');
    expect(page).not.toContain('data-testid="verify-pin"');
    expect(page).toContain('data-testid="forgot-user-code"');
  });

  it('sends a holder with a blocked user code to the household office', async () => {
    const page = html(
      await storeWith(cardStatus({ pin: secret(0), userCode: secret(0, 5) }), 'pin'),
    );
    expect(page).not.toContain('type="password"');
    expect(page).toContain('data-testid="situation-user-code-blocked"');
    expect(page).toContain('R-USERCODE-RESET');
  });

  it('has no PIN form at all for a real MOICA card, but the why and a MOICA link', async () => {
    const page = html(
      await storeWith(
        cardStatus({ family: 'moica-gen2', pinChannel: 'vendor', pin: null, demo: false }),
        'pin',
        'en',
      ),
    );
    expect(page).not.toContain('type="password"');
    expect(page).toContain('data-testid="vendor-pin-guide"');
    expect(page).toContain('data-testid="moica-link"');
    expect(page).toContain('R-UNLOCK-ONLINE');
    expect(page).toContain('R-USERCODE-RESET');
  });
});

describe('PIN screen, MOICA card with its PKCS#11 module', () => {
  it('offers verify and change, the state in words instead of n/3, and no unblock form', async () => {
    const page = html(await storeWith(moicaStatus(moduleSecret('ok')), 'pin', 'en'));
    expect(page).toContain('data-testid="vendor-pin-panel"');
    expect(page).not.toContain('data-testid="vendor-pin-guide"');
    expect(tagOf(page, 'verify-pin')).toContain('type="password"');
    expect(page).toContain('data-testid="change-new-pin-again"');
    expect(page).not.toContain('data-testid="unblock-user-code"');
    expect(page).not.toContain('confirm-last-try');
    expect(tagOf(page, 'verify-submit')).not.toContain('disabled');
    expect(page).toMatch(/data-testid="pin-screen-pin-state"[^>]*>PIN OK</);
    expect(page).not.toMatch(/\d\/3/);
    expect(page).toContain('HiCOS');
    // Unblocking stays MOICA's online procedure.
    expect(page).toContain('R-UNLOCK-ONLINE');
    expect(page).toContain('data-testid="moica-link"');
  });

  it('on the final try says so in words and keeps both buttons disabled until confirmed', async () => {
    const page = html(await storeWith(moicaStatus(moduleSecret('last-try')), 'pin'));
    expect(page).toMatch(
      /data-testid="pin-screen-pin-state"[^>]*>最後 1 次機會：再輸錯一次，卡片就會鎖住</,
    );
    expect(page).toContain('data-testid="verify-confirm-last-try"');
    expect(page).toContain('data-testid="change-confirm-last-try"');
    expect(tagOf(page, 'verify-submit')).toContain('disabled');
    expect(tagOf(page, 'change-submit')).toContain('disabled');
  });

  it('when blocked offers no form at all, says blocked out loud and shows MOICA’s unlock', async () => {
    const page = html(await storeWith(moicaStatus(moduleSecret('blocked')), 'pin', 'en'));
    expect(page).not.toContain('type="password"');
    expect(tagOf(page, 'pin-screen-pin-state')).toContain('role="alert"');
    expect(page).toMatch(/data-testid="pin-screen-pin-state"[^>]*>Locked</);
    expect(page).toContain('R-UNLOCK-ONLINE');
    expect(page).toContain('R-USERCODE-RESET');
  });

  it('reports a verify’s result with the state the module gave, not tries left', async () => {
    const api = new FakeCardApi({ status: moicaStatus(moduleSecret('ok')) });
    api.queue('verifyPin', ok({ pin: moduleSecret('ok'), userCode: null }));
    const store = createCardStore({ api });
    await store.getState().start();
    await settle();
    store.getState().setScreen('pin');
    store.getState().setLang('en');
    await store.getState().verifyPin('730101', false);
    const result = tagOf(html(store), 'pin-result');
    expect(result).toContain('role="status"');
    const page = html(store);
    expect(page).toContain('The PIN is correct.');
    expect(page).toContain('PIN state now: PIN OK');
    expect(page).not.toContain('PIN tries left');
  });

  it('without the module explains why, and how to get PIN management here', async () => {
    const page = html(await storeWith(moicaStatus(null), 'pin', 'en'));
    expect(page).not.toContain('type="password"');
    expect(page).toContain('data-testid="vendor-pin-guide"');
    expect(page).toContain('data-testid="vendor-install-hint"');
    expect(page).toContain('moica.nat.gov.tw');
  });

  it('with a module that could not serve the card, says what went wrong instead', async () => {
    const problem = {
      item: 'pin',
      code: 'not-found' as const,
      messageKey: 'pkcs11.noSlot',
      params: { reader: 'Reader A' },
    };
    const page = html(await storeWith(moicaStatus(null, { problems: [problem] }), 'pin', 'en'));
    expect(page).not.toContain('type="password"');
    expect(page).not.toContain('data-testid="vendor-install-hint"');
    expect(page).toMatch(/data-testid="vendor-module-problem"[^>]*>[^<]*does not list the card in/);
  });
});

describe('expiry and the advisor banner', () => {
  const cert = certificate();

  it('shows days left, both calendars, the timeline in words and the correction toggle', async () => {
    const status = cardStatus({ certificates: [cert], advice: adviceFor(cert, '2027-01-10') });
    const page = html(await storeWith(status, 'expiry'));
    expect(page).toContain('還有 49 天到期');
    expect(page).toContain('民國116年2月28日 (2027-02-28)');
    expect(page).toContain('role="img"');
    expect(page).toContain('展期期間');
    expect(page).toContain('現在可辦理');
    expect(page).toContain('依效期推斷：這是原始憑證（未展期）。');
    expect(page).toContain('name="certificate-kind"');
  });

  it('shows the exact time when notAfter is not the end of a Taipei day', async () => {
    const odd = certificate({ notAfter: '2027-02-28T04:00:00Z' });
    const status = cardStatus({ certificates: [odd], advice: adviceFor(odd, '2026-06-01') });
    const page = html(await storeWith(status, 'expiry', 'en'));
    expect(page).toContain('data-testid="expires-at"');
    expect(page).toContain('12:00:00 (Taipei time)');
  });

  it("without a signing certificate, shows the key-exchange certificate's exact time, never a CA's", async () => {
    const ca = certificate({
      id: 'CA',
      role: 'issuing-ca',
      isCA: true,
      notAfter: '2040-06-30T01:00:00Z',
    });
    const keyx = certificate({
      id: 'KEYX',
      role: 'key-exchange',
      notAfter: '2027-02-28T04:00:00Z',
    });
    const status = cardStatus({ certificates: [ca, keyx], advice: adviceFor(keyx, '2026-06-01') });
    const page = html(await storeWith(status, 'expiry', 'en'));
    expect(tagOf(page, 'expires-at')).toBeTruthy();
    expect(page).toContain('12:00:00 (Taipei time)');
    expect(page).not.toContain('09:00:00 (Taipei time)');
  });

  it('puts the next step on every screen while the extension window is open', async () => {
    const status = cardStatus({ certificates: [cert], advice: adviceFor(cert, '2027-01-10') });
    const store = await storeWith(status, 'card');
    for (const screen of ['card', 'pin', 'certs', 'help'] as const) {
      store.getState().setScreen(screen);
      const page = html(store);
      expect(tagOf(page, 'advice-banner')).toContain('role="status"');
      expect(page).toContain('現在可以辦理展期');
    }
  });

  it('uses an alert once the certificate has expired, and no banner while all is well', async () => {
    const expired = cardStatus({ certificates: [cert], advice: adviceFor(cert, '2027-04-01') });
    expect(tagOf(html(await storeWith(expired, 'card')), 'advice-banner')).toContain(
      'role="alert"',
    );
    const calm = cardStatus({ certificates: [cert], advice: adviceFor(cert, '2026-06-01') });
    expect(html(await storeWith(calm, 'card'))).not.toContain('advice-banner');
  });
});

describe('certificates and help', () => {
  it('lists certificate details with fingerprints, chain in words and export buttons', async () => {
    const page = html(await storeWith(cardStatus(), 'certs', 'en'));
    expect(page).toContain('Signing certificate');
    expect(page).toContain('Test certificate, not a genuine citizen certificate.');
    expect(page).toContain('0A:1B:2C');
    expect(page).toContain('CD:CD:CD');
    expect(page).toContain('https://example.test/crl');
    // Its accessible name starts with what it shows, then says which certificate.
    expect(page).toMatch(
      /data-testid="cert-SIGN-export-pem">Export PEM<span class="visually-hidden"> \(Signing certificate\)<\/span>/,
    );
  });

  it('lists every situation with its rule IDs, and opens the matching one first', async () => {
    const page = html(await storeWith(cardStatus({ pin: secret(0) }), 'help'));
    expect(page).toContain('R-LOST');
    expect(page).toContain('R-PROXY');
    expect(tagOf(page, 'help-pin-locked-remembers-user-code')).toMatch(/\sopen=""/);
    expect(tagOf(page, 'help-what-to-bring')).not.toMatch(/\sopen=/);
    expect(page.indexOf('help-pin-locked-remembers-user-code')).toBeLessThan(
      page.indexOf('help-what-to-bring'),
    );
  });
});

describe('navigation', () => {
  it('is a tab list with one selected tab tied to the panel', async () => {
    const page = html(await storeWith(cardStatus(), 'certs'));
    expect(page).toContain('role="tablist"');
    expect(tagOf(page, 'tab-certs')).toContain('aria-selected="true"');
    expect(tagOf(page, 'tab-certs')).toContain('tabindex="0"');
    expect(tagOf(page, 'tab-card')).toContain('tabindex="-1"');
    expect(page).toContain('role="tabpanel" aria-labelledby="tab-certs"');
  });
});

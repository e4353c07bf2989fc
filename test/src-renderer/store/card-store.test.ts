import { describe, expect, it } from 'vitest';
import { createCardStore } from '../../../src-renderer/store/card-store';
import { LANG_STORAGE_KEY, type MessageLoader } from '../../../src-renderer/store/language';
import type { Lang } from '../../../src/core/i18n';
import {
  FakeCardApi,
  MemoryStorage,
  adviceFor,
  cardStatus,
  certificate,
  deferred,
  fail,
  moduleSecret,
  moicaStatus,
  ok,
  reader,
  secret,
  settle,
} from '../fake-card-api';
import { EVENTS, type CardStatusView, type IpcResult } from '../../../src/service/contract';

async function started(api = new FakeCardApi(), storage = new MemoryStorage()) {
  const downloads: Array<[string, string]> = [];
  const store = createCardStore({
    api,
    storage,
    download: (name, b64) => downloads.push([name, b64]),
  });
  await store.getState().start();
  await settle();
  return { api, store, storage, downloads, s: () => store.getState() };
}

describe('start-up', () => {
  it('reads the app info, the readers and the status of the card it finds', async () => {
    const { s, api } = await started();
    expect(s().info?.name).toBe('Citizen Card Manager');
    expect(s().selectedReader).toBe('Reader A');
    expect(s().status?.cardNumber).toBe('TP00000000000001');
    expect(s().advice?.status).toBe('valid');
    expect(api.callsOf('status')).toEqual([{ reader: 'Reader A' }]);
  });

  it('picks the reader that holds a card, not simply the first one', async () => {
    const api = new FakeCardApi({ readers: [reader('Empty', false), reader('Full')] });
    const { s } = await started(api);
    expect(s().selectedReader).toBe('Full');
  });

  it('reads no status when there is no card, and none when there is no reader', async () => {
    const empty = new FakeCardApi({ readers: [reader('Empty', false)] });
    const a = await started(empty);
    expect(a.s().status).toBeNull();
    expect(empty.callsOf('status')).toEqual([]);

    const none = new FakeCardApi({ readers: [] });
    const b = await started(none);
    expect(b.s().selectedReader).toBeNull();
    expect(b.s().readersLoaded).toBe(true);
  });

  it('marks the PC/SC service down when listing readers says so', async () => {
    const api = new FakeCardApi();
    api.queue('readers', fail('pcsc-unavailable', 'error.pcscUnavailable'));
    const { s } = await started(api);
    expect(s().pcscAvailable).toBe(false);
    expect(s().error?.messageKey).toBe('error.pcscUnavailable');
  });

  it('keeps a status error to show, instead of stale data', async () => {
    const api = new FakeCardApi();
    api.queue('status', fail('card-error', 'error.malformedResponse', { what: 'CDF' }));
    const { s } = await started(api);
    expect(s().status).toBeNull();
    expect(s().error).toEqual({
      code: 'card-error',
      messageKey: 'error.malformedResponse',
      params: { what: 'CDF' },
    });
  });

  it('stops listening when stopped', async () => {
    const { api, s } = await started();
    // One listener per event the main process pushes.
    expect(api.listenerCount()).toBe(EVENTS.length);
    s().stop();
    expect(api.listenerCount()).toBe(0);
  });
});

describe('live card events', () => {
  it('clears the card data on removal and says so', async () => {
    const { api, s } = await started();
    api.emit('card-removed', { reader: 'Reader A' });
    expect(s().status).toBeNull();
    expect(s().advice).toBeNull();
    expect(s().readers[0]?.cardPresent).toBe(false);
    expect(s().notice).toMatchObject({
      key: 'ui.notice.cardRemoved',
      params: { reader: 'Reader A' },
    });
  });

  it('announces a removal once when readers-changed and card-removed both arrive', async () => {
    const { api, s } = await started();
    api.emit('readers-changed', [reader('Reader A', false)]);
    await settle();
    const first = s().notice;
    expect(first?.key).toBe('ui.notice.cardRemoved');
    api.emit('card-removed', { reader: 'Reader A' });
    expect(s().notice).toBe(first);
  });

  it('ignores the removal of a card in another reader', async () => {
    const api = new FakeCardApi({ readers: [reader('Reader A'), reader('Reader B')] });
    const { s } = await started(api);
    api.emit('card-removed', { reader: 'Reader B' });
    expect(s().status).not.toBeNull();
    expect(s().notice).toBeNull();
  });

  it('re-reads the status when a card is inserted, saying so only while it reads', async () => {
    const api = new FakeCardApi({ readers: [reader('Reader A', false)] });
    const { s } = await started(api);
    expect(s().status).toBeNull();
    const answer = deferred<IpcResult<CardStatusView>>();
    api.queue('status', answer.promise);
    api.emit('card-inserted', { reader: 'Reader A', atr: '3B8A', family: 'virtual' });
    await settle();
    expect(api.callsOf('status')).toEqual([{ reader: 'Reader A' }]);
    expect(s().notice?.key).toBe('ui.notice.cardInserted');
    answer.resolve(ok(cardStatus()));
    await settle();
    expect(s().status?.holderName).toBe('王小明');
    // "Reading it now" would be stale: the screen shows the card.
    expect(s().notice).toBeNull();
  });

  it('switches to a newly inserted card when the shown reader is empty', async () => {
    const api = new FakeCardApi({
      readers: [reader('Reader A', false), reader('Reader B', false)],
    });
    const { s } = await started(api);
    expect(s().selectedReader).toBe('Reader A');
    api.emit('card-inserted', { reader: 'Reader B', atr: '3B8A', family: 'virtual' });
    await settle();
    expect(s().selectedReader).toBe('Reader B');
    expect(api.callsOf('status')).toEqual([{ reader: 'Reader B' }]);
  });

  it('drops a status answer that arrives after the card was removed', async () => {
    const api = new FakeCardApi({ readers: [reader('Reader A', false)] });
    const { s } = await started(api);
    const late = deferred<IpcResult<CardStatusView>>();
    api.queue('status', late.promise);
    api.emit('card-inserted', { reader: 'Reader A', atr: '3B8A', family: 'virtual' });
    await settle();
    api.emit('card-removed', { reader: 'Reader A' });
    late.resolve(ok(cardStatus()));
    await settle();
    expect(s().status).toBeNull();
    expect(s().statusLoading).toBe(false);
  });

  it('clears everything when PC/SC goes down and reloads readers when it is back', async () => {
    const { api, s } = await started();
    api.emit('pcsc-status', { available: false });
    expect(s().pcscAvailable).toBe(false);
    expect(s().status).toBeNull();
    expect(s().readers).toEqual([]);
    expect(s().notice?.key).toBe('ui.notice.pcscDown');
    api.emit('pcsc-status', { available: true });
    await settle();
    expect(s().pcscAvailable).toBe(true);
    expect(s().status).not.toBeNull();
    expect(s().notice?.key).toBe('ui.notice.pcscUp');
  });

  it('follows readers-changed: a new reader list keeps the selection', async () => {
    const api = new FakeCardApi({ readers: [reader('Reader A')] });
    const { s } = await started(api);
    api.emit('readers-changed', [reader('Reader Z', false), reader('Reader A')]);
    await settle();
    expect(s().selectedReader).toBe('Reader A');
    expect(s().readers).toHaveLength(2);
    expect(api.callsOf('status')).toHaveLength(1);
  });
});

describe('language', () => {
  it('is zh-TW by default and remembers an English choice', async () => {
    const storage = new MemoryStorage();
    const { s } = await started(new FakeCardApi(), storage);
    expect(s().lang).toBe('zh-TW');
    s().setLang('en');
    expect(storage.getItem(LANG_STORAGE_KEY)).toBe('en');
    const again = createCardStore({ api: new FakeCardApi(), storage });
    expect(again.getState().lang).toBe('en');
  });

  /** Messages the test hands over when it wants, or refuses (the built page's loader). */
  function slowMessages() {
    const loaded = new Set<Lang>(['zh-TW']);
    const pending = new Map<Lang, { resolve: () => void; reject: (e: Error) => void }>();
    const messages: MessageLoader = {
      isCatalogLoaded: (lang) => loaded.has(lang),
      ensureCatalog: (lang) =>
        new Promise<void>((resolve, reject) =>
          pending.set(lang, {
            resolve: () => {
              loaded.add(lang);
              resolve();
            },
            reject,
          }),
        ),
    };
    return { messages, pending };
  }

  it('switches only once the new language’s messages are in', async () => {
    const storage = new MemoryStorage();
    const { messages, pending } = slowMessages();
    const store = createCardStore({ api: new FakeCardApi(), storage, messages });
    const switched = store.getState().setLang('en');
    await settle();
    expect(store.getState().lang).toBe('zh-TW');
    expect(storage.getItem(LANG_STORAGE_KEY)).toBeNull();
    pending.get('en')!.resolve();
    await switched;
    expect(store.getState().lang).toBe('en');
    expect(storage.getItem(LANG_STORAGE_KEY)).toBe('en');
    // Back to a language already in: at once, nothing to wait for.
    void store.getState().setLang('zh-TW');
    expect(store.getState().lang).toBe('zh-TW');
  });

  it('stays in its language and says so when the messages cannot be loaded', async () => {
    const storage = new MemoryStorage();
    const { messages, pending } = slowMessages();
    const store = createCardStore({ api: new FakeCardApi(), storage, messages });
    const switched = store.getState().setLang('en');
    pending.get('en')!.reject(new Error('host gone'));
    await switched;
    expect(store.getState().lang).toBe('zh-TW');
    expect(store.getState().notice).toMatchObject({ key: 'ui.lang.loadFailed', tone: 'warning' });
    expect(storage.getItem(LANG_STORAGE_KEY)).toBeNull();
  });

  it('keeps the later choice when an earlier one’s messages come after it', async () => {
    const { messages, pending } = slowMessages();
    const store = createCardStore({ api: new FakeCardApi(), messages });
    const toEnglish = store.getState().setLang('en');
    void store.getState().setLang('zh-TW');
    pending.get('en')!.resolve();
    await toEnglish;
    expect(store.getState().lang).toBe('zh-TW');
  });

  it('ignores a stored value that is not a language', () => {
    const storage = new MemoryStorage();
    storage.setItem(LANG_STORAGE_KEY, 'fr');
    expect(createCardStore({ api: new FakeCardApi(), storage }).getState().lang).toBe('zh-TW');
  });
});

describe('extended / original correction', () => {
  it('re-asks the advisor with the person’s statement, and returns to the inference', async () => {
    const cert = certificate();
    const api = new FakeCardApi({ status: cardStatus({ certificates: [cert] }) });
    api.queue('advise', ok(adviceFor(cert, '2026-06-01', true)));
    const { s } = await started(api);
    expect(s().advice?.extended).toBe(false);
    await s().setExtended(true);
    expect(api.callsOf('advise')).toEqual([{ reader: 'Reader A', extended: true }]);
    expect(s().advice?.extended).toBe(true);
    expect(s().advice?.extendedSource).toBe('stated');
    await s().setExtended(null);
    expect(api.callsOf('advise')[1]).toEqual({ reader: 'Reader A' });
  });

  it('forgets the statement when the card is removed', async () => {
    const { api, s } = await started();
    await s().setExtended(false);
    api.emit('card-removed', { reader: 'Reader A' });
    expect(s().extendedStated).toBeNull();
  });
});

describe('PIN operations', () => {
  it('verifies and shows the counters the card reported', async () => {
    const api = new FakeCardApi({ status: cardStatus({ pin: secret(2) }) });
    api.queue('verifyPin', ok({ pin: secret(3), userCode: secret(5, 5) }));
    const { s } = await started(api);
    const result = await s().verifyPin('730101', false);
    expect(api.callsOf('verifyPin')).toEqual([
      { reader: 'Reader A', pin: '730101', confirmLastTry: false },
    ]);
    expect(result.ok).toBe(true);
    expect(result.message.key).toBe('ui.pin.result.verify');
    expect(s().status?.pin?.triesLeft).toBe(3);
  });

  it('after a wrong PIN shows the new count from the card’s answer', async () => {
    const api = new FakeCardApi();
    api.queue('verifyPin', fail('wrong-secret', 'error.wrongPin', { triesLeft: 2 }));
    const { s } = await started(api);
    const result = await s().verifyPin('111111', false);
    expect(result.ok).toBe(false);
    expect(result.message).toEqual({ key: 'error.wrongPin', params: { triesLeft: 2 } });
    expect(result.pin?.triesLeft).toBe(2);
    expect(s().status?.pin).toMatchObject({ triesLeft: 2, blocked: false, lastTry: false });
  });

  it('marks the PIN blocked when the last wrong try blocked it', async () => {
    const api = new FakeCardApi({ status: cardStatus({ pin: secret(1) }) });
    api.queue('verifyPin', fail('secret-blocked', 'error.pinJustBlocked'));
    const { s } = await started(api);
    await s().verifyPin('111111', true);
    expect(s().status?.pin).toMatchObject({ triesLeft: 0, blocked: true });
  });

  it('refuses the last try without the explicit confirmation, sending nothing', async () => {
    const api = new FakeCardApi({ status: cardStatus({ pin: secret(1) }) });
    const { s } = await started(api);
    const verify = await s().verifyPin('730101', false);
    const change = await s().changePin(
      { oldPin: '730101', newPin: '123456', newPinAgain: '123456' },
      false,
    );
    expect(verify.message.key).toBe('refused.last-try-unconfirmed');
    expect(change.message.key).toBe('refused.last-try-unconfirmed');
    expect(api.callsOf('verifyPin')).toEqual([]);
    expect(api.callsOf('changePin')).toEqual([]);
  });

  it('sends confirmLastTry only for a last try the person confirmed', async () => {
    const api = new FakeCardApi({ status: cardStatus({ pin: secret(1) }) });
    const { s } = await started(api);
    await s().verifyPin('730101', true);
    expect(api.callsOf('verifyPin')).toEqual([
      { reader: 'Reader A', pin: '730101', confirmLastTry: true },
    ]);

    const calm = new FakeCardApi({ status: cardStatus({ pin: secret(3) }) });
    const b = await started(calm);
    await b.s().verifyPin('730101', true);
    expect(calm.callsOf('verifyPin')).toEqual([
      { reader: 'Reader A', pin: '730101', confirmLastTry: false },
    ]);
  });

  it('validates before sending: bad length, bad characters, mismatch, same as old', async () => {
    const { api, s } = await started();
    expect((await s().verifyPin('12345', false)).problems).toEqual([
      { field: 'pin', key: 'ui.validate.pinFormat' },
    ]);
    expect((await s().verifyPin('1234 56', false)).problems[0]?.key).toBe('ui.validate.pinFormat');
    const change = await s().changePin(
      { oldPin: '730101', newPin: '730101', newPinAgain: '730102' },
      false,
    );
    expect(change.problems.map((p) => p.key)).toEqual([
      'ui.validate.sameAsOld',
      'ui.validate.mismatch',
    ]);
    expect(change.message.key).toBe('ui.validate.fixFields');
    expect(api.callsOf('verifyPin')).toEqual([]);
    expect(api.callsOf('changePin')).toEqual([]);
  });

  it('sends nothing to a vendor (real MOICA) card or an unknown card', async () => {
    const vendor = new FakeCardApi({
      status: cardStatus({ family: 'moica-gen2', pinChannel: 'vendor', pin: null, demo: false }),
    });
    const a = await started(vendor);
    expect((await a.s().verifyPin('730101', true)).message.key).toBe('refused.vendor-card');
    const unknown = new FakeCardApi({
      status: cardStatus({ family: 'unknown', pinChannel: 'none' }),
    });
    const b = await started(unknown);
    expect((await b.s().verifyPin('730101', true)).message.key).toBe('refused.unknown-card');
    expect(vendor.callsOf('verifyPin')).toEqual([]);
    expect(unknown.callsOf('verifyPin')).toEqual([]);
  });

  it('offers unblock only while the PIN is blocked and the user code is not', async () => {
    const form = { userCode: '12345678', newPin: '654321', newPinAgain: '654321' };
    const open = await started(new FakeCardApi({ status: cardStatus({ pin: secret(3) }) }));
    expect((await open.s().unblockPin(form, false)).message.key).toBe(
      'refused.unblock-not-offered',
    );
    const both = await started(
      new FakeCardApi({ status: cardStatus({ pin: secret(0), userCode: secret(0, 5) }) }),
    );
    expect((await both.s().unblockPin(form, false)).message.key).toBe('refused.already-blocked');
    const blocked = new FakeCardApi({ status: cardStatus({ pin: secret(0) }) });
    blocked.queue('unblockPin', ok({ pin: secret(3), userCode: secret(5, 5) }));
    const c = await started(blocked);
    const result = await c.s().unblockPin(form, false);
    expect(result.ok).toBe(true);
    expect(blocked.callsOf('unblockPin')).toEqual([
      { reader: 'Reader A', userCode: '12345678', newPin: '654321', confirmLastTry: false },
    ]);
    expect(c.s().status?.pin?.blocked).toBe(false);
  });

  it('gates the unblock on the user code’s last try, and counts a wrong user code', async () => {
    const api = new FakeCardApi({ status: cardStatus({ pin: secret(0), userCode: secret(1, 5) }) });
    const { s } = await started(api);
    const form = { userCode: '12345678', newPin: '654321', newPinAgain: '654321' };
    expect((await s().unblockPin(form, false)).message.key).toBe('refused.last-try-unconfirmed');
    api.queue('unblockPin', fail('secret-blocked', 'error.userCodeJustBlocked'));
    await s().unblockPin(form, true);
    expect(api.callsOf('unblockPin')).toHaveLength(1);
    expect(s().status?.userCode?.blocked).toBe(true);
    expect(s().status?.pin?.blocked).toBe(true);
  });

  it('never keeps a PIN or user code in the state or in storage', async () => {
    const api = new FakeCardApi({ status: cardStatus({ pin: secret(0) }) });
    const { s, storage } = await started(api);
    await s().unblockPin({ userCode: 'Secret99', newPin: 'Zx9Qw8', newPinAgain: 'Zx9Qw8' }, false);
    const api2 = new FakeCardApi();
    api2.queue('changePin', fail('wrong-secret', 'error.wrongPin', { triesLeft: 2 }));
    const b = await started(api2, storage);
    await b.s().changePin({ oldPin: 'Old777x', newPin: 'New888y', newPinAgain: 'New888y' }, false);
    const dump = JSON.stringify([s(), b.s(), [...storage.data], storage.writes]);
    for (const secretText of ['Secret99', 'Zx9Qw8', 'Old777x', 'New888y']) {
      expect(dump).not.toContain(secretText);
    }
  });

  it('does not write counters onto a card that was removed during the operation', async () => {
    const api = new FakeCardApi();
    const answer = deferred<Awaited<ReturnType<FakeCardApi['verifyPin']>>>();
    api.queue('verifyPin', answer.promise);
    const { s } = await started(api);
    const pending = s().verifyPin('730101', false);
    expect(s().pinBusy).toBe(true);
    api.emit('card-removed', { reader: 'Reader A' });
    answer.resolve(fail('card-removed', 'error.cardRemoved'));
    const result = await pending;
    expect(result.message.key).toBe('error.cardRemoved');
    expect(s().status).toBeNull();
    expect(s().pinBusy).toBe(false);
  });
});

describe('PIN operations on a MOICA card through its PKCS#11 module', () => {
  const change = { oldPin: '730101', newPin: 'Nw2468', newPinAgain: 'Nw2468' };

  it('verifies and changes when the module answered for the card, after the same validation', async () => {
    const api = new FakeCardApi({ status: moicaStatus(moduleSecret('ok')) });
    api.queue('verifyPin', ok({ pin: moduleSecret('ok'), userCode: null }));
    const { s } = await started(api);
    const verify = await s().verifyPin('730101', false);
    expect(verify).toMatchObject({ ok: true, message: { key: 'ui.pin.result.verify' } });
    expect(api.callsOf('verifyPin')).toEqual([
      { reader: 'Reader A', pin: '730101', confirmLastTry: false },
    ]);

    const bad = await s().changePin({ ...change, newPinAgain: 'Nw2469' }, false);
    expect(bad.problems.map((p) => p.key)).toEqual(['ui.validate.mismatch']);
    expect(api.callsOf('changePin')).toEqual([]);
    expect((await s().changePin(change, false)).ok).toBe(true);
    expect(api.callsOf('changePin')).toEqual([
      { reader: 'Reader A', oldPin: '730101', newPin: 'Nw2468', confirmLastTry: false },
    ]);
  });

  it('gates the final try the module reports exactly like a counter at 1', async () => {
    const api = new FakeCardApi({ status: moicaStatus(moduleSecret('last-try')) });
    const { s } = await started(api);
    expect((await s().verifyPin('730101', false)).message.key).toBe('refused.last-try-unconfirmed');
    expect((await s().changePin(change, false)).message.key).toBe('refused.last-try-unconfirmed');
    expect(api.callsOf('verifyPin')).toEqual([]);
    expect(api.callsOf('changePin')).toEqual([]);
    await s().verifyPin('730101', true);
    expect(api.callsOf('verifyPin')).toEqual([
      { reader: 'Reader A', pin: '730101', confirmLastTry: true },
    ]);
  });

  it('after a wrong PIN takes the state from the error, never a made-up count', async () => {
    const api = new FakeCardApi({ status: moicaStatus(moduleSecret('ok')) });
    api.queue(
      'verifyPin',
      fail('wrong-secret', 'error.wrongPinNoCount'),
      fail('wrong-secret', 'error.wrongPinNoCountLastTry'),
      fail('secret-blocked', 'error.pinJustBlocked'),
    );
    const { s } = await started(api);
    await s().verifyPin('111111', false);
    expect(s().status?.pin).toEqual(moduleSecret('ok'));
    const second = await s().verifyPin('222222', false);
    expect(second.pin).toEqual(moduleSecret('last-try'));
    expect(s().status?.pin).toEqual(moduleSecret('last-try'));
    // The next attempt is now the last one: it needs the confirmation.
    expect((await s().verifyPin('333333', false)).message.key).toBe('refused.last-try-unconfirmed');
    await s().verifyPin('333333', true);
    expect(s().status?.pin).toEqual(moduleSecret('blocked'));
    expect(api.callsOf('verifyPin')).toHaveLength(3);
  });

  it('never unblocks a MOICA card, and sends nothing once the module says blocked', async () => {
    const api = new FakeCardApi({ status: moicaStatus(moduleSecret('blocked')) });
    const { s } = await started(api);
    const unblock = { userCode: '12345678', newPin: '654321', newPinAgain: '654321' };
    expect((await s().unblockPin(unblock, true)).message.key).toBe('refused.unblock-not-offered');
    expect((await s().verifyPin('730101', true)).message.key).toBe('refused.already-blocked');
    expect((await s().changePin(change, true)).message.key).toBe('refused.already-blocked');
    expect(api.calls.filter((c) => /Pin$/.test(c.method))).toEqual([]);
  });

  it('treats a state from the card itself on a vendor card as no module: refused', async () => {
    const api = new FakeCardApi({ status: moicaStatus(secret(3)) });
    const { s } = await started(api);
    expect((await s().verifyPin('730101', false)).message.key).toBe('refused.vendor-card');
    expect(api.callsOf('verifyPin')).toEqual([]);
  });
});

describe('certificate export and links', () => {
  it('turns the browser host’s base64 into a download', async () => {
    const { api, s, downloads } = await started();
    await s().exportCertificate('SIGN', 'pem');
    expect(api.callsOf('exportCertificate')).toEqual([
      { reader: 'Reader A', id: 'SIGN', format: 'pem' },
    ]);
    expect(downloads).toEqual([['sign.pem', 'QUJD']]);
    expect(s().exportResult).toEqual({
      ok: true,
      message: { key: 'ui.certs.export.downloaded', params: { fileName: 'sign.pem' } },
    });
  });

  it('reports a save dialog that saved, or was cancelled, in Electron', async () => {
    const api = new FakeCardApi();
    api.queue(
      'exportCertificate',
      ok({ fileName: 'sign.der', saved: true }),
      ok({ fileName: 'sign.der', saved: false }),
    );
    const { s, downloads } = await started(api);
    await s().exportCertificate('SIGN', 'der');
    expect(s().exportResult?.message.key).toBe('ui.certs.export.saved');
    await s().exportCertificate('SIGN', 'der');
    expect(s().exportResult).toMatchObject({ ok: false });
    expect(downloads).toEqual([]);
  });

  it('opens MOICA through the API and says so when it could not', async () => {
    const api = new FakeCardApi();
    api.queue('openExternal', ok(false));
    const { s } = await started(api);
    await s().openExternal('https://moica.nat.gov.tw/');
    expect(api.callsOf('openExternal')).toEqual([{ url: 'https://moica.nat.gov.tw/' }]);
    expect(s().notice?.key).toBe('ui.notice.linkNotOpened');
  });
});

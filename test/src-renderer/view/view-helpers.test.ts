import { describe, expect, it } from 'vitest';
import { advise } from '../../../src/advisor/advise';
import { catalogs } from '../../../src/core/i18n/catalog';
import { countersAfterError } from '../../../src-renderer/store/pin-outcome';
import { advicePrompt, headlineKey } from '../../../src-renderer/view/advice-prompt';
import { cardViewState, isDemo } from '../../../src-renderer/view/card-view';
import { colonHex, keyUsageText } from '../../../src-renderer/view/certificate-text';
import { daysLeftText, hasExactTime, instantText } from '../../../src-renderer/view/dates';
import { base64ToBytes } from '../../../src-renderer/view/download';
import { readProblemItemText } from '../../../src-renderer/view/family';
import {
  validateChange,
  validateUnblock,
  validateVerify,
} from '../../../src-renderer/view/secret-validation';
import { buildTimeline } from '../../../src-renderer/view/timeline';
import { triesView } from '../../../src-renderer/view/tries';
import { INFO, cardStatus, reader, secret } from '../fake-card-api';

describe('tries', () => {
  it('reads n/3, and loudly when blocked or on the last try', () => {
    expect(triesView(secret(3), 'pin', 'en')).toEqual({ text: '3/3', tone: 'ok', alert: null });
    const last = triesView(secret(1), 'pin', 'zh-TW');
    expect(last.text).toBe('1/3');
    expect(last.tone).toBe('warning');
    expect(last.alert).toContain('最後 1 次');
    const blocked = triesView(secret(0), 'pin', 'zh-TW');
    expect(blocked.text).toBe('0/3');
    expect(blocked.tone).toBe('blocked');
    expect(blocked.alert).toContain('PIN 碼已鎖住');
  });

  it('shows words, not a guessed number, when the count is unknown', () => {
    expect(triesView(null, 'pin', 'en').text).toBe('Unknown');
    const flags = { triesLeft: null, maxTries: null, lastTry: true, blocked: false } as const;
    const view = triesView({ ...flags, source: 'pkcs11' }, 'pin', 'en');
    expect(view.text).toBe('last try');
    expect(view.tone).toBe('warning');
    const blockedFlag = triesView({ ...flags, blocked: true, source: 'pkcs11' }, 'pin', 'en');
    expect(blockedFlag.text).toBe('locked');
  });
});

describe('secret validation', () => {
  it('accepts 6–8 letters or digits for a PIN and nothing else', () => {
    for (const good of ['730101', 'abcDEF12', 'A1b2C3'])
      expect(validateVerify({ pin: good })).toEqual([]);
    for (const bad of ['73010', '123456789', '7301 1', '73010!', '七三〇一〇一']) {
      expect(validateVerify({ pin: bad })[0]?.key).toBe('ui.validate.pinFormat');
    }
    expect(validateVerify({ pin: '' })[0]?.key).toBe('ui.validate.pinRequired');
  });

  it('checks a change: both PIN formats, the repeat, and a new PIN that differs', () => {
    expect(validateChange({ oldPin: '730101', newPin: 'Ab12345', newPinAgain: 'Ab12345' })).toEqual(
      [],
    );
    expect(validateChange({ oldPin: '730101', newPin: 'Ab12345', newPinAgain: 'Ab12346' })).toEqual(
      [{ field: 'newPinAgain', key: 'ui.validate.mismatch' }],
    );
    expect(validateChange({ oldPin: '730101', newPin: '730101', newPinAgain: '730101' })).toEqual([
      { field: 'newPin', key: 'ui.validate.sameAsOld' },
    ]);
    expect(validateChange({ oldPin: '7301', newPin: '12', newPinAgain: '12' })).toEqual([
      { field: 'oldPin', key: 'ui.validate.pinFormat' },
      { field: 'newPin', key: 'ui.validate.pinFormat' },
    ]);
  });

  it('allows a user code of 6–10 characters', () => {
    const form = { newPin: '654321', newPinAgain: '654321' };
    expect(validateUnblock({ ...form, userCode: '1234567890' })).toEqual([]);
    expect(validateUnblock({ ...form, userCode: '12345678901' })[0]?.key).toBe(
      'ui.validate.userCodeFormat',
    );
    expect(validateUnblock({ ...form, userCode: '' })[0]?.key).toBe('ui.validate.userCodeRequired');
  });
});

describe('dates', () => {
  it('shows both calendars, and the time only when it is not 23:59:59 Taipei', () => {
    expect(instantText('2027-02-28T15:59:59Z', 'zh-TW')).toBe('民國116年2月28日 (2027-02-28)');
    expect(hasExactTime('2027-02-28T15:59:59Z')).toBe(false);
    // 2027-02-28T16:00:00Z is already 1 March 00:00 in Taipei (C-TZ).
    expect(instantText('2027-02-28T16:00:00Z', 'zh-TW')).toBe(
      '民國116年3月1日 (2027-03-01) 00:00:00（臺北時間）',
    );
    expect(instantText('2027-03-01T04:30:00Z', 'en')).toBe(
      '1 March 2027 (ROC 116/03/01) 12:30:00 (Taipei time)',
    );
  });

  it('words the days left, the last day and days since expiry', () => {
    expect(daysLeftText(50, 'en')).toBe('50 days left');
    expect(daysLeftText(0, 'zh-TW')).toBe('今天是最後一天有效');
    expect(daysLeftText(-3, 'en')).toBe('Expired 3 days ago');
  });
});

describe('advisor prompt and timeline', () => {
  const original = { notBefore: '2022-03-01T00:00:00Z', notAfter: '2027-02-28T15:59:59Z' };

  it('gives no banner while nothing needs doing', () => {
    expect(advicePrompt(advise({ ...original, today: '2026-06-01' }))).toBeNull();
    expect(advicePrompt(null)).toBeNull();
  });

  it('prompts politely in the extension window and loudly once expired', () => {
    expect(advicePrompt(advise({ ...original, today: '2027-01-10' }))).toEqual({
      status: 'extension-window',
      urgency: 'status',
      actionId: 'extend',
    });
    expect(advicePrompt(advise({ ...original, today: '2027-05-01' }))).toMatchObject({
      status: 'expired-extendable',
      urgency: 'alert',
    });
    expect(advicePrompt(advise({ ...original, today: '2031-01-01' }))).toMatchObject({
      status: 'expired-reapply',
      urgency: 'alert',
      actionId: 'reapply-counter',
    });
  });

  it('words the last day of a window on its own', () => {
    expect(headlineKey('extension-window', 0)).toBe('ui.advice.headline.extension-window.lastDay');
    expect(headlineKey('extension-window', 5)).toBe('ui.advice.headline.extension-window');
  });

  it('places windows and dates in order along the bar', () => {
    const tl = buildTimeline(advise({ ...original, today: '2027-01-10' }));
    const ext = tl.segments.find((s) => s.kind === 'extension');
    const renewal = tl.segments.find((s) => s.kind === 'onlineRenewal');
    expect(ext).toMatchObject({ from: '2026-12-30', to: '2030-02-28', open: true });
    expect(renewal?.open).toBe(false);
    const x = Object.fromEntries(tl.markers.map((m) => [m.kind, m.x]));
    expect(x.today).toBeGreaterThan(ext?.x ?? 100);
    expect(x.expiresOn).toBeGreaterThan(x.today as number);
    expect(x.finalExpiresOn).toBeGreaterThan(x.expiresOn as number);
    for (const s of tl.segments) {
      expect(s.x).toBeGreaterThanOrEqual(0);
      expect(s.x + s.width).toBeLessThanOrEqual(100.1);
    }
  });

  it('draws no extension window for an extended certificate', () => {
    const tl = buildTimeline(advise({ ...original, today: '2029-12-31', extended: true }));
    expect(tl.segments.map((s) => s.kind)).toEqual(['onlineRenewal']);
    expect(tl.markers.map((m) => m.kind)).not.toContain('finalExpiresOn');
  });
});

describe('card screen state', () => {
  const base = {
    pcscAvailable: true,
    readersLoaded: true,
    readers: [reader('Reader A')],
    selectedReader: 'Reader A',
    status: null,
    statusLoading: false,
    error: null,
  };

  it('names each state that needs the person to do something', () => {
    expect(cardViewState({ ...base, pcscAvailable: false })).toBe('pcsc-down');
    expect(cardViewState({ ...base, readers: [] })).toBe('no-reader');
    expect(cardViewState({ ...base, readers: [reader('Reader A', false)] })).toBe('no-card');
    expect(cardViewState({ ...base, readers: [{ ...reader('Reader A'), mute: true }] })).toBe(
      'mute',
    );
    expect(cardViewState({ ...base, statusLoading: true })).toBe('reading');
    expect(cardViewState({ ...base, readersLoaded: false })).toBe('starting');
    expect(
      cardViewState({ ...base, readers: [reader('Reader A', false)], removedFrom: 'Reader A' }),
    ).toBe('removed');
    expect(
      cardViewState({ ...base, status: cardStatus({ family: 'unknown', pinChannel: 'none' }) }),
    ).toBe('unknown-card');
    expect(
      cardViewState({
        ...base,
        error: { code: 'timeout', messageKey: 'error.timeout', params: {} },
      }),
    ).toBe('error');
    expect(cardViewState({ ...base, status: cardStatus() })).toBe('ready');
  });

  it('shows the demo badge for a demo scenario or a virtual card', () => {
    expect(isDemo({ info: { ...INFO, demoScenario: 'fresh' }, status: null })).toBe(true);
    expect(isDemo({ info: INFO, status: cardStatus({ demo: true }) })).toBe(true);
    expect(isDemo({ info: INFO, status: cardStatus({ demo: false }) })).toBe(false);
  });
});

describe('small formatters', () => {
  it('pairs hex digits with colons, names key usages, decodes base64', () => {
    expect(colonHex('0a1b2c')).toBe('0A:1B:2C');
    expect(keyUsageText('nonRepudiation', 'en')).toBe('Non-repudiation');
    expect(keyUsageText('clientAuth', 'zh-TW')).toBe('用戶端身分驗證');
    expect(keyUsageText('1.2.3.4', 'en')).toBe('1.2.3.4');
    expect([...base64ToBytes('QUJD')]).toEqual([65, 66, 67]);
  });

  it('names unreadable items, one certificate by its ID', () => {
    expect(readProblemItemText('certificate:KEYX', 'en')).toBe('certificate KEYX');
    expect(readProblemItemText('cardNumber', 'zh-TW')).toBe('卡號');
    expect(readProblemItemText('somethingNew', 'en')).toBe('somethingNew');
  });
});

describe('counters after a failed attempt', () => {
  const before = { pin: secret(3), userCode: secret(5, 5) };

  it('takes the count from a wrong-secret error, for the right secret', () => {
    const pin = countersAfterError(
      { code: 'wrong-secret', messageKey: 'error.wrongPin', params: { triesLeft: 1 } },
      before,
    );
    expect(pin.pin).toMatchObject({ triesLeft: 1, lastTry: true, blocked: false });
    expect(pin.userCode).toBe(before.userCode);
    const uc = countersAfterError(
      { code: 'wrong-secret', messageKey: 'error.wrongUserCode', params: { triesLeft: 4 } },
      before,
    );
    expect(uc.userCode?.triesLeft).toBe(4);
    expect(uc.pin).toBe(before.pin);
  });

  it('leaves the counters alone for errors that are not about the secret', () => {
    expect(
      countersAfterError({ code: 'timeout', messageKey: 'error.timeout', params: {} }, before),
    ).toBe(before);
  });
});

describe('ui texts', () => {
  it('exist in both languages for every key the screens build from data', () => {
    const keys = [
      ...['moica-gen1', 'moica-gen2', 'moica-unknown', 'virtual', 'unknown'].map(
        (f) => `ui.family.${f}`,
      ),
      ...['iso', 'vendor', 'none'].map((c) => `ui.pinChannel.${c}`),
      ...['trusted', 'test-root', 'untrusted-root', 'incomplete', 'invalid'].map(
        (c) => `ui.certs.chain.${c}`,
      ),
      ...['signing', 'key-exchange', 'issuing-ca', 'root-ca', 'other'].map(
        (r) => `ui.certs.role.${r}`,
      ),
      ...[
        'not-yet-valid',
        'valid',
        'extension-window',
        'expired-extendable',
        'renewal-window',
        'expired-reapply',
      ].flatMap((s) => [`ui.expiry.status.${s}`, `ui.advice.headline.${s}`]),
      ...['verify', 'change', 'unblock'].map((k) => `ui.pin.result.${k}`),
      ...['card', 'pin', 'certs', 'expiry', 'help'].map((s) => `ui.nav.${s}`),
    ];
    for (const key of keys) {
      expect(catalogs['zh-TW'][key], key).toBeTruthy();
      expect(catalogs.en[key], key).toBeTruthy();
    }
  });

  it('never put a placeholder for a PIN or user code in a message', () => {
    for (const lang of ['zh-TW', 'en'] as const) {
      for (const [key, text] of Object.entries(catalogs[lang])) {
        if (!key.startsWith('ui.')) continue;
        expect(text, key).not.toMatch(/\{(pin|newPin|oldPin|userCode)\}/);
      }
    }
  });
});

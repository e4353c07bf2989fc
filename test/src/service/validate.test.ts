import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors';
import { CHANNELS } from '../../../src/service/contract';
import { isChannel, validateRequest } from '../../../src/service/validate';

function rejection(run: () => unknown): { code: string; messageKey: string; params: object } {
  try {
    run();
  } catch (err) {
    if (isAppError(err)) return { code: err.code, messageKey: err.messageKey, params: err.params };
    throw err;
  }
  throw new Error('expected the request to be rejected');
}

describe('IPC request validation', () => {
  it('knows every channel of the contract and nothing else', () => {
    for (const channel of CHANNELS) expect(isChannel(channel)).toBe(true);
    expect(isChannel('pin:dump')).toBe(false);
    expect(isChannel('constructor')).toBe(false);
    expect(isChannel('__proto__')).toBe(false);
    expect(() => validateRequest('toString' as never, {})).toThrow();
  });

  it('accepts well-formed requests and returns only the known fields', () => {
    expect(validateRequest('app:info', undefined)).toBeUndefined();
    expect(validateRequest('card:readers', null)).toBeUndefined();
    expect(validateRequest('card:status', { reader: 'Virtual PCD 00 00' })).toEqual({
      reader: 'Virtual PCD 00 00',
    });
    expect(validateRequest('card:advise', { reader: 'R', extended: true })).toEqual({
      reader: 'R',
      extended: true,
    });
    expect(
      validateRequest('pin:change', {
        reader: 'R',
        confirmLastTry: false,
        oldPin: '730101',
        newPin: 'Ab12cd34',
      }),
    ).toEqual({ reader: 'R', confirmLastTry: false, oldPin: '730101', newPin: 'Ab12cd34' });
    expect(
      validateRequest('pin:unblock', {
        reader: 'R',
        confirmLastTry: true,
        userCode: 'abcdef1234',
        newPin: '123456',
      }).userCode,
    ).toBe('abcdef1234');
    expect(validateRequest('cert:export', { reader: 'R', id: 'SIGN', format: 'der' })).toEqual({
      reader: 'R',
      id: 'SIGN',
      format: 'der',
    });
  });

  it('rejects a missing, empty, oversized or control-character reader name', () => {
    for (const bad of [{}, { reader: '' }, { reader: 'x'.repeat(201) }, { reader: 'a\nb' }]) {
      expect(rejection(() => validateRequest('card:status', bad))).toMatchObject({
        code: 'invalid-input',
        params: { field: 'reader' },
      });
    }
    expect(rejection(() => validateRequest('card:status', { reader: 7 })).code).toBe(
      'invalid-input',
    );
  });

  it('rejects wrong shapes: arrays, class instances, extra fields, a payload on no-arg channels', () => {
    expect(rejection(() => validateRequest('card:status', ['R'])).code).toBe('invalid-input');
    expect(rejection(() => validateRequest('card:status', new Date())).code).toBe('invalid-input');
    expect(
      rejection(() => validateRequest('card:status', { reader: 'R', apdu: '00A4' })).params,
    ).toEqual({ field: 'apdu' });
    expect(rejection(() => validateRequest('app:info', { x: 1 })).code).toBe('invalid-input');
    expect(
      rejection(() => validateRequest('cert:export', { reader: 'R', id: 'SIGN', format: 'p12' }))
        .params,
    ).toEqual({ field: 'format' });
  });

  it('requires an explicit boolean last-try confirmation on PIN operations', () => {
    expect(
      rejection(() => validateRequest('pin:verify', { reader: 'R', pin: '730101' })).params,
    ).toEqual({ field: 'confirmLastTry' });
    expect(
      rejection(() =>
        validateRequest('pin:verify', { reader: 'R', pin: '730101', confirmLastTry: 'yes' }),
      ).params,
    ).toEqual({ field: 'confirmLastTry' });
  });

  it('checks PIN and user-code format without echoing the secret', () => {
    const cases: Array<[unknown, string]> = [
      [{ reader: 'R', confirmLastTry: false, pin: '12345' }, 'pin'],
      [{ reader: 'R', confirmLastTry: false, pin: '123456789' }, 'pin'],
      [{ reader: 'R', confirmLastTry: false, pin: '12 456' }, 'pin'],
      [{ reader: 'R', confirmLastTry: false, pin: 123456 }, 'pin'],
    ];
    for (const [request, field] of cases) {
      const err = rejection(() => validateRequest('pin:verify', request));
      expect(err).toEqual({
        code: 'invalid-input',
        messageKey: 'app.error.pinFormat',
        params: { field },
      });
    }
    const err = rejection(() =>
      validateRequest('pin:unblock', {
        reader: 'R',
        confirmLastTry: false,
        userCode: 'secret-code-99',
        newPin: '123456',
      }),
    );
    expect(err.messageKey).toBe('app.error.userCodeFormat');
    expect(JSON.stringify(err)).not.toContain('secret-code-99');
  });
});

/**
 * The one PIN policy (src/card/pin-policy.ts, card-profile.md §1 and §4) and proof that
 * every layer taking a PIN or user code decides with it: one table of inputs, run through
 * the card driver, the app's IPC backend, the CLI, the page and the PKCS#11 backend, must
 * get the same accept/refuse everywhere, each layer wording a refusal with its own
 * message, and nothing may reach the card (or the module, or leave the page) when refused.
 */
import { describe, expect, it } from 'vitest';
import {
  isLastTry,
  lastTryGate,
  plainPinRefusal,
  SECRET_LIMITS,
  secretFormProblem,
  triesRefusal,
  wipe,
  withSecrets,
} from '../../../src/card/pin-policy';
import type { SecretKind } from '../../../src/core/errors';
import type { PinChannel } from '../../../src/core/model';
import { secret } from '../../src-renderer/fake-card-api';
import {
  appCaller,
  cliCaller,
  driverCaller,
  NEW_PIN,
  pageCaller,
  PIN,
  pkcs11Caller,
  secretBytes,
  USER_CODE,
  type Attempt,
  type Caller,
  type CardSetup,
  type Decision,
} from './pin-policy-callers';

const ALL: Caller[] = [driverCaller, appCaller, cliCaller, pageCaller, pkcs11Caller];
/** A MOICA card's user code is checked online (R-UNLOCK-ONLINE): no PKCS#11 path takes one. */
const USER_CODE_CALLERS: Caller[] = [driverCaller, appCaller, cliCaller, pageCaller];

const FRESH: CardSetup = { scenario: 'fresh', pinTries: 3, userCodeTries: 5 };

// ---- the table --------------------------------------------------------------------------

interface FormRow {
  what: string;
  kind: SecretKind;
  value: string;
  ok: boolean;
}

const FORM_ROWS: FormRow[] = [
  { what: 'PIN empty', kind: 'pin', value: '', ok: false },
  { what: 'PIN of 5', kind: 'pin', value: '12345', ok: false },
  { what: 'PIN of 6', kind: 'pin', value: '123456', ok: true },
  { what: 'PIN of 8', kind: 'pin', value: '12345678', ok: true },
  { what: 'PIN of 9', kind: 'pin', value: '123456789', ok: false },
  { what: 'PIN of 10 (a user code length)', kind: 'pin', value: '1234567890', ok: false },
  { what: 'PIN lower case', kind: 'pin', value: 'abcdef', ok: true },
  { what: 'PIN mixed case and digits', kind: 'pin', value: 'Ab12Cd', ok: true },
  { what: 'PIN with a symbol', kind: 'pin', value: '1234-6', ok: false },
  { what: 'PIN with a space', kind: 'pin', value: '1234 6', ok: false },
  { what: 'PIN with an accent', kind: 'pin', value: '12345é', ok: false },
  { what: 'PIN in full-width CJK', kind: 'pin', value: '七三〇一〇一', ok: false },
  { what: 'user code of 5', kind: 'userCode', value: '12345', ok: false },
  { what: 'user code of 6', kind: 'userCode', value: '123456', ok: true },
  { what: 'user code of 10', kind: 'userCode', value: '1234567890', ok: true },
  { what: 'user code of 11', kind: 'userCode', value: '12345678901', ok: false },
  { what: 'user code lower case', kind: 'userCode', value: 'abcdefgh', ok: true },
  { what: 'user code with a symbol', kind: 'userCode', value: '1234567$', ok: false },
  { what: 'user code non-ASCII', kind: 'userCode', value: '1234567ü', ok: false },
  { what: 'user code empty', kind: 'userCode', value: '', ok: false },
];

interface TriesRow {
  what: string;
  secret: SecretKind;
  tries: number;
  confirmed: boolean;
  ok: boolean;
}

const TRIES_ROWS: TriesRow[] = (['pin', 'userCode'] as const).flatMap((s) =>
  [3, 2, 1, 0].flatMap((tries) =>
    [false, true].map((confirmed) => ({
      what: `${s === 'pin' ? 'PIN' : 'user code'}, ${tries} left, ${confirmed ? '' : 'not '}confirmed`,
      secret: s,
      tries,
      confirmed,
      // §1.2: blocked is never tried; the last try only with the explicit confirmation.
      ok: tries >= 2 || (tries === 1 && confirmed),
    })),
  ),
);

interface ChannelRow {
  channel: PinChannel;
  scenario: CardSetup['scenario'];
  ok: boolean;
}

const CHANNEL_ROWS: ChannelRow[] = [
  { channel: 'iso', scenario: 'fresh', ok: true },
  { channel: 'vendor', scenario: 'vendor-gen1', ok: false },
  { channel: 'none', scenario: 'unknown-atr', ok: false },
];

// ---- how each layer words a refusal (unchanged by the policy: each keeps its texts) ---

const FORM_KEYS: Record<string, Record<SecretKind, string>> = {
  [driverCaller.name]: { pin: 'card.invalidPin', userCode: 'card.invalidUserCode' },
  [appCaller.name]: { pin: 'app.error.pinFormat', userCode: 'app.error.userCodeFormat' },
  [cliCaller.name]: { pin: 'cli.badPin', userCode: 'cli.badUserCode' },
  [pageCaller.name]: { pin: 'ui.validate.pinFormat', userCode: 'ui.validate.userCodeFormat' },
  [pkcs11Caller.name]: { pin: 'card.invalidPin', userCode: 'card.invalidUserCode' },
};
const EMPTY_KEYS: Record<SecretKind, string> = {
  pin: 'ui.validate.pinRequired',
  userCode: 'ui.validate.userCodeRequired',
};

function formKey(caller: Caller, row: FormRow): string {
  if (caller === pageCaller && row.value === '') return EMPTY_KEYS[row.kind];
  return FORM_KEYS[caller.name]![row.kind];
}

function triesKey(caller: Caller, row: TriesRow): string {
  if (row.tries > 0) return 'refused.last-try-unconfirmed';
  // The page refuses from the counter it shows; the others from the one they just read.
  if (caller === pageCaller) return 'refused.already-blocked';
  return row.secret === 'pin' ? 'error.pinBlocked' : 'error.userCodeBlocked';
}

const CHANNEL_KEYS: Record<string, Record<'vendor' | 'none', string>> = {
  [driverCaller.name]: { vendor: 'refused.vendor-card', none: 'refused.unknown-card' },
  // The app and the CLI look for the vendor's module for a MOICA card; there is none here.
  [appCaller.name]: { vendor: 'refused.vendor-module-missing', none: 'refused.unknown-card' },
  [cliCaller.name]: { vendor: 'refused.vendor-module-missing', none: 'refused.unknown-card' },
  [pageCaller.name]: { vendor: 'refused.vendor-card', none: 'refused.unknown-card' },
};

const verdict = (ok: boolean) => (ok ? 'sent' : 'refused, nothing sent');

/** CLI exit codes (cli.md): 2 bad input, 5 blocked, 6 refused by a safety rule. */
function cliExit(decision: Decision, code: number): void {
  expect(decision.exitCode).toBe(code);
}

// ---- the policy itself ------------------------------------------------------------------

describe('pin-policy', () => {
  it('states §4: PIN 6–8 and user code 6–10 characters', () => {
    expect(SECRET_LIMITS).toEqual({ pin: { min: 6, max: 8 }, userCode: { min: 6, max: 10 } });
  });

  it('names the problem, the same for the text and for its UTF-8 bytes', () => {
    const cases: Array<[SecretKind, string, ReturnType<typeof secretFormProblem>]> = [
      ['pin', '', 'empty'],
      ['pin', '12345', 'too-short'],
      ['pin', '123456789', 'too-long'],
      ['userCode', '123456789', null],
      ['pin', '12 456', 'bad-character'],
      // A character problem wins over the length: "七三〇" is 3 units but 9 bytes.
      ['pin', '七三〇', 'bad-character'],
      ['pin', 'Zz0909', null],
    ];
    for (const [kind, value, problem] of cases) {
      expect(secretFormProblem(kind, value)).toBe(problem);
      expect(secretFormProblem(kind, secretBytes(value))).toBe(problem);
    }
    // Anything that is neither text nor bytes is no secret (a hostile IPC message).
    expect(secretFormProblem('pin', 730101 as unknown as string)).toBe('bad-character');
  });

  it('allows plain PIN commands for iso cards only', () => {
    expect(plainPinRefusal('iso')).toBeNull();
    expect(plainPinRefusal('vendor')).toBe('vendor-card');
    expect(plainPinRefusal('none')).toBe('unknown-card');
  });

  it('wipes secrets however the work ends, and leaves what is not bytes alone', async () => {
    const a = Buffer.from(PIN);
    const b = new Uint8Array([0x31, 0x32]);
    await expect(
      withSecrets([a, b, null], async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect([...a, ...b].every((x) => x === 0)).toBe(true);
    const c = Buffer.from(USER_CODE);
    expect(await withSecrets([c], async () => 'done')).toBe('done');
    expect(c.every((x) => x === 0)).toBe(true);
    expect(() => wipe(undefined, null)).not.toThrow();
  });

  describe('last-try gate', () => {
    it('needs the confirmation with one try left and only then allows sending', () => {
      expect(lastTryGate(secret(1), false)).toEqual({
        needsConfirm: true,
        canSubmit: false,
        confirmLastTry: false,
      });
      expect(lastTryGate(secret(1), true)).toEqual({
        needsConfirm: true,
        canSubmit: true,
        confirmLastTry: true,
      });
    });

    it('does not ask, and never sends confirmLastTry, with more tries left', () => {
      expect(lastTryGate(secret(2), true)).toEqual({
        needsConfirm: false,
        canSubmit: true,
        confirmLastTry: false,
      });
    });

    it('follows the PKCS#11 last-try flag and blocks sending when blocked', () => {
      const flag = {
        triesLeft: null,
        maxTries: null,
        blocked: false,
        lastTry: true,
        source: 'pkcs11',
      } as const;
      expect(lastTryGate(flag, false).canSubmit).toBe(false);
      expect(lastTryGate(secret(0), true).canSubmit).toBe(false);
    });

    it('an unknown counter is no refusal, and only exactly `true` confirms', () => {
      expect(triesRefusal(null, false)).toBeNull();
      expect(isLastTry(null)).toBe(false);
      expect(triesRefusal(secret(1), 'yes' as unknown as boolean)).toBe('last-try-unconfirmed');
    });
  });
});

// ---- every caller, one table ----------------------------------------------------------

function formAttempt(row: FormRow): Attempt {
  const value = secretBytes(row.value);
  return row.kind === 'pin'
    ? { card: FRESH, operation: { name: 'verify', pin: value }, confirmLastTry: false }
    : {
        // Unblocking is for a blocked PIN: the page offers it for nothing else.
        card: { ...FRESH, pinTries: 0 },
        operation: { name: 'unblock', userCode: value, newPin: secretBytes(NEW_PIN) },
        confirmLastTry: false,
      };
}

describe('every layer applies the same form rule (card-profile.md §4)', () => {
  for (const row of FORM_ROWS) {
    it(`policy: ${row.what} → ${verdict(row.ok)}, for text and bytes`, () => {
      expect(secretFormProblem(row.kind, row.value) === null).toBe(row.ok);
      expect(secretFormProblem(row.kind, secretBytes(row.value)) === null).toBe(row.ok);
    });
  }

  for (const caller of ALL) {
    const rows = FORM_ROWS.filter((r) => r.kind === 'pin' || USER_CODE_CALLERS.includes(caller));
    for (const row of rows)
      it(`${caller.name}: ${row.what} → ${verdict(row.ok)}`, async () => {
        const decision = await caller.attempt(formAttempt(row));
        expect(decision.sent).toBe(row.ok);
        if (row.ok) {
          // Past the form check: the card (or module) judged the secret itself.
          expect(decision.messageKey).not.toBe(formKey(caller, row));
        } else {
          expect(decision.messageKey).toBe(formKey(caller, row));
          // Refused on its form: not even the tries were read.
          expect(decision.pinApdus).toBe(0);
          if (caller === cliCaller) cliExit(decision, 2);
        }
      });
  }
});

function triesAttempt(row: TriesRow): Attempt {
  return row.secret === 'pin'
    ? {
        card: { ...FRESH, pinTries: row.tries },
        operation: { name: 'verify', pin: secretBytes(PIN) },
        confirmLastTry: row.confirmed,
      }
    : {
        card: { ...FRESH, pinTries: 0, userCodeTries: row.tries },
        operation: {
          name: 'unblock',
          userCode: secretBytes(USER_CODE),
          newPin: secretBytes(NEW_PIN),
        },
        confirmLastTry: row.confirmed,
      };
}

describe('every layer applies the same tries rule (card-profile.md §1.2)', () => {
  for (const row of TRIES_ROWS) {
    it(`policy: ${row.what} → ${verdict(row.ok)}`, () => {
      const status = row.secret === 'pin' ? secret(row.tries) : secret(row.tries, 5);
      expect(triesRefusal(status, row.confirmed) === null).toBe(row.ok);
      expect(lastTryGate(status, row.confirmed).canSubmit).toBe(row.ok);
    });
  }

  for (const caller of ALL) {
    const rows = TRIES_ROWS.filter((r) => r.secret === 'pin' || USER_CODE_CALLERS.includes(caller));
    for (const row of rows)
      it(`${caller.name}: ${row.what} → ${verdict(row.ok)}`, async () => {
        const decision = await caller.attempt(triesAttempt(row));
        expect(decision.sent).toBe(row.ok);
        if (row.ok) {
          // The right secret, let through: the operation succeeded.
          expect(decision.messageKey).toBeNull();
        } else {
          expect(decision.messageKey).toBe(triesKey(caller, row));
          if (caller === cliCaller) cliExit(decision, row.tries === 0 ? 5 : 6);
        }
      });
  }
});

describe('every layer keeps plain PIN commands to iso cards (card-profile.md §1.3, §1.4)', () => {
  const verify = (scenario: CardSetup['scenario']): Attempt => ({
    card: { ...FRESH, scenario },
    operation: { name: 'verify', pin: secretBytes(PIN) },
    confirmLastTry: false,
  });

  for (const row of CHANNEL_ROWS) {
    it(`policy: pinChannel ${row.channel} → ${verdict(row.ok)}`, () => {
      expect(plainPinRefusal(row.channel) === null).toBe(row.ok);
    });
  }

  for (const caller of [driverCaller, appCaller, cliCaller, pageCaller]) {
    for (const row of CHANNEL_ROWS)
      it(`${caller.name}: pinChannel ${row.channel} → ${verdict(row.ok)}`, async () => {
        const decision = await caller.attempt(verify(row.scenario));
        expect(decision.sent).toBe(row.ok);
        if (row.ok) {
          expect(decision.messageKey).toBeNull();
        } else {
          expect(decision.messageKey).toBe(CHANNEL_KEYS[caller.name]![row.channel as 'vendor']);
          // Not one INS 20/24/2C, not even the empty VERIFY that reads the tries.
          expect(decision.pinApdus).toBe(0);
          if (caller === cliCaller) cliExit(decision, 6);
        }
      });
  }

  it('a MOICA card with its vendor module: the PIN goes to the module, never to the card', async () => {
    const decision = await pkcs11Caller.attempt(verify('vendor-gen1'));
    expect(decision.sent).toBe(true);
    expect(decision.messageKey).toBeNull();
    expect(decision.pinApdus).toBe(0);
  });
});

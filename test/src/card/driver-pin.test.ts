import { describe, expect, it } from 'vitest';
import { CardDriver } from '../../../src/card';
import type { ApduTraceEvent } from '../../../src/card/apdu';
import {
  InvalidInputError,
  PinOperationRefused,
  SecretBlockedError,
  WrongSecretError,
} from '../../../src/core/errors';
import { ATR, fakeTransport, type FakeCardOptions } from './fake-card';
import { standardFiles } from './card-image';

const PIN_INS = [0x20, 0x24, 0x2c];
const secret = (s: string) => Buffer.from(s, 'latin1');
const zeroed = (b: Buffer) => b.every((x) => x === 0);
const ok = { confirmLastTry: false };

function setup(opts: FakeCardOptions = {}) {
  const trace: ApduTraceEvent[] = [];
  const transport = fakeTransport({ files: standardFiles(), ...opts });
  const driver = new CardDriver(transport, { trace: (e) => trace.push(e) });
  return { transport, driver, trace };
}

/** Commands with INS 20/24/2C that carry data: the ones that spend a try. */
const spending = (sent: Buffer[]) => sent.filter((c) => PIN_INS.includes(c[1]!) && c.length > 5);

describe('reading tries without spending one', () => {
  it('reads PIN and user-code counters with an empty VERIFY', async () => {
    const { transport, driver } = setup({
      pin: { value: '730101', tries: 2 },
      userCode: { value: '12345678', tries: 4 },
    });
    expect(await driver.readPinStatus()).toEqual({
      triesLeft: 2,
      maxTries: 3,
      blocked: false,
      lastTry: false,
      source: 'card',
    });
    expect(await driver.readUserCodeStatus()).toEqual({
      triesLeft: 4,
      maxTries: 5,
      blocked: false,
      lastTry: false,
      source: 'card',
    });
    expect(transport.log.filter((c) => c.slice(2, 4) === '20')).toEqual(['00200001', '00200002']);
    expect(transport.card.pinTries).toBe(2);
  });

  it('flags the last try and a blocked counter (6983)', async () => {
    expect(
      await setup({ pin: { value: '730101', tries: 1 } }).driver.readPinStatus(),
    ).toMatchObject({
      triesLeft: 1,
      lastTry: true,
      blocked: false,
    });
    expect(
      await setup({ pin: { value: '730101', tries: 0 } }).driver.readPinStatus(),
    ).toMatchObject({
      triesLeft: 0,
      blocked: true,
      lastTry: false,
    });
  });

  it('reads 63C0 as blocked and 9000 (verified since reset) as a full counter', async () => {
    const zero = setup({ intercept: (c) => (c[1] === 0x20 ? '63C0' : undefined) });
    expect(await zero.driver.readPinStatus()).toMatchObject({ triesLeft: 0, blocked: true });
    const verified = setup({ intercept: (c) => (c[1] === 0x20 ? '9000' : undefined) });
    expect(await verified.driver.readPinStatus()).toMatchObject({ triesLeft: 3, blocked: false });
  });

  it('turns any other answer into a card error naming the status word', async () => {
    const { driver } = setup({ intercept: (c) => (c[1] === 0x20 ? '6A88' : undefined) });
    await expect(driver.readPinStatus()).rejects.toMatchObject({ code: 'card-error', sw: 0x6a88 });
  });

  it('uses the CLA the probe found', async () => {
    const { transport, driver } = setup({ clas: [0x80] });
    await driver.readPinStatus();
    expect(transport.log.at(-1)).toBe('80200001');
  });
});

describe('PIN operations', () => {
  it('verifies: tries first, then the PIN padded with FF to 8 bytes, in a resetting transaction', async () => {
    const { transport, driver } = setup();
    await driver.verifyPin(secret('730101'), ok);
    expect(transport.log.slice(-2)).toEqual(['00200001', '0020000108373330313031FFFF']);
    expect(transport.transactions).toEqual([{ reset: true }]);
    // The transport reset the card: nothing stays verified.
    expect(transport.card.verified).toBe(false);
  });

  it('reports a wrong PIN with the tries left, and 63C0 as just blocked', async () => {
    const { transport, driver } = setup({ pin: { value: '730101', tries: 3 } });
    const wrong = await driver.verifyPin(secret('111111'), ok).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(WrongSecretError);
    expect(wrong).toMatchObject({ secret: 'pin', triesLeft: 2 });
    await driver.verifyPin(secret('111111'), ok).catch(() => undefined);
    // One try left now: without confirmation nothing with data goes out.
    const before = spending(transport.sent).length;
    await expect(driver.verifyPin(secret('111111'), ok)).rejects.toMatchObject({
      reason: 'last-try-unconfirmed',
    });
    expect(spending(transport.sent)).toHaveLength(before);
    const blocked = await driver
      .verifyPin(secret('111111'), { confirmLastTry: true })
      .catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(SecretBlockedError);
    expect(blocked).toMatchObject({ secret: 'pin', justBlocked: true });
  });

  it('refuses the last try without confirmation, before any data goes out', async () => {
    const { transport, driver } = setup({ pin: { value: '730101', tries: 1 } });
    const err = await driver.verifyPin(secret('730101'), ok).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PinOperationRefused);
    expect(err).toMatchObject({ reason: 'last-try-unconfirmed', code: 'refused' });
    expect(spending(transport.sent)).toEqual([]);
    expect(transport.card.pinTries).toBe(1);
    // A missing options object is no confirmation either.
    await expect(
      driver.verifyPin(secret('730101'), undefined as unknown as { confirmLastTry: boolean }),
    ).rejects.toMatchObject({ reason: 'last-try-unconfirmed' });
    expect(spending(transport.sent)).toEqual([]);
  });

  it('spends the last try when confirmed', async () => {
    const { transport, driver } = setup({ pin: { value: '730101', tries: 1 } });
    await driver.verifyPin(secret('730101'), { confirmLastTry: true });
    expect(spending(transport.sent)).toHaveLength(1);
    expect(transport.card.pinTries).toBe(3);
  });

  it('stops at a blocked PIN without sending it', async () => {
    const { transport, driver } = setup({ pin: { value: '730101', tries: 0 } });
    const err = await driver
      .verifyPin(secret('730101'), { confirmLastTry: true })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretBlockedError);
    expect(err).toMatchObject({ secret: 'pin', justBlocked: false });
    expect(spending(transport.sent)).toEqual([]);
  });

  it('maps 6983 in answer to a PIN to blocked, and other answers to card errors', async () => {
    const blocked = setup({
      intercept: (c) => (c[1] === 0x20 && c.length > 5 ? '6983' : undefined),
    });
    await expect(blocked.driver.verifyPin(secret('730101'), ok)).rejects.toBeInstanceOf(
      SecretBlockedError,
    );
    const odd = setup({ intercept: (c) => (c[1] === 0x20 && c.length > 5 ? '6985' : undefined) });
    await expect(odd.driver.verifyPin(secret('730101'), ok)).rejects.toMatchObject({
      code: 'card-error',
      sw: 0x6985,
    });
  });

  it('changes the PIN: 00 24 00 01 10 <old><new>', async () => {
    const { transport, driver } = setup();
    await driver.changePin(secret('730101'), secret('abc12345'), ok);
    expect(transport.log.at(-1)).toBe('0024000110373330313031FFFF6162633132333435');
    expect(transport.card.pinValue).toBe('abc12345');
    expect(transport.transactions.at(-1)).toEqual({ reset: true });
  });

  it('guards a change like a verify: the old PIN is counted', async () => {
    const { transport, driver } = setup({ pin: { value: '730101', tries: 1 } });
    await expect(driver.changePin(secret('730101'), secret('999999'), ok)).rejects.toMatchObject({
      reason: 'last-try-unconfirmed',
    });
    expect(spending(transport.sent)).toEqual([]);
    const wrong = setup();
    await expect(
      wrong.driver.changePin(secret('000000'), secret('999999'), ok),
    ).rejects.toMatchObject({
      triesLeft: 2,
    });
  });

  it('unblocks: 00 2C 00 01 12 <user code padded to 10><new PIN padded to 8>', async () => {
    const { transport, driver } = setup({ pin: { value: '730101', tries: 0 } });
    await driver.unblockPin(secret('12345678'), secret('654321'), ok);
    expect(transport.log.slice(-2)).toEqual([
      '00200002',
      '002C0001123132333435363738FFFF363534333231FFFF',
    ]);
    expect(transport.card.pinTries).toBe(3);
    expect(transport.card.pinValue).toBe('654321');
  });

  it('guards an unblock with the user-code counter', async () => {
    const last = setup({ userCode: { value: '12345678', tries: 1 } });
    await expect(
      last.driver.unblockPin(secret('12345678'), secret('654321'), ok),
    ).rejects.toMatchObject({
      reason: 'last-try-unconfirmed',
    });
    expect(spending(last.transport.sent)).toEqual([]);
    const blocked = setup({ userCode: { value: '12345678', tries: 0 } });
    const err = await blocked.driver
      .unblockPin(secret('12345678'), secret('654321'), { confirmLastTry: true })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'secret-blocked', secret: 'userCode' });
    expect(spending(blocked.transport.sent)).toEqual([]);
    const wrong = setup();
    await expect(
      wrong.driver.unblockPin(secret('87654321'), secret('654321'), ok),
    ).rejects.toMatchObject({
      secret: 'userCode',
      triesLeft: 4,
    });
    const lastWrong = setup({ userCode: { value: '12345678', tries: 1 } });
    await expect(
      lastWrong.driver.unblockPin(secret('87654321'), secret('654321'), { confirmLastTry: true }),
    ).rejects.toMatchObject({ secret: 'userCode', justBlocked: true });
  });

  it('uses CLA 80 for every PIN command on a card that only answers CLA 80', async () => {
    const { transport, driver } = setup({ clas: [0x80] });
    await driver.verifyPin(secret('730101'), ok);
    expect(transport.log.slice(-2)).toEqual(['80200001', '8020000108373330313031FFFF']);
  });
});

describe('input validation happens before any APDU', () => {
  const cases: Array<[string, (d: CardDriver) => Promise<void>, string]> = [
    ['PIN too short', (d) => d.verifyPin(secret('12345'), ok), 'card.invalidPin'],
    ['PIN too long', (d) => d.verifyPin(secret('123456789'), ok), 'card.invalidPin'],
    ['PIN not alphanumeric', (d) => d.verifyPin(secret('1234 6'), ok), 'card.invalidPin'],
    ['PIN non-ASCII', (d) => d.verifyPin(Buffer.from('12345é', 'utf8'), ok), 'card.invalidPin'],
    ['new PIN bad', (d) => d.changePin(secret('730101'), secret('12'), ok), 'card.invalidNewPin'],
    ['old PIN bad', (d) => d.changePin(secret('7301'), secret('123456'), ok), 'card.invalidPin'],
    [
      'user code too long',
      (d) => d.unblockPin(secret('12345678901'), secret('123456'), ok),
      'card.invalidUserCode',
    ],
    [
      'user code too short',
      (d) => d.unblockPin(secret('12345'), secret('123456'), ok),
      'card.invalidUserCode',
    ],
  ];
  for (const [name, run, key] of cases) {
    it(name, async () => {
      const { transport, driver } = setup();
      const err = await run(driver).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidInputError);
      expect(err).toMatchObject({ messageKey: key, code: 'invalid-input' });
      expect(transport.sent).toEqual([]);
    });
  }

  it('accepts 10-character user codes and 8-character PINs', async () => {
    const { transport, driver } = setup({ userCode: { value: 'AbCdE12345', tries: 5 } });
    await driver.unblockPin(secret('AbCdE12345'), secret('Zz345678'), ok);
    expect(transport.log.at(-1)).toBe(
      '002C000112' + Buffer.from('AbCdE12345Zz345678').toString('hex').toUpperCase(),
    );
  });
});

describe('cards that must never get a PIN command', () => {
  const vendor: Array<[string, Buffer]> = [
    ['moica-gen1', ATR.gen1],
    ['moica-gen2', ATR.gen2],
    ['moica-unknown', ATR.moicaUnknown],
  ];
  for (const [family, atr] of vendor) {
    it(`${family}: refuses every PIN operation and sends nothing at all`, async () => {
      const { transport, driver } = setup({
        atr,
        clas: [0x80, 0x00],
        gen2Applet: family === 'moica-gen2',
      });
      const ops = [
        () => driver.verifyPin(secret('730101'), { confirmLastTry: true }),
        () => driver.changePin(secret('730101'), secret('123456'), { confirmLastTry: true }),
        () => driver.unblockPin(secret('12345678'), secret('123456'), { confirmLastTry: true }),
      ];
      for (const op of ops) {
        await expect(op()).rejects.toMatchObject({ reason: 'vendor-card', code: 'refused' });
      }
      expect(await driver.readPinStatus()).toBeNull();
      expect(await driver.readUserCodeStatus()).toBeNull();
      expect(transport.sent).toEqual([]);
      // Reading everything still sends no INS 20/24/2C, not even an empty VERIFY.
      const summary = await driver.readCardSummary();
      expect(summary.pin).toBeNull();
      expect(summary.userCode).toBeNull();
      expect(transport.insList.filter((i) => PIN_INS.includes(i))).toEqual([]);
    });
  }

  it('unknown card: read-only, PIN operations refused as unknown-card', async () => {
    const { transport, driver } = setup({ atr: ATR.other });
    await expect(driver.verifyPin(secret('730101'), ok)).rejects.toMatchObject({
      reason: 'unknown-card',
    });
    await expect(driver.unblockPin(secret('12345678'), secret('730101'), ok)).rejects.toMatchObject(
      {
        reason: 'unknown-card',
      },
    );
    expect(transport.sent).toEqual([]);
    const summary = await driver.readCardSummary();
    expect(summary.identity).toMatchObject({ family: 'unknown', pinChannel: 'none' });
    expect(summary.certificates).toHaveLength(4);
    expect(summary.pin).toBeNull();
    expect(transport.insList.filter((i) => PIN_INS.includes(i))).toEqual([]);
  });

  it('refuses before validating, so a vendor card never even hears a well-formed PIN', async () => {
    const { transport, driver } = setup({ atr: ATR.gen1 });
    await expect(driver.verifyPin(secret('1'), ok)).rejects.toBeInstanceOf(PinOperationRefused);
    expect(transport.sent).toEqual([]);
  });
});

describe('secrets are wiped and never traced', () => {
  it('zeroes the caller’s Buffers after success, wrong PIN, refusal and bad input', async () => {
    const runs: Array<
      [FakeCardOptions, (d: CardDriver, bufs: Buffer[]) => Promise<void>, string[]]
    > = [
      [{}, (d, [a]) => d.verifyPin(a!, ok), ['730101']],
      [{}, (d, [a]) => d.verifyPin(a!, ok), ['999999']],
      [{ pin: { value: '730101', tries: 1 } }, (d, [a]) => d.verifyPin(a!, ok), ['730101']],
      [{ atr: ATR.gen1 }, (d, [a, b]) => d.changePin(a!, b!, ok), ['730101', '123456']],
      [{}, (d, [a, b]) => d.changePin(a!, b!, ok), ['730101', 'x']],
      [{}, (d, [a, b]) => d.changePin(a!, b!, ok), ['730101', '123456']],
      [
        { pin: { value: '730101', tries: 0 } },
        (d, [a, b]) => d.unblockPin(a!, b!, ok),
        ['12345678', '654321'],
      ],
      [
        { userCode: { value: '12345678', tries: 0 } },
        (d, [a, b]) => d.unblockPin(a!, b!, ok),
        ['12345678', '654321'],
      ],
    ];
    for (const [opts, run, values] of runs) {
      const { driver } = setup(opts);
      const bufs = values.map(secret);
      await run(driver, bufs).catch(() => undefined);
      for (const b of bufs)
        expect(zeroed(b), `${values.join('/')} ${JSON.stringify(opts)}`).toBe(true);
    }
  });

  it('zeroes the data field of every APDU it built with a secret', async () => {
    const { transport, driver } = setup();
    await driver.changePin(secret('730101'), secret('abc12345'), ok);
    await driver.verifyPin(secret('000000'), ok).catch(() => undefined);
    const withData = transport.handed.filter((c) => PIN_INS.includes(c[1]!) && c.length > 5);
    expect(withData).toHaveLength(2);
    for (const c of withData) expect(zeroed(c.subarray(5))).toBe(true);
  });

  it('traces PIN and user-code bytes as ** and nothing else of them', async () => {
    const { driver, trace } = setup({ pin: { value: '730101', tries: 0 } });
    await driver.unblockPin(secret('12345678'), secret('654321'), ok);
    await driver.verifyPin(secret('654321'), ok);
    await driver.changePin(secret('654321'), secret('Abc999'), ok);
    const commands = trace.filter((e) => e.direction === 'command').map((e) => e.hex);
    const secretCommands = commands.filter((h) => /^00 (20|24|2C) 00 0[12] [0-9A-F]{2} /.test(h));
    expect(secretCommands).toEqual([
      '00 2C 00 01 12 ' + Array(18).fill('**').join(' '),
      '00 20 00 01 08 ' + Array(8).fill('**').join(' '),
      '00 24 00 01 10 ' + Array(16).fill('**').join(' '),
    ]);
    const everything = trace.map((e) => e.hex.replace(/ /g, '')).join('|');
    for (const s of ['12345678', '654321', 'Abc999']) {
      expect(everything).not.toContain(Buffer.from(s).toString('hex').toUpperCase());
    }
  });

  it('never puts a secret into an error message', async () => {
    const { driver } = setup();
    const err = (await driver.verifyPin(secret('Zq9999'), ok).catch((e: unknown) => e)) as Error;
    expect(JSON.stringify({ m: err.message, p: (err as WrongSecretError).params })).not.toMatch(
      /Zq9999|5A71/,
    );
  });
});

/**
 * The driver's signature (card-profile.md §6) on the virtual card: the APDUs in order, the
 * safety rules of §1 unchanged (they are verifyPin's), the reset afterwards, and each
 * failing step named.
 */
import { randomBytes, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SigningStepError, sha256DigestInfo } from '../../../src/card/signing';
import {
  PinOperationRefused,
  SecretBlockedError,
  WrongSecretError,
} from '../../../src/core/errors';
import { CardDriver } from '../../../src/card';
import { standardFiles } from './card-image';
import { fakeTransport } from './fake-card';
import { parseDer, rig, secret, spendingCommands } from './virtual-card-helpers';

const no = { confirmLastTry: false };
const yes = { confirmLastTry: true };
const hex = (b: Buffer) => b.toString('hex').toUpperCase();
const padded = (s: string) => {
  const b = Buffer.alloc(8, 0xff);
  b.write(s, 'latin1');
  return b.toString('hex').toUpperCase();
};

describe('signing with the card (card-profile.md §6)', () => {
  it('fresh: reads the tries, verifies, chooses key 01, signs; the signing certificate verifies it; nothing stays verified', async () => {
    const { card, driver, transport } = await rig('fresh');
    // A copy of each command as it left: the driver wipes the PIN bytes once they are sent.
    const sent: string[] = [];
    const transmit = transport.transmit.bind(transport);
    transport.transmit = (command) => {
      sent.push(hex(command));
      return transmit(command);
    };
    const challenge = randomBytes(32);
    const digestInfo = sha256DigestInfo(challenge);
    const pin = secret('730101');
    const signature = await driver.signDigestInfo(pin, digestInfo, no);
    expect(signature.length).toBe(256);
    expect(
      verify('sha256', challenge, parseDer(card.certificates.signing).publicKey, signature),
    ).toBe(true);
    const tail = sent.slice(-4);
    expect(tail).toEqual([
      '00200001',
      '0020000108' + padded('730101'),
      '002241B606800102840101',
      '002A9E9A33' + hex(digestInfo) + '00',
    ]);
    // What the card keeps of it (for tests only) never holds the PIN.
    expect(hex(card.received.at(-3)!)).toBe('0020000108' + '2A'.repeat(8));
    expect(card.verified).toBe(false);
    expect(pin.every((b) => b === 0)).toBe(true);
  });

  it('t0: the signature comes back through GET RESPONSE, whole', async () => {
    const { card, driver } = await rig('t0');
    const challenge = randomBytes(32);
    const signature = await driver.signDigestInfo(
      secret('730101'),
      sha256DigestInfo(challenge),
      no,
    );
    expect(
      verify('sha256', challenge, parseDer(card.certificates.signing).publicKey, signature),
    ).toBe(true);
    expect(hex(card.received.at(-1)!)).toBe('00C0000000');
  });

  it('gen1-cla80: every APDU of the signature uses the CLA the probe found', async () => {
    const { card, driver } = await rig('gen1-cla80');
    await driver.signDigestInfo(secret('730101'), sha256DigestInfo(randomBytes(8)), no);
    const signing = card.received.filter((c) => c[1] === 0x22 || c[1] === 0x2a);
    expect(signing.map((c) => c[0])).toEqual([0x80, 0x80]);
  });

  it('a wrong PIN stops before the key is chosen: WrongSecretError, one try spent', async () => {
    const { card, driver } = await rig('fresh');
    const err = await driver
      .signDigestInfo(secret('111111'), sha256DigestInfo(randomBytes(8)), no)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WrongSecretError);
    expect(card.pinTriesLeft).toBe(2);
    expect(card.received.some((c) => c[1] === 0x22 || c[1] === 0x2a)).toBe(false);
  });

  it('one-try-left: refused without confirmation, nothing with the PIN sent; with it, signs', async () => {
    const { card, driver } = await rig('one-try-left');
    const err = await driver
      .signDigestInfo(secret('730101'), sha256DigestInfo(randomBytes(8)), no)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PinOperationRefused);
    expect(err).toMatchObject({ reason: 'last-try-unconfirmed' });
    expect(spendingCommands(card)).toEqual([]);
    const signature = await driver.signDigestInfo(
      secret('730101'),
      sha256DigestInfo(randomBytes(8)),
      yes,
    );
    expect(signature.length).toBe(256);
  });

  it('locked: never tried, not even with confirmation', async () => {
    const { card, driver } = await rig('locked');
    await expect(
      driver.signDigestInfo(secret('730101'), sha256DigestInfo(randomBytes(8)), yes),
    ).rejects.toBeInstanceOf(SecretBlockedError);
    expect(spendingCommands(card)).toEqual([]);
  });

  it('sign-refused: the signing step fails with the card status word, the PIN was right', async () => {
    const { card, driver } = await rig('sign-refused');
    const err = await driver
      .signDigestInfo(secret('730101'), sha256DigestInfo(randomBytes(8)), no)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SigningStepError);
    expect(err).toMatchObject({ step: 'sign', code: 'card-error', failure: { sw: 0x6985 } });
    expect(card.pinTriesLeft).toBe(3);
    expect(card.verified).toBe(false);
  });

  it('names the step a card refuses: 6A88 to MSE SET is the key, 6982 to PSO or no signature is signing', async () => {
    const cases: Array<[string, (c: Buffer) => string | undefined, string, number | null]> = [
      ['no such key', (c) => (c[1] === 0x22 ? '6A88' : undefined), 'key', 0x6a88],
      [
        'not verified',
        (c) => (c[1] === 0x2a ? '6982' : c[1] === 0x22 ? '9000' : undefined),
        'sign',
        0x6982,
      ],
      [
        'no data',
        (c) => (c[1] === 0x2a ? '9000' : c[1] === 0x22 ? '9000' : undefined),
        'sign',
        null,
      ],
    ];
    for (const [what, intercept, step, sw] of cases) {
      const transport = fakeTransport({ files: standardFiles(), intercept });
      const driver = new CardDriver(transport);
      const err = await driver
        .signDigestInfo(secret('730101'), sha256DigestInfo(randomBytes(8)), no)
        .catch((e: unknown) => e);
      expect(err, what).toBeInstanceOf(SigningStepError);
      expect(err, what).toMatchObject({ step });
      if (sw !== null) expect((err as SigningStepError).failure, what).toMatchObject({ sw });
      // The card was reset afterwards, whatever failed.
      expect(transport.transactions.at(-1), what).toEqual({ reset: true });
    }
  });

  it('vendor and unknown cards get no signing APDU at all (refused from the ATR)', async () => {
    for (const scenario of ['vendor-gen1', 'unknown-atr'] as const) {
      const { card, driver } = await rig(scenario);
      await expect(
        driver.signDigestInfo(secret('730101'), sha256DigestInfo(randomBytes(8)), yes),
      ).rejects.toBeInstanceOf(PinOperationRefused);
      expect(card.received.filter((c) => [0x20, 0x22, 0x2a].includes(c[1]!))).toEqual([]);
    }
  });

  it('a malformed PIN is refused before any APDU (invalid input) and still zeroed', async () => {
    const { card, driver } = await rig('fresh');
    const pin = secret('12');
    await expect(
      driver.signDigestInfo(pin, sha256DigestInfo(randomBytes(8)), no),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    expect(card.received).toEqual([]);
    expect(pin.every((b) => b === 0)).toBe(true);
  });
});

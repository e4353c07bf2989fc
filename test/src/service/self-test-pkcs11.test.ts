/**
 * The signature self-test of a MOICA card goes through the vendor's PKCS#11 module
 * (C_Login, C_Sign with CKM_SHA256_RSA_PKCS, C_Logout), never through the card's APDUs.
 * Tested with a real module, SoftHSM2, through the worker process: two MOICA-family virtual
 * cards, each paired with a token by its label. The first token holds the key that belongs
 * to the card's signing certificate, the second another key under the same ID.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardDriver } from '../../../src/card';
import type { CardCertificate } from '../../../src/core/model';
import { selfTestCard } from '../../../src/service/self-test';
import type { PinBackendOptions } from '../../../src/sources/pin-backend';
import { createVirtualSource, type VirtualCardSource } from '../../../src/sources/virtual-source';
import { loadTestKey } from '../../../src/virtual-card/keys';
import { createSoftHsm, matchByLabel, type SoftHsm } from '../../helpers/softhsm';

const now = () => new Date('2026-03-10T04:00:00Z');
const PIN = '730101';
const GOOD = { reader: 'Vendor reader 00 00', number: 'TP03000012345678' };
const BROKEN = { reader: 'Vendor reader 01 00', number: 'TP03000012340000' };
const NO_KEY = { reader: 'Vendor reader 02 00', number: 'TP03000012341111' };
const EMPTY = { reader: 'Vendor reader 03 00', number: 'TP03000012342222' };
const SIGN_ID = Buffer.from('SIGN', 'ascii');

let hsm: SoftHsm;
let source: VirtualCardSource;

const options = (): PinBackendOptions => ({
  pkcs11: { modulePath: hsm.module, matchSlot: matchByLabel, client: { env: hsm.env } },
});

async function certificatesIn(reader: string): Promise<CardCertificate[]> {
  return source.withCard(reader, (t) => new CardDriver(t).readCertificates());
}

/** A token for the card in `reader`, holding its certificates and, maybe, a key under SIGN. */
async function tokenFor(
  card: { reader: string; number: string },
  key: 'holder-signing' | 'holder-key-exchange' | null,
) {
  hsm.initToken(card.number, PIN);
  const certs = await certificatesIn(card.reader);
  hsm.addCertificates(
    card.number,
    PIN,
    certs.map((c) => ({ label: c.label, id: Buffer.from(c.id, 'ascii'), der: c.der })),
  );
  if (key) {
    hsm.addPrivateKey(card.number, PIN, { id: SIGN_ID, privateKey: loadTestKey(key).privateKey });
  }
}

function run(card: { reader: string }, pin = PIN, confirmLastTry = false) {
  const reader = source.readers().find((r) => r.name === card.reader)!;
  return selfTestCard(source, reader, Buffer.from(pin, 'latin1'), {
    confirmLastTry,
    pinBackends: options(),
  });
}

beforeAll(async () => {
  hsm = createSoftHsm();
  const slot = (card: { reader: string; number: string }) => ({
    reader: card.reader,
    card: {
      scenario: 'vendor-gen1' as const,
      now,
      holder: { cardNumber: card.number },
      recordCommands: 10_000,
    },
  });
  source = await createVirtualSource([slot(GOOD), slot(BROKEN), slot(NO_KEY), slot(EMPTY)], {
    now,
  });
  await tokenFor(GOOD, 'holder-signing');
  await tokenFor(BROKEN, 'holder-key-exchange');
  await tokenFor(NO_KEY, null);
  // A token for the card's number that holds nothing (another card's token, renamed...).
  hsm.initToken(EMPTY.number, PIN);
}, 60_000);

afterAll(async () => {
  await source?.close();
  hsm?.cleanup();
});

/** The MOICA-family card must never see a signing or PIN APDU: the module does it all. */
function cardApdus(reader: string): number[] {
  return source
    .cardIn(reader)!
    .received.map((c) => c[1]!)
    .filter((ins) => [0x20, 0x22, 0x24, 0x2a, 0x2c].includes(ins));
}

describe('signature self-test through PKCS#11 (SoftHSM2)', () => {
  it('a token whose key matches the signing certificate: passes', async () => {
    const result = await run(GOOD);
    expect(result).toMatchObject({
      ok: true,
      failedStep: null,
      via: 'pkcs11',
      certificate: { id: 'SIGN' },
      signatureBytes: 256,
      pin: { source: 'pkcs11', blocked: false },
    });
    expect(cardApdus(GOOD.reader)).toEqual([]);
  }, 30_000);

  it('a token whose key does not match: the module signs, the certificate does not verify it', async () => {
    const result = await run(BROKEN);
    expect(result).toMatchObject({
      ok: false,
      failedStep: 'verify',
      via: 'pkcs11',
      error: { messageKey: 'selftest.signatureMismatch' },
    });
    expect(cardApdus(BROKEN.reader)).toEqual([]);
  }, 30_000);

  it('a token without a private key for the certificate: fails at "key" after the PIN', async () => {
    const result = await run(NO_KEY);
    expect(result).toMatchObject({
      ok: false,
      failedStep: 'key',
      error: { code: 'pkcs11-module', messageKey: 'pkcs11.error.sign.private-key' },
    });
  }, 30_000);

  it('a token without the signing certificate: fails at "key" before the PIN is checked', async () => {
    // A wrong PIN, and yet the answer is about the key: C_Login was never called.
    const result = await run(EMPTY, '999999');
    expect(result).toMatchObject({
      ok: false,
      failedStep: 'key',
      error: { messageKey: 'pkcs11.error.sign.certificate' },
    });
  }, 30_000);

  it('a wrong PIN fails at "pin" (C_Login), and the token flags say one was wrong', async () => {
    const result = await run(GOOD, '999999');
    expect(result).toMatchObject({
      ok: false,
      failedStep: 'pin',
      error: { code: 'wrong-secret' },
      pin: { source: 'pkcs11', blocked: false },
    });
    // A right PIN afterwards passes again (SoftHSM2 resets its count).
    expect((await run(GOOD)).ok).toBe(true);
  }, 30_000);
});

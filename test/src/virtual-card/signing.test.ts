/** The virtual card's side of card-profile.md §6: choosing a key, signing a DigestInfo. */
import { createHash, randomBytes, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createVirtualCard,
  VIRTUAL_CARD_DEFAULTS,
  type VirtualCard,
} from '../../../src/virtual-card';
import { SHA256_DIGEST_INFO_PREFIX } from '../../../src/virtual-card/signing';
import { hex, send, verifyApdu } from './helpers';

const PIN = VIRTUAL_CARD_DEFAULTS.pin;
const MSE_SIGNING = '00 22 41 B6 06 80 01 02 84 01 01';
const MSE_KEY_EXCHANGE = '00 22 41 B6 06 80 01 02 84 01 02';

function digestInfo(challenge: Buffer): Buffer {
  return Buffer.concat([
    SHA256_DIGEST_INFO_PREFIX,
    createHash('sha256').update(challenge).digest(),
  ]);
}

const pso = (data: Buffer): Buffer =>
  Buffer.concat([hex('00 2A 9E 9A'), Buffer.from([data.length]), data, Buffer.from([0x00])]);

/** The public key of one of the card's own certificates, as a verifier takes it. */
function certKey(card: VirtualCard, certificate: 'signing' | 'keyExchange'): KeyObject {
  return new X509Certificate(card.certificates[certificate]).publicKey;
}

describe('signing on the virtual card (card-profile.md §6)', () => {
  it('signs a SHA-256 DigestInfo with the signing key after VERIFY and MSE SET: the signing certificate verifies it', async () => {
    const card = await createVirtualCard();
    const challenge = randomBytes(32);
    expect((await send(card, verifyApdu(PIN))).sw).toBe('9000');
    expect((await send(card, MSE_SIGNING)).sw).toBe('9000');
    const r = await send(card, pso(digestInfo(challenge)));
    expect(r.sw).toBe('9000');
    expect(r.data.length).toBe(256);
    expect(verify('sha256', challenge, certKey(card, 'signing'), r.data)).toBe(true);
    expect(verify('sha256', challenge, certKey(card, 'keyExchange'), r.data)).toBe(false);
  });

  it('key reference 02 signs with the key-exchange key', async () => {
    const card = await createVirtualCard();
    const challenge = randomBytes(32);
    await send(card, verifyApdu(PIN));
    expect((await send(card, MSE_KEY_EXCHANGE)).sw).toBe('9000');
    const r = await send(card, pso(digestInfo(challenge)));
    expect(verify('sha256', challenge, certKey(card, 'keyExchange'), r.data)).toBe(true);
  });

  it('answers 6982 without a verified PIN, and forgets the PIN and the key on reset', async () => {
    const card = await createVirtualCard();
    expect((await send(card, MSE_SIGNING)).sw).toBe('9000');
    expect((await send(card, pso(digestInfo(randomBytes(8))))).sw).toBe('6982');
    await send(card, verifyApdu(PIN));
    card.reset();
    // No key chosen any more: 6985 comes before the PIN check.
    expect((await send(card, pso(digestInfo(randomBytes(8))))).sw).toBe('6985');
    await send(card, MSE_SIGNING);
    expect((await send(card, pso(digestInfo(randomBytes(8))))).sw).toBe('6982');
  });

  it('answers 6A88 to a key that does not exist and 6A80 to data that is not a SHA-256 DigestInfo', async () => {
    const card = await createVirtualCard();
    await send(card, verifyApdu(PIN));
    expect((await send(card, '00 22 41 B6 06 80 01 02 84 01 03')).sw).toBe('6A88');
    await send(card, MSE_SIGNING);
    expect((await send(card, pso(randomBytes(51)))).sw).toBe('6A80');
    expect((await send(card, pso(createHash('sha256').update('x').digest()))).sw).toBe('6A80');
    // Still verified: a refused PSO spends nothing.
    expect(card.verified).toBe(true);
  });

  it('on T=0 hands the signature out as 6100 and GET RESPONSE', async () => {
    const card = await createVirtualCard({ scenario: 't0' });
    const challenge = randomBytes(32);
    await send(card, verifyApdu(PIN));
    await send(card, MSE_SIGNING);
    expect((await send(card, pso(digestInfo(challenge)))).sw).toBe('6100');
    const r = await send(card, '00 C0 00 00 00');
    expect(r.sw).toBe('9000');
    expect(verify('sha256', challenge, certKey(card, 'signing'), r.data)).toBe(true);
  });

  it('sign-broken signs with a key its signing certificate does not verify', async () => {
    const card = await createVirtualCard({ scenario: 'sign-broken' });
    const challenge = randomBytes(32);
    await send(card, verifyApdu(PIN));
    await send(card, MSE_SIGNING);
    const r = await send(card, pso(digestInfo(challenge)));
    expect(r.sw).toBe('9000');
    expect(r.data.length).toBe(256);
    expect(verify('sha256', challenge, certKey(card, 'signing'), r.data)).toBe(false);
  });

  it('sign-refused answers 6985 to every PSO, verified or not', async () => {
    const card = await createVirtualCard({ scenario: 'sign-refused' });
    await send(card, MSE_SIGNING);
    expect((await send(card, pso(digestInfo(randomBytes(8))))).sw).toBe('6985');
    await send(card, verifyApdu(PIN));
    expect((await send(card, pso(digestInfo(randomBytes(8))))).sw).toBe('6985');
  });

  it('a MOICA-like card wants its secure channel (6982) and a read-only one knows no such INS (6D00)', async () => {
    const vendor = await createVirtualCard({ scenario: 'vendor-gen1' });
    expect((await send(vendor, '80 22 41 B6 06 80 01 02 84 01 01')).sw).toBe('6982');
    const other = await createVirtualCard({ scenario: 'unknown-atr' });
    expect((await send(other, MSE_SIGNING)).sw).toBe('6D00');
  });
});

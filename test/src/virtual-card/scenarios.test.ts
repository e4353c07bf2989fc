import { describe, expect, it } from 'vitest';
import { createVirtualCard, FID } from '../../../src/virtual-card';
import { readBinary, selectPath, send, verifyApdu } from './helpers';

const CERTS = [FID.MF, FID.PKI_DF, FID.CERTIFICATES];

describe('t0: data only through 61xx + GET RESPONSE, 6Cxx for a wrong Le', () => {
  it('answers a read with 61xx, then hands the data out on GET RESPONSE', async () => {
    const card = await createVirtualCard({ scenario: 't0' });
    await selectPath(card, CERTS);
    const first = await readBinary(card, 0, 200);
    expect(first).toEqual({ data: Buffer.alloc(0), sw: '61C8' });
    const got = await send(card, '00 C0 00 00 C8');
    expect(got.sw).toBe('9000');
    expect(got.data.equals(card.certificates.signing.subarray(0, 200))).toBe(true);
    // Nothing is left waiting afterwards.
    expect((await send(card, '00 C0 00 00 C8')).sw).toBe('6985');
  });

  it('gives the rest in pieces when GET RESPONSE asks for less, with 61xx for what remains', async () => {
    const card = await createVirtualCard({ scenario: 't0' });
    await selectPath(card, CERTS);
    expect((await readBinary(card, 0, 200)).sw).toBe('61C8');
    const a = await send(card, '00 C0 00 00 80');
    expect(a.sw).toBe('6148');
    const b = await send(card, '00 C0 00 00 48');
    expect(b.sw).toBe('9000');
    expect(Buffer.concat([a.data, b.data]).equals(card.certificates.signing.subarray(0, 200))).toBe(
      true,
    );
  });

  it('answers 6Cxx when Le asks for more than there is, and the exact Le then works', async () => {
    const card = await createVirtualCard({ scenario: 't0' });
    await selectPath(card, [FID.MF, FID.IDENTITY_DF, FID.CARD_NUMBER]);
    expect(await readBinary(card, 0, 200)).toEqual({ data: Buffer.alloc(0), sw: '6C10' });
    expect((await readBinary(card, 0, 0x10)).sw).toBe('6110');
    expect(await send(card, '00 C0 00 00 10')).toEqual({
      data: Buffer.from('TP03000012345678'),
      sw: '9000',
    });
  });

  it('answers 6Cxx to a GET RESPONSE with too large an Le and keeps the data waiting', async () => {
    const card = await createVirtualCard({ scenario: 't0' });
    await selectPath(card, [FID.MF, FID.IDENTITY_DF, FID.OS_VERSION]);
    expect((await readBinary(card, 0, 8)).sw).toBe('6108');
    expect((await send(card, '00 C0 00 00 20')).sw).toBe('6C08');
    expect((await send(card, '00 C0 00 00 08')).data.toString()).toBe('CCM VC01');
  });

  it('drops waiting data when another command comes first', async () => {
    const card = await createVirtualCard({ scenario: 't0' });
    await selectPath(card, [FID.MF, FID.IDENTITY_DF, FID.OS_VERSION]);
    expect((await readBinary(card, 0, 8)).sw).toBe('6108');
    await send(card, '00 A4 00 00 02 09 05');
    expect((await send(card, '00 C0 00 00 08')).sw).toBe('6985');
  });

  it('answers status-only commands directly', async () => {
    const card = await createVirtualCard({ scenario: 't0' });
    expect((await send(card, '00 A4 00 00 02 3F 00')).sw).toBe('9000');
    expect((await send(card, '00 20 00 01')).sw).toBe('63C3');
  });
});

describe('small-reads', () => {
  it('answers 6987 to reads over 16 bytes and serves 16-byte reads', async () => {
    const card = await createVirtualCard({ scenario: 'small-reads' });
    await selectPath(card, CERTS);
    expect((await readBinary(card, 0, 200)).sw).toBe('6987');
    expect((await readBinary(card, 0, 17)).sw).toBe('6987');
    expect((await readBinary(card, 0, 0)).sw).toBe('6987'); // Le 00 means 256
    const r = await readBinary(card, 0x0700, 16);
    expect(r.sw).toBe('9000');
    expect(r.data.equals(card.certificates.keyExchange.subarray(0, 16))).toBe(true);
  });
});

describe('no-cdf', () => {
  it('has no 4104 (6A82) but still the certificates in 08F2 at the usual offsets', async () => {
    const card = await createVirtualCard({ scenario: 'no-cdf' });
    await selectPath(card, [FID.MF, FID.PKI_DF]);
    expect((await send(card, '00 A4 00 00 02 41 04')).sw).toBe('6A82');
    await selectPath(card, [FID.CERTIFICATES]);
    for (const offset of [0x0000, 0x0700, 0x0e00, 0x1500]) {
      expect((await readBinary(card, offset, 4)).data.subarray(0, 2).toString('hex')).toBe('3082');
    }
  });
});

describe('gen1-cla80', () => {
  it('answers only CLA 80: 6E00 to CLA 00, files and PIN commands under 80', async () => {
    const card = await createVirtualCard({ scenario: 'gen1-cla80' });
    expect((await send(card, '00 A4 00 00 02 3F 00')).sw).toBe('6E00');
    expect((await send(card, '00 20 00 01')).sw).toBe('6E00');
    await selectPath(card, [FID.MF, FID.IDENTITY_DF, FID.CARD_NUMBER], 0x80);
    expect((await readBinary(card, 0, 16, 0x80)).data.toString()).toBe('TP03000012345678');
    expect((await readBinary(card, 0, 16, 0x00)).sw).toBe('6E00');
    expect((await send(card, '80 20 00 01')).sw).toBe('63C3');
    expect((await send(card, verifyApdu('730101', '80'))).sw).toBe('9000');
    expect(card.verified).toBe(true);
  });
});

describe('vendor-gen1', () => {
  it('reads files under CLA 80 only and refuses every PIN command with 6982, changing nothing', async () => {
    const card = await createVirtualCard({ scenario: 'vendor-gen1' });
    expect((await send(card, '00 A4 00 00 02 3F 00')).sw).toBe('6E00');
    await selectPath(card, [FID.MF, FID.IDENTITY_DF, FID.CARD_NUMBER], 0x80);
    expect((await readBinary(card, 0, 16, 0x80)).sw).toBe('9000');
    expect((await send(card, '80 20 00 01')).sw).toBe('6982');
    expect((await send(card, verifyApdu('730101', '80'))).sw).toBe('6982');
    expect((await send(card, '80 24 00 01 10' + 'FF'.repeat(16))).sw).toBe('6982');
    expect((await send(card, '80 2C 00 01 12' + 'FF'.repeat(18))).sw).toBe('6982');
    // The secure-channel CLA of a real gen-1 card is not emulated.
    expect((await send(card, '8C 20 00 01 08' + 'FF'.repeat(8))).sw).toBe('6E00');
    expect(card.verified).toBe(false);
    expect(card.pinTriesLeft).toBe(3);
  });
});

describe('unknown-atr', () => {
  it('serves its files under CLA 00 and has no PIN commands (6D00)', async () => {
    const card = await createVirtualCard({ scenario: 'unknown-atr' });
    await selectPath(card, [FID.MF, FID.IDENTITY_DF, FID.CARD_NUMBER]);
    expect((await readBinary(card, 0, 16)).sw).toBe('9000');
    expect((await send(card, '00 20 00 01')).sw).toBe('6D00');
    expect((await send(card, verifyApdu('730101'))).sw).toBe('6D00');
  });
});

describe('PIN presets', () => {
  it.each([
    ['fresh', '63C3', '63C5'],
    ['one-try-left', '63C1', '63C5'],
    ['locked', '6983', '63C5'],
    ['user-code-blocked', '6983', '6983'],
    ['expiring', '63C3', '63C5'],
  ] as const)('%s: empty VERIFY says PIN %s, user code %s', async (scenario, pin, userCode) => {
    const card = await createVirtualCard({ scenario });
    expect((await send(card, '00 20 00 01')).sw).toBe(pin);
    expect((await send(card, '00 20 00 02')).sw).toBe(userCode);
  });
});

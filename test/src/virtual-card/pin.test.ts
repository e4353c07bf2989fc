import { describe, expect, it } from 'vitest';
import { createVirtualCard, VIRTUAL_CARD_DEFAULTS } from '../../../src/virtual-card';
import { changeApdu, padded, send, unblockApdu, verifyApdu } from './helpers';

const PIN = VIRTUAL_CARD_DEFAULTS.pin;
const USER_CODE = VIRTUAL_CARD_DEFAULTS.userCode;

describe('reading the counters', () => {
  it('empty VERIFY reports tries without spending one', async () => {
    const card = await createVirtualCard();
    for (let i = 0; i < 5; i++) expect((await send(card, '00 20 00 01')).sw).toBe('63C3');
    expect((await send(card, '00 20 00 02')).sw).toBe('63C5');
    expect(card.pinTriesLeft).toBe(3);
  });

  it('empty VERIFY answers 9000 once verified', async () => {
    const card = await createVirtualCard();
    expect((await send(card, verifyApdu(PIN))).sw).toBe('9000');
    expect((await send(card, '00 20 00 01')).sw).toBe('9000');
  });
});

describe('VERIFY', () => {
  it('counts wrong PINs down, 63C0 on the one that blocks, 6983 afterwards', async () => {
    const card = await createVirtualCard();
    expect((await send(card, verifyApdu('000000'))).sw).toBe('63C2');
    expect((await send(card, verifyApdu('000000'))).sw).toBe('63C1');
    expect((await send(card, verifyApdu('000000'))).sw).toBe('63C0');
    expect(card.pinTriesLeft).toBe(0);
    // Blocked: even the right PIN no longer works, and nothing more is counted.
    expect((await send(card, verifyApdu(PIN))).sw).toBe('6983');
    expect((await send(card, '00 20 00 01')).sw).toBe('6983');
    expect(card.verified).toBe(false);
  });

  it('a correct PIN restarts the count (R-PIN-LOCK)', async () => {
    const card = await createVirtualCard();
    await send(card, verifyApdu('000000'));
    await send(card, verifyApdu('000000'));
    expect((await send(card, verifyApdu(PIN))).sw).toBe('9000');
    expect(card.pinTriesLeft).toBe(3);
    expect((await send(card, verifyApdu('000000'))).sw).toBe('63C2');
  });

  it('compares the whole padded field: a PIN without FF padding is wrong', async () => {
    const card = await createVirtualCard();
    const unpadded = Buffer.concat([Buffer.from(PIN), Buffer.alloc(2)]);
    expect((await send(card, Buffer.concat([Buffer.from('0020000108', 'hex'), unpadded]))).sw).toBe(
      '63C2',
    );
    expect((await send(card, verifyApdu(PIN.slice(0, 5)))).sw).toBe('63C1');
  });

  it('one-try-left: a wrong PIN blocks at once', async () => {
    const card = await createVirtualCard({ scenario: 'one-try-left' });
    expect((await send(card, verifyApdu('999999'))).sw).toBe('63C0');
    expect((await send(card, '00 20 00 01')).sw).toBe('6983');
  });

  it('rejects unknown references and user-code verification', async () => {
    const card = await createVirtualCard();
    expect((await send(card, '00 20 00 03')).sw).toBe('6A88');
    expect((await send(card, '00 20 01 01')).sw).toBe('6A86');
    expect((await send(card, `00 20 00 02 0A ${padded(USER_CODE, 10)}`)).sw).toBe('6A86');
    expect(card.userCodeTriesLeft).toBe(5);
  });
});

describe('verified state', () => {
  it.each(['reset', 'powerOff', 'powerOn'] as const)('is dropped by %s', async (action) => {
    const card = await createVirtualCard();
    await send(card, verifyApdu(PIN));
    expect(card.verified).toBe(true);
    card[action]();
    expect(card.verified).toBe(false);
    expect((await send(card, '00 20 00 01')).sw).toBe('63C3');
  });

  it('is dropped by a wrong PIN', async () => {
    const card = await createVirtualCard();
    await send(card, verifyApdu(PIN));
    await send(card, verifyApdu('111111'));
    expect(card.verified).toBe(false);
  });
});

describe('CHANGE REFERENCE DATA', () => {
  it('changes the PIN when the old one is right', async () => {
    const card = await createVirtualCard();
    expect((await send(card, changeApdu(PIN, 'Abc12345'))).sw).toBe('9000');
    card.reset();
    expect((await send(card, verifyApdu(PIN))).sw).toBe('63C2');
    expect((await send(card, verifyApdu('Abc12345'))).sw).toBe('9000');
  });

  it('counts a wrong old PIN like VERIFY and keeps the PIN', async () => {
    const card = await createVirtualCard();
    expect((await send(card, changeApdu('000000', '654321'))).sw).toBe('63C2');
    expect((await send(card, changeApdu('000000', '654321'))).sw).toBe('63C1');
    expect((await send(card, changeApdu('000000', '654321'))).sw).toBe('63C0');
    expect((await send(card, changeApdu(PIN, '654321'))).sw).toBe('6983');
  });

  it('refuses a malformed new PIN with 6A80 without spending a try', async () => {
    const card = await createVirtualCard();
    expect((await send(card, changeApdu(PIN, '12345'))).sw).toBe('6A80');
    expect((await send(card, changeApdu('000000', '12-456'))).sw).toBe('6A80');
    expect(card.pinTriesLeft).toBe(3);
    expect((await send(card, verifyApdu(PIN))).sw).toBe('9000');
  });

  it('needs 16 bytes of data', async () => {
    const card = await createVirtualCard();
    expect((await send(card, `00 24 00 01 08 ${padded(PIN, 8)}`)).sw).toBe('6700');
  });
});

describe('RESET RETRY COUNTER with the user code', () => {
  it('unblocks a locked PIN, sets the new PIN and restores 3 tries', async () => {
    const card = await createVirtualCard({ scenario: 'locked' });
    expect((await send(card, unblockApdu(USER_CODE, '246810'))).sw).toBe('9000');
    expect(card.pinTriesLeft).toBe(3);
    expect(card.verified).toBe(false);
    expect((await send(card, '00 20 00 01')).sw).toBe('63C3');
    expect((await send(card, verifyApdu('246810'))).sw).toBe('9000');
  });

  it('counts wrong user codes down to a block; then 6983 and the PIN stays locked', async () => {
    const card = await createVirtualCard({ scenario: 'locked' });
    for (const left of [4, 3, 2, 1, 0]) {
      expect((await send(card, unblockApdu('00000000', '246810'))).sw).toBe(`63C${left}`);
    }
    expect((await send(card, unblockApdu(USER_CODE, '246810'))).sw).toBe('6983');
    expect((await send(card, '00 20 00 02')).sw).toBe('6983');
    expect((await send(card, '00 20 00 01')).sw).toBe('6983');
  });

  it('a correct user code restarts its count', async () => {
    const card = await createVirtualCard({ scenario: 'locked' });
    await send(card, unblockApdu('00000000', '246810'));
    expect(card.userCodeTriesLeft).toBe(4);
    await send(card, unblockApdu(USER_CODE, '246810'));
    expect(card.userCodeTriesLeft).toBe(5);
  });

  it('user-code-blocked: 6983 even with the right user code', async () => {
    const card = await createVirtualCard({ scenario: 'user-code-blocked' });
    expect((await send(card, unblockApdu(USER_CODE, '246810'))).sw).toBe('6983');
    expect(card.pinTriesLeft).toBe(0);
  });

  it('refuses a malformed new PIN with 6A80 without spending a user-code try', async () => {
    const card = await createVirtualCard({ scenario: 'locked' });
    expect((await send(card, unblockApdu(USER_CODE, '12345'))).sw).toBe('6A80');
    expect((await send(card, unblockApdu('00000000', 'abc'))).sw).toBe('6A80');
    expect(
      (await send(card, `00 2C 00 01 10 ${padded(USER_CODE, 10)}${padded('123456', 6)}`)).sw,
    ).toBe('6700');
    expect(card.userCodeTriesLeft).toBe(5);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/core/errors';
import { hasMessage, localizeError } from '../../../src/core/i18n';
import {
  createVirtualCard,
  SCENARIOS,
  VIRTUAL_CARD_DEFAULTS,
  type ScenarioName,
} from '../../../src/virtual-card';
import { selectPath, send, verifyApdu } from './helpers';

describe('createVirtualCard options', () => {
  it('offers every scenario card-profile.md §5 and §6 name', () => {
    expect([...SCENARIOS].sort()).toEqual(
      [
        'fresh',
        'one-try-left',
        'locked',
        'user-code-blocked',
        'expiring',
        'expired-extendable',
        'expired-reapply',
        'extended',
        'suspended',
        'revoked',
        'gen1-cla80',
        't0',
        'small-reads',
        'no-cdf',
        'vendor-gen1',
        'unknown-atr',
        'sign-broken',
        'sign-refused',
      ].sort(),
    );
  });

  it('documents each scenario in the README and names it in both languages', () => {
    const readme = readFileSync(
      new URL('../../../src/virtual-card/README.md', import.meta.url),
      'utf8',
    );
    for (const s of SCENARIOS) {
      expect(readme).toContain(`| \`${s}\` |`);
      expect(hasMessage(`virtualCard.scenario.${s}`), s).toBe(true);
    }
  });

  it('defaults to a fresh card with the documented defaults', async () => {
    const card = await createVirtualCard();
    expect(card.scenario).toBe('fresh');
    expect(card.cardNumber).toBe(VIRTUAL_CARD_DEFAULTS.cardNumber);
    expect(card.holderName).toBe('王小明');
    expect((await send(card, verifyApdu(VIRTUAL_CARD_DEFAULTS.pin))).sw).toBe('9000');
  });

  it('takes the holder own PIN and user code', async () => {
    const card = await createVirtualCard({
      scenario: 'locked',
      holder: { pin: '111111', userCode: 'abcdefghij' },
    });
    expect(
      (
        await send(
          card,
          `00 2C 00 01 12 ${Buffer.from('abcdefghij').toString('hex')}${Buffer.from('222222').toString('hex')}FFFF`,
        )
      ).sw,
    ).toBe('9000');
    expect((await send(card, verifyApdu('222222'))).sw).toBe('9000');
    const other = await createVirtualCard({ holder: { pin: '111111' } });
    expect((await send(other, verifyApdu('111111'))).sw).toBe('9000');
  });

  it('rejects an unknown scenario with a message that lists the real ones', async () => {
    const err = await createVirtualCard({ scenario: 'gen2' as ScenarioName }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(localizeError(err, 'en')).toContain('fresh, one-try-left');
  });

  it.each([
    ['holder.cardNumber', { cardNumber: 'TP123' }],
    ['holder.serialNumber', { serialNumber: 'A234567890123456' }],
    ['holder.pin', { pin: '12345' }],
    ['holder.userCode', { userCode: 'abc def ghi' }],
    ['holder.name', { name: '  ' }],
  ])('rejects a bad %s before making a card', async (field, holder) => {
    const err = await createVirtualCard({ holder }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).params.field).toBe(field);
    expect(localizeError(err, 'zh-TW')).toContain(field);
  });

  it('cards are independent of each other', async () => {
    const a = await createVirtualCard({ recordCommands: 10 });
    const b = await createVirtualCard({ recordCommands: 10 });
    await send(a, verifyApdu('000000'));
    expect(a.pinTriesLeft).toBe(2);
    expect(b.pinTriesLeft).toBe(3);
    await selectPath(b, [0x3f00]);
    expect(a.received).toHaveLength(1);
  });
});

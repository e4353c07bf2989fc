/**
 * PIN operations through real pcscd, and the safety proofs: what the card actually
 * received (VirtualCard.received), and that no verified state outlives an operation.
 */
import { describe, expect, it } from 'vitest';
import { CardDriver } from '../../src/card';
import { VIRTUAL_CARD_DEFAULTS, type ScenarioName, type VirtualCard } from '../../src/virtual-card';
import { cardFor, pcscEnv, receivedIns, serviceForFile } from './support';

const INS_VERIFY = 0x20;
const INS_CHANGE = 0x24;
const INS_UNBLOCK = 0x2c;
const secret = (text: string) => Buffer.from(text, 'ascii');
/** A VERIFY that carries a PIN (an empty one only reads the counter). */
const withData = (apdus: Buffer[]) => apdus.filter((apdu) => apdu.length > 5);

/** Record power events with the number of APDUs the card had seen at that moment. */
function watchPower(card: VirtualCard): string[] {
  const log: string[] = [];
  for (const method of ['powerOn', 'powerOff', 'reset'] as const) {
    const original = card[method].bind(card);
    card[method] = () => {
      log.push(`${method}@${card.received.length}`);
      original();
    };
  }
  return log;
}

describe.skipIf(!pcscEnv.available)('PIN operations through pcscd + vpcd', () => {
  const pcsc = serviceForFile();

  async function plug(scenario: ScenarioName) {
    const card = await cardFor(scenario);
    const slot = await pcsc.insert(card, 0);
    const reader = slot.reader;
    const pinOp = <T>(work: (driver: CardDriver) => Promise<T>) =>
      pcsc.service.withCard(reader, (t) => work(new CardDriver(t)), {
        exclusive: true,
        reset: true,
      });
    return { card, pinOp };
  }

  it('fresh: a wrong PIN costs one try, the right one restores them, and the card is reset after', async () => {
    const { card, pinOp } = await plug('fresh');
    const power = watchPower(card);
    await expect(
      pinOp((d) => d.verifyPin(secret('000000'), { confirmLastTry: false })),
    ).rejects.toMatchObject({ code: 'wrong-secret', triesLeft: 2 });
    expect(card.pinTriesLeft).toBe(2);

    await pinOp((d) => d.verifyPin(secret(VIRTUAL_CARD_DEFAULTS.pin), { confirmLastTry: false }));
    const sentCount = card.received.length;
    expect(card.pinTriesLeft).toBe(3);
    // SCARD_RESET_CARD at disconnect: the card hears a reset (or power cycle) right after
    // the operation's last APDU, so the verified state is gone.
    expect(power.some((event) => event.endsWith(`@${sentCount}`))).toBe(true);
    expect(card.verified).toBe(false);
  });

  it('fresh: changes the PIN, and only the new one verifies afterwards', async () => {
    const { card, pinOp } = await plug('fresh');
    await pinOp((d) =>
      d.changePin(secret(VIRTUAL_CARD_DEFAULTS.pin), secret('Abc123'), { confirmLastTry: false }),
    );
    await expect(
      pinOp((d) => d.verifyPin(secret(VIRTUAL_CARD_DEFAULTS.pin), { confirmLastTry: false })),
    ).rejects.toMatchObject({ code: 'wrong-secret', triesLeft: 2 });
    await pinOp((d) => d.verifyPin(secret('Abc123'), { confirmLastTry: false }));
    expect(card.pinTriesLeft).toBe(3);
  });

  it('locked: unblocks with the user code and a new PIN', async () => {
    const { card, pinOp } = await plug('locked');
    await expect(
      pinOp((d) => d.verifyPin(secret(VIRTUAL_CARD_DEFAULTS.pin), { confirmLastTry: true })),
    ).rejects.toMatchObject({ code: 'secret-blocked' });
    expect(withData(receivedIns(card, INS_VERIFY))).toEqual([]);

    await pinOp((d) =>
      d.unblockPin(secret(VIRTUAL_CARD_DEFAULTS.userCode), secret('654321'), {
        confirmLastTry: false,
      }),
    );
    expect(card.pinTriesLeft).toBe(3);
    await pinOp((d) => d.verifyPin(secret('654321'), { confirmLastTry: false }));
  });

  it('one-try-left: refuses without the last-try confirmation and sends no PIN', async () => {
    const { card, pinOp } = await plug('one-try-left');
    await expect(
      pinOp((d) => d.verifyPin(secret('000000'), { confirmLastTry: false })),
    ).rejects.toMatchObject({ code: 'refused', reason: 'last-try-unconfirmed' });
    expect(withData(receivedIns(card, INS_VERIFY))).toEqual([]);
    expect(card.pinTriesLeft).toBe(1);

    await pinOp((d) => d.verifyPin(secret(VIRTUAL_CARD_DEFAULTS.pin), { confirmLastTry: true }));
    expect(card.pinTriesLeft).toBe(3);
  });

  it('user-code-blocked: refuses to unblock and never sends the user code', async () => {
    const { card, pinOp } = await plug('user-code-blocked');
    await expect(
      pinOp((d) =>
        d.unblockPin(secret(VIRTUAL_CARD_DEFAULTS.userCode), secret('654321'), {
          confirmLastTry: true,
        }),
      ),
    ).rejects.toMatchObject({ code: 'secret-blocked', secret: 'userCode' });
    expect(receivedIns(card, INS_UNBLOCK)).toEqual([]);
  });

  it.each([
    ['vendor-gen1', 'vendor-card'],
    ['unknown-atr', 'unknown-card'],
  ] as const)(
    '%s: refuses every PIN operation before any PIN command',
    async (scenario, reason) => {
      const { card, pinOp } = await plug(scenario);
      const opts = { confirmLastTry: true };
      for (const op of [
        (d: CardDriver) => d.verifyPin(secret('123456'), opts),
        (d: CardDriver) => d.changePin(secret('123456'), secret('654321'), opts),
        (d: CardDriver) => d.unblockPin(secret('12345678'), secret('654321'), opts),
      ]) {
        await expect(pinOp(op)).rejects.toMatchObject({ code: 'refused', reason });
      }
      for (const ins of [INS_VERIFY, INS_CHANGE, INS_UNBLOCK]) {
        expect(receivedIns(card, ins)).toEqual([]);
      }
    },
  );
});

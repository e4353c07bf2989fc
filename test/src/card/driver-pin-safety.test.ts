/**
 * The safety rules of card-profile.md §1, proven on the virtual card: what the card
 * received (its own `received` record) and what its counters say afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CardRemovedError,
  PinOperationRefused,
  SecretBlockedError,
  WrongSecretError,
} from '../../../src/core/errors';
import { createVirtualCard, InProcessTransport } from '../../../src/virtual-card';
import { CardDriver } from '../../../src/card';
import { NOW, pinCommands, rig, secret, spendingCommands } from './virtual-card-helpers';

const no = { confirmLastTry: false };
const yes = { confirmLastTry: true };
const padded = (s: string, n: number) => {
  const b = Buffer.alloc(n, 0xff);
  b.write(s, 'latin1');
  return b.toString('hex').toUpperCase();
};
const hex = (b: Buffer) => b.toString('hex').toUpperCase();
const isPinFamily = (h: string) => ['20', '24', '2C'].includes(h.slice(2, 4));

/** Every command as it went to the card, copied before the driver wipes its buffer. */
function onTheWire(transport: InProcessTransport): string[] {
  const sent: string[] = [];
  transport.onTransmit((command) => sent.push(hex(command)));
  return sent;
}

describe('PIN paths on the virtual card', () => {
  it('fresh: verifies the default PIN, reads tries first, and leaves nothing verified', async () => {
    const { card, driver, transport } = await rig('fresh');
    const wire = onTheWire(transport);
    const pin = secret('730101');
    await driver.verifyPin(pin, no);
    expect(wire.filter(isPinFamily)).toEqual(['00200001', '0020000108' + padded('730101', 8)]);
    // The card's own record never keeps the PIN: its bytes are replaced, the length kept.
    expect(pinCommands(card).map(hex)).toEqual(['00200001', '0020000108' + '2A'.repeat(8)]);
    expect(card.verified).toBe(false);
    expect(card.pinTriesLeft).toBe(3);
    expect(pin.every((b) => b === 0)).toBe(true);
  });

  it('fresh: a wrong PIN costs exactly one try and says how many are left', async () => {
    const { card, driver } = await rig('fresh');
    const err = await driver.verifyPin(secret('111111'), no).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WrongSecretError);
    expect(err).toMatchObject({ triesLeft: 2 });
    expect(card.pinTriesLeft).toBe(2);
    expect(await driver.readPinStatus()).toMatchObject({ triesLeft: 2, lastTry: false });
  });

  it('fresh: changes the PIN; the old one stops working', async () => {
    const { card, driver, transport } = await rig('fresh');
    const wire = onTheWire(transport);
    await driver.changePin(secret('730101'), secret('Abc123'), no);
    expect(wire.at(-1)).toBe('0024000110' + padded('730101', 8) + padded('Abc123', 8));
    expect(spendingCommands(card).map(hex)).toEqual(['0024000110' + '2A'.repeat(16)]);
    await driver.verifyPin(secret('Abc123'), no);
    await expect(driver.verifyPin(secret('730101'), no)).rejects.toMatchObject({ triesLeft: 2 });
  });

  it('one-try-left: without confirmation no VERIFY with data reaches the card', async () => {
    const { card, driver } = await rig('one-try-left');
    const err = await driver.verifyPin(secret('730101'), no).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PinOperationRefused);
    expect(err).toMatchObject({ reason: 'last-try-unconfirmed' });
    await expect(driver.changePin(secret('730101'), secret('222222'), no)).rejects.toMatchObject({
      reason: 'last-try-unconfirmed',
    });
    expect(spendingCommands(card)).toEqual([]);
    expect(pinCommands(card).map(hex)).toEqual(['00200001', '00200001']);
    expect(card.pinTriesLeft).toBe(1);
  });

  it('one-try-left: confirmed and right restores the counter; confirmed and wrong blocks', async () => {
    const right = await rig('one-try-left');
    await right.driver.verifyPin(secret('730101'), yes);
    expect(right.card.pinTriesLeft).toBe(3);
    const wrong = await rig('one-try-left');
    const err = await wrong.driver.verifyPin(secret('000000'), yes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretBlockedError);
    expect(err).toMatchObject({ secret: 'pin', justBlocked: true });
    expect(wrong.card.pinTriesLeft).toBe(0);
  });

  it('locked: refuses to send the PIN, unblocks with the user code', async () => {
    const { card, driver } = await rig('locked');
    await expect(driver.verifyPin(secret('730101'), yes)).rejects.toMatchObject({
      code: 'secret-blocked',
      justBlocked: false,
    });
    expect(spendingCommands(card)).toEqual([]);
    await expect(driver.unblockPin(secret('87654321'), secret('135790'), no)).rejects.toMatchObject(
      {
        secret: 'userCode',
        triesLeft: 4,
      },
    );
    await driver.unblockPin(secret('12345678'), secret('135790'), no);
    expect(card.pinTriesLeft).toBe(3);
    expect(card.userCodeTriesLeft).toBe(5);
    await driver.verifyPin(secret('135790'), no);
  });

  it('user-code-blocked: the unblock stops at the user-code counter', async () => {
    const { card, driver } = await rig('user-code-blocked');
    const err = await driver
      .unblockPin(secret('12345678'), secret('135790'), yes)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretBlockedError);
    expect(err).toMatchObject({ secret: 'userCode' });
    expect(spendingCommands(card)).toEqual([]);
    expect(pinCommands(card).map(hex)).toEqual(['00200002']);
  });

  it('gen1-cla80: every PIN command goes out with CLA 80', async () => {
    const { card, driver } = await rig('gen1-cla80');
    await driver.verifyPin(secret('730101'), no);
    expect(pinCommands(card).map((c) => c[0])).toEqual([0x80, 0x80]);
  });

  it('t0 and small-reads: PIN operations work the same', async () => {
    for (const scenario of ['t0', 'small-reads'] as const) {
      const { card, driver } = await rig(scenario);
      await driver.verifyPin(secret('730101'), no);
      await expect(driver.verifyPin(secret('999999'), no)).rejects.toMatchObject({ triesLeft: 2 });
      expect(card.pinTriesLeft).toBe(2);
    }
  });

  it('validation happens before any APDU', async () => {
    const { card, driver } = await rig('fresh');
    await expect(driver.verifyPin(secret('123'), no)).rejects.toMatchObject({
      code: 'invalid-input',
    });
    await expect(
      driver.unblockPin(secret('12345678901'), secret('123456'), no),
    ).rejects.toMatchObject({
      code: 'invalid-input',
    });
    expect(card.received).toEqual([]);
  });
});

describe('traces and removal', () => {
  it('never traces a PIN or user-code byte', async () => {
    const { driver, trace } = await rig('locked');
    await driver.unblockPin(secret('12345678'), secret('135790'), no);
    await driver.changePin(secret('135790'), secret('246802'), no);
    const all = trace.map((e) => e.hex.replace(/ /g, '')).join('|');
    for (const s of ['12345678', '135790', '246802']) {
      expect(all).not.toContain(Buffer.from(s).toString('hex').toUpperCase());
    }
    expect(trace.some((e) => e.hex.includes('**'))).toBe(true);
  });

  it('a card pulled mid-summary ends the operation with CardRemovedError', async () => {
    const { transport, driver } = await rig('fresh');
    transport.onTransmit((_cmd, index) => {
      if (index === 15) transport.remove();
    });
    await expect(driver.readCardSummary()).rejects.toThrow(CardRemovedError);
  });

  it('a card pulled just before the PIN goes out loses no try and keeps no secret', async () => {
    const { card, transport, driver } = await rig('fresh');
    transport.onTransmit((cmd) => {
      if (cmd[1] === 0x20 && cmd.length > 5) transport.remove();
    });
    const pin = secret('730101');
    await expect(driver.verifyPin(pin, no)).rejects.toThrow(CardRemovedError);
    expect(spendingCommands(card)).toEqual([]);
    expect(card.pinTriesLeft).toBe(3);
    expect(pin.every((b) => b === 0)).toBe(true);
  });
});

describe('state that survives re-insertion', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-driver-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a wrong PIN is still counted on the next card session', async () => {
    const statePath = join(dir, 'card.json');
    const first = await createVirtualCard({ scenario: 'fresh', statePath, now: () => NOW });
    await new CardDriver(new InProcessTransport(first))
      .verifyPin(secret('000000'), no)
      .catch(() => undefined);
    const again = await createVirtualCard({ statePath, now: () => NOW });
    expect(await new CardDriver(new InProcessTransport(again)).readPinStatus()).toMatchObject({
      triesLeft: 2,
    });
  });
});

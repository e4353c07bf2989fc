/**
 * The signature self-test on the virtual card (card-profile.md §6): it passes on a sound
 * card, fails at the step that is broken (sign-broken: verification; sign-refused: signing;
 * a wrong PIN: the PIN), and keeps every PIN rule of §1 (what the card received proves it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualSource, DEMO_READER } from '../../../src/sources/virtual-source';
import type { VirtualCardSource } from '../../../src/sources/virtual-source';
import { selfTestCard } from '../../../src/service/self-test';
import type { ScenarioName } from '../../../src/virtual-card';

const now = () => new Date('2026-05-04T03:00:00Z');
const sources: VirtualCardSource[] = [];

async function card(scenario: ScenarioName) {
  const source = await createVirtualSource(
    [{ reader: DEMO_READER, card: { scenario, now, recordCommands: 10_000 } }],
    {
      now,
    },
  );
  sources.push(source);
  const reader = source.readers().find((r) => r.name === DEMO_READER)!;
  return { source, reader, virtual: source.cardIn(DEMO_READER)! };
}

afterEach(async () => {
  while (sources.length) await sources.pop()!.close();
});

const pin = (s = '730101') => Buffer.from(s, 'latin1');
const PIN_CARRYING = (c: Buffer) => c[1] === 0x20 && c.length > 5;

describe('signature self-test on the virtual card', () => {
  it('fresh: signs a fresh challenge and the signing certificate verifies it', async () => {
    const { source, reader, virtual } = await card('fresh');
    const secret = pin();
    const result = await selfTestCard(source, reader, secret, { confirmLastTry: false });
    expect(result).toMatchObject({
      reader: DEMO_READER,
      ok: true,
      failedStep: null,
      error: null,
      via: 'iso',
      certificate: { id: 'SIGN' },
      challengeBytes: 32,
      signatureBytes: 256,
      pin: { triesLeft: 3, maxTries: 3 },
    });
    expect(secret.every((b) => b === 0)).toBe(true);
    expect(virtual.verified).toBe(false);
  });

  it('two runs sign two different challenges', async () => {
    const { source, reader, virtual } = await card('fresh');
    await selfTestCard(source, reader, pin(), { confirmLastTry: false });
    await selfTestCard(source, reader, pin(), { confirmLastTry: false });
    const signed = virtual.received.filter((c) => c[1] === 0x2a).map((c) => c.toString('hex'));
    expect(signed).toHaveLength(2);
    expect(signed[0]).not.toBe(signed[1]);
  });

  it('sign-broken: the card signs, the signature does not verify: failed at "verify"', async () => {
    const { source, reader } = await card('sign-broken');
    const result = await selfTestCard(source, reader, pin(), { confirmLastTry: false });
    expect(result).toMatchObject({
      ok: false,
      failedStep: 'verify',
      error: { code: 'card-error', messageKey: 'selftest.signatureMismatch' },
      signatureBytes: 256,
    });
  });

  it('sign-refused: the PIN is right, the card answers 6985 to the signature: failed at "sign"', async () => {
    const { source, reader, virtual } = await card('sign-refused');
    const result = await selfTestCard(source, reader, pin(), { confirmLastTry: false });
    expect(result).toMatchObject({ ok: false, failedStep: 'sign', error: { code: 'card-error' } });
    expect(result.error!.params).toMatchObject({ sw: '6985' });
    expect(virtual.pinTriesLeft).toBe(3);
  });

  it('a wrong PIN fails at "pin" and costs one try, no signing APDU sent', async () => {
    const { source, reader, virtual } = await card('fresh');
    const result = await selfTestCard(source, reader, pin('111111'), { confirmLastTry: false });
    expect(result).toMatchObject({
      ok: false,
      failedStep: 'pin',
      error: { code: 'wrong-secret', params: { triesLeft: 2 } },
      pin: { triesLeft: 2 },
    });
    expect(virtual.received.some((c) => c[1] === 0x22 || c[1] === 0x2a)).toBe(false);
  });

  it('one-try-left: not without the confirmation (nothing spent), and with it, it signs', async () => {
    const { source, reader, virtual } = await card('one-try-left');
    const refused = await selfTestCard(source, reader, pin(), { confirmLastTry: false });
    expect(refused).toMatchObject({
      failedStep: 'pin',
      error: { code: 'refused', messageKey: 'refused.last-try-unconfirmed' },
    });
    expect(virtual.received.filter(PIN_CARRYING)).toEqual([]);
    const passed = await selfTestCard(source, reader, pin(), { confirmLastTry: true });
    expect(passed.ok).toBe(true);
  });

  it('locked: never tried, even with confirmation', async () => {
    const { source, reader, virtual } = await card('locked');
    const result = await selfTestCard(source, reader, pin(), { confirmLastTry: true });
    expect(result).toMatchObject({ failedStep: 'pin', error: { code: 'secret-blocked' } });
    expect(virtual.received.filter(PIN_CARRYING)).toEqual([]);
  });

  it('an unknown card and a MOICA card without its module are refused before any APDU', async () => {
    for (const [scenario, reason] of [
      ['unknown-atr', 'refused.unknown-card'],
      ['vendor-gen1', 'refused.vendor-module-missing'],
    ] as const) {
      const { source, reader, virtual } = await card(scenario);
      const result = await selfTestCard(source, reader, pin(), {
        confirmLastTry: true,
        pinBackends: {
          pkcs11: { environment: { platform: 'linux', home: '/nonexistent', env: {} } },
        },
      });
      expect(result, scenario).toMatchObject({ failedStep: 'pin', error: { messageKey: reason } });
      expect(
        virtual.received.filter((c) => [0x20, 0x22, 0x2a].includes(c[1]!)),
        scenario,
      ).toEqual([]);
    }
  });

  it('a malformed PIN is a usage error, not a test result, and nothing reaches the card', async () => {
    const { source, reader, virtual } = await card('fresh');
    const before = virtual.received.length;
    await expect(
      selfTestCard(source, reader, pin('12'), { confirmLastTry: false }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    expect(virtual.received.slice(before).filter((c) => c[1] === 0x20)).toEqual([]);
  });
});

/**
 * The real path end to end: card driver → card service → pcsclite → pcscd → vpcd → the
 * virtual card, for every scenario.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardDriver } from '../../src/card';
import { SCENARIOS, type ScenarioName } from '../../src/virtual-card';
import type { CardService } from '../../src/sources/pcsc';
import { cardFor, insert, pcscEnv, pull, receivedIns, startService } from './support';

const FAMILY: Partial<Record<ScenarioName, string>> = {
  'vendor-gen1': 'moica-gen1',
  'unknown-atr': 'unknown',
};
const CLA_80: ScenarioName[] = ['gen1-cla80', 'vendor-gen1'];

/**
 * Each APDU through vpcd waits ~44 ms for a delayed ACK unless loopback quickack is on,
 * and that wait is per connection: two slots read two cards in half the time.
 */
const freeSlots = [0, 1];
const slotWaiters: Array<(slot: number) => void> = [];
const takeSlot = (): Promise<number> =>
  freeSlots.length > 0
    ? Promise.resolve(freeSlots.shift()!)
    : new Promise((resolve) => slotWaiters.push(resolve));
const giveSlot = (slot: number) => {
  const next = slotWaiters.shift();
  if (next) next(slot);
  else freeSlots.push(slot);
};

describe.skipIf(!pcscEnv.available)('card driver through pcscd + vpcd', () => {
  let service: CardService;

  beforeAll(async () => {
    service = await startService();
  });

  afterAll(async () => {
    await service?.close();
  });

  it.concurrent.each(SCENARIOS)(
    '%s: identifies the card and reads its summary',
    async (scenario) => {
      const card = await cardFor(scenario);
      const slotNumber = await takeSlot();
      const slot = await insert(service, card, slotNumber).catch((e: unknown) => {
        giveSlot(slotNumber);
        throw e;
      });
      try {
        const state = service.readers().find((r) => r.name === slot.reader)!;
        const family = FAMILY[scenario] ?? 'virtual';
        expect(state.identity).toMatchObject({ family });
        if (family !== 'unknown') {
          expect(state.identity!.layout).toEqual({
            cla: CLA_80.includes(scenario) ? 0x80 : 0x00,
            root: '3F00',
          });
        }

        const summary = await service.withCard(slot.reader, (t) =>
          new CardDriver(t).readCardSummary(),
        );
        expect(summary.reader).toBe(slot.reader);
        expect(summary.problems).toEqual([]);
        expect(summary.cardNumber).toBe(card.cardNumber);
        const onCard = Object.values(card.certificates).map((der) => der.toString('hex'));
        expect(summary.certificates.map((c) => c.der.toString('hex')).sort()).toEqual(
          onCard.sort(),
        );
        if (family === 'virtual') {
          expect(summary.pin).toMatchObject({ triesLeft: card.pinTriesLeft, source: 'card' });
          expect(summary.userCode).toMatchObject({ triesLeft: card.userCodeTriesLeft });
        } else {
          // Vendor and unknown cards are never sent a PIN command, not even an empty VERIFY.
          expect(summary.pin).toBeNull();
          for (const ins of [0x20, 0x24, 0x2c]) expect(receivedIns(card, ins)).toEqual([]);
        }
      } finally {
        await pull(service, slot);
        giveSlot(slotNumber);
      }
    },
    120_000,
  );
});

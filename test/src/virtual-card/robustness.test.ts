import { describe, expect, it } from 'vitest';
import { createVirtualCard, SCENARIOS } from '../../../src/virtual-card';

/** Small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING_INS = [0x20, 0x24, 0x2c, 0xa4, 0xb0, 0xc0, 0xca, 0x84];

describe('whatever it is sent', () => {
  it.each(SCENARIOS)(
    '%s answers every APDU with a status word and never throws',
    async (scenario) => {
      const card = await createVirtualCard({ scenario });
      const rnd = prng(scenario.length * 7919);
      const byte = (): number => Math.floor(rnd() * 256);
      for (let i = 0; i < 400; i++) {
        const length = Math.floor(rnd() * 30);
        const apdu = Buffer.from(Array.from({ length }, byte));
        if (length > 1) apdu[0] = rnd() < 0.5 ? 0x00 : 0x80;
        if (length > 1) apdu[1] = INTERESTING_INS[Math.floor(rnd() * INTERESTING_INS.length)]!;
        const response = await card.process(apdu);
        expect(response.length).toBeGreaterThanOrEqual(2);
        const sw1 = response[response.length - 2]!;
        expect([0x61, 0x62, 0x63, 0x65, 0x67, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x90]).toContain(
          sw1,
        );
        if (i % 50 === 0) card.reset();
      }
      expect(card.pinTriesLeft).toBeGreaterThanOrEqual(0);
    },
  );
});

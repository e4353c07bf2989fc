import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createVirtualSource,
  DEMO_READER,
  identifyCard,
  openVirtualSource,
  type VirtualCardSource,
} from '../../../src/sources';
import type { CardTransport } from '../../../src/card/transport';

const SELECT_MF = Buffer.from('00A40000023F00', 'hex');
let source: VirtualCardSource | undefined;

afterEach(async () => {
  await source?.close();
  source = undefined;
});

describe('in-process virtual card source', () => {
  it('shows one reader per card, present, with its ATR, then its identity', async () => {
    source = await openVirtualSource('fresh');
    const [reader] = source.readers();
    expect(reader).toMatchObject({ name: DEMO_READER, cardPresent: true, mute: false });
    expect(reader!.atr).toMatch(/^3B8A80/);
    await vi.waitUntil(() => source!.readers()[0]!.identity);
    expect(source.readers()[0]!.identity).toMatchObject({ family: 'virtual', pinChannel: 'iso' });
  });

  it('holds several cards, each in its own reader, and an empty reader', async () => {
    source = await createVirtualSource([
      { reader: 'A', card: { scenario: 'fresh' } },
      { reader: 'B', card: { scenario: 'unknown-atr' } },
      { reader: 'C' },
    ]);
    const readers = source.readers();
    expect(readers.map((r) => [r.name, r.cardPresent])).toEqual([
      ['A', true],
      ['B', true],
      ['C', false],
    ]);
    expect(readers[0]!.atr).not.toBe(readers[1]!.atr);
    await expect(source.withCard('C', async () => 1)).rejects.toMatchObject({ code: 'no-card' });
    await expect(source.withCard('Z', async () => 1)).rejects.toMatchObject({ code: 'no-reader' });
  });

  it('emits insertion, removal and identification events at runtime', async () => {
    source = await createVirtualSource([{ reader: 'A' }], { identify: identifyCard });
    const events: string[] = [];
    for (const name of [
      'card-inserted',
      'card-removed',
      'card-identified',
      'reader-added',
      'reader-removed',
    ] as const) {
      source.on(name, () => events.push(name));
    }
    await source.insertCard('A', { scenario: 'fresh' });
    await vi.waitUntil(() => events.includes('card-identified'));
    source.removeCard('A');
    source.addReader('B');
    source.removeReader('B');
    expect(events).toEqual([
      'card-inserted',
      'card-identified',
      'card-removed',
      'reader-added',
      'reader-removed',
    ]);
    expect(source.readers()).toEqual([
      { name: 'A', cardPresent: false, atr: null, mute: false, identity: null },
    ]);
  });

  it('runs one operation at a time per card, with the driver nesting its own transactions', async () => {
    source = await openVirtualSource('fresh');
    const order: string[] = [];
    const op = (name: string) =>
      source!.withCard(DEMO_READER, async (t) => {
        order.push(`${name}:start`);
        // The driver opens its own transaction inside the operation: it must not wait on us.
        await t.withTransaction(async () => t.transmit(SELECT_MF));
        await new Promise((r) => setTimeout(r, 5));
        order.push(`${name}:end`);
      });
    await Promise.all([op('a'), op('b')]);
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
  });

  it('resets the card after an operation that asks for it, from outside or from the driver', async () => {
    source = await openVirtualSource('fresh');
    const card = source.cardIn(DEMO_READER)!;
    const reset = vi.spyOn(card, 'reset');
    await source.withCard(DEMO_READER, async (t) => t.transmit(SELECT_MF));
    expect(reset).not.toHaveBeenCalled();
    await source.withCard(DEMO_READER, async (t) => t.transmit(SELECT_MF), { reset: true });
    expect(reset).toHaveBeenCalledTimes(1);
    await source.withCard(DEMO_READER, (t) => t.withTransaction(async () => 0, { reset: true }));
    expect(reset).toHaveBeenCalledTimes(2);
  });

  it('gives a pulled card, and a transport kept after its operation, no answer', async () => {
    source = await openVirtualSource('fresh');
    let kept: CardTransport | undefined;
    const answer = await source.withCard(DEMO_READER, async (t) => {
      kept = t;
      const first = await t.transmit(SELECT_MF);
      source!.removeCard(DEMO_READER);
      return [first, await t.transmit(SELECT_MF)];
    });
    expect(answer[0]!.subarray(-2).toString('hex')).toBe('9000');
    expect(answer[1]).toHaveLength(0);
    await source.insertCard(DEMO_READER, { scenario: 'fresh' });
    expect(await kept!.transmit(SELECT_MF)).toHaveLength(0);
  });

  it('rejects an unknown scenario with the list of known ones', async () => {
    await expect(openVirtualSource('no-such-scenario')).rejects.toMatchObject({
      code: 'invalid-input',
      params: { name: 'no-such-scenario' },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { CardService } from '../../../src/sources/pcsc';
import { createVirtualSource, DEMO_READER } from '../../../src/sources/virtual-source';
import { createVirtualCard, type VirtualCard } from '../../../src/virtual-card';
import { FakePcsc } from '../sources/pcsc/fake-pcsclite';
import { NOW, run } from './run-cli';

/** A PC/SC service with no pcscd to talk to: it reports itself down. */
function downSource(): CardService {
  const pcsc = new FakePcsc();
  pcsc.up = false;
  return new CardService({ factory: pcsc.factory });
}

/** The fresh virtual card, except that its OS version file is missing. */
async function cardWithoutOsVersion(): Promise<VirtualCard> {
  const card = await createVirtualCard({ scenario: 'fresh', now: () => NOW });
  const process = card.process.bind(card);
  card.process = async (apdu: Buffer) =>
    apdu[1] === 0xa4 && apdu.subarray(5, 7).equals(Buffer.from([0x09, 0x05]))
      ? Buffer.from([0x6a, 0x82])
      : process(apdu);
  return card;
}

describe('opening the card source', () => {
  it('a PC/SC service that reports itself down → exit 3 naming PC/SC', async () => {
    const r = await run(['status', '--json'], { services: { openPcsc: async () => downSource() } });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).error.code).toBe('pcsc-unavailable');
    expect(r.stderr).toContain('PC/SC');
  });

  it('an unknown scenario → exit 2 listing the valid ones', async () => {
    const r = await run(['status', '--virtual', 'no-such-card']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fresh');
  });
});

describe('a card that cannot be read completely', () => {
  it('status still reports the rest, names what is missing, and exits 1', async () => {
    const source = await createVirtualSource([{ reader: DEMO_READER }], { now: () => NOW });
    await source.insertCard(DEMO_READER, await cardWithoutOsVersion());
    const r = await run(['status', '--virtual', 'fresh', '--json'], {
      services: { now: () => NOW, openVirtual: async () => source },
    });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.osVersion).toBeNull();
    expect(doc.cardNumber).toBe('TP03000012345678');
    expect(doc.certificates).toHaveLength(4);
    expect(doc.problems).toEqual([
      expect.objectContaining({ item: 'osVersion', code: 'card-error' }),
    ]);
    expect(r.stderr).toMatch(/^warning: /m);
  });
});

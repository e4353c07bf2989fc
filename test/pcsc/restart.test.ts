/**
 * pcscd going away under a running service, and missing when the service starts. These
 * tests stop the machine's pcscd, so they run only where the harness may do that (it
 * started pcscd itself, CI, or CITIZEN_CARD_PCSCD_RESTARTABLE=1).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CardDriver } from '../../src/card';
import { vpcdReaderName } from '../../src/virtual-card/vpcd-link';
import { CardService } from '../../src/sources/pcsc';
import { ensurePcscd, startPcscd, takeDownPcscd } from '../helpers/pcscd';
import { cardFor, insert, nextEvent, pcscEnv, startService, until } from './support';

describe.skipIf(!pcscEnv.available || !pcscEnv.restartable)('pcscd restarts', () => {
  afterAll(async () => {
    // Whatever happened, leave a running pcscd for the files after this one.
    await ensurePcscd();
  });

  it('pcscd killed and restarted: pcsc-down, then pcsc-up, and the card is seen again', async () => {
    const service = await startService({ retryInitialMs: 100, retryMaxMs: 500 });
    try {
      const card = await cardFor('fresh');
      const first = await insert(service, card, 0);
      const events: string[] = [];
      for (const name of ['card-removed', 'reader-removed', 'pcsc-down', 'pcsc-up'] as const) {
        service.on(name, () => events.push(name));
      }
      const down = nextEvent(service, 'pcsc-down');

      await takeDownPcscd('kill');
      expect((await down).reason).toMatch(/0x80100013|0x8010001d|0x8010001e/);
      expect(events.slice(0, 2)).toEqual(['card-removed', 'reader-removed']);
      expect(service.readers()).toEqual([]);
      // vpcd went with pcscd: the virtual card is out of its reader.
      expect(await first.link.closed).toBe('peer-closed');
      await expect(service.withCard(first.reader, async () => 1)).rejects.toMatchObject({
        code: 'pcsc-unavailable',
      });

      const up = nextEvent(service, 'pcsc-up', undefined, 10_000);
      await startPcscd();
      await up;
      await until(() => service.readers().some((r) => r.name === vpcdReaderName(1)));

      const again = await insert(service, card, 0);
      try {
        const number = await service.withCard(again.reader, (t) =>
          new CardDriver(t).readCardNumber(),
        );
        expect(number).toBe(card.cardNumber);
      } finally {
        await again.link.remove();
      }
    } finally {
      await service.close();
    }
  });

  it('pcscd absent when the service starts: pcsc-down, then pcsc-up with its readers once started', async () => {
    await takeDownPcscd('term');
    const service = new CardService({ retryInitialMs: 100, retryMaxMs: 500 });
    try {
      const down = await nextEvent(service, 'pcsc-down');
      expect(down.reason).toContain('0x8010001d');
      await expect(service.waitForCard(undefined, 50)).rejects.toMatchObject({
        code: 'pcsc-unavailable',
      });

      const up = nextEvent(service, 'pcsc-up', undefined, 10_000);
      await startPcscd();
      await up;
      await until(() => service.readers().length >= 2, 5000, 'readers listed');

      const card = await cardFor('fresh');
      const slot = await insert(service, card, 1);
      await slot.link.remove();
    } finally {
      await service.close();
    }
  });
});

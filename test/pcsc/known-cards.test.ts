/**
 * A remembered card through the real PC/SC path (vpcd → pcscd → the card service → the
 * app's backend): the re-read costs 18 APDUs instead of 38, and the same card after an
 * extension shows its new certificates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { userDirs } from '../../src/platform';
import type { CardStatusView, KnownCardsView } from '../../src/service/contract';
import { createCardBackend } from '../../src/service/handlers';
import { KnownCards } from '../../src/service/known-cards';
import { fileSettingsStore, updateSettings } from '../../src/service/settings';
import { cardBeforeAndAfterExtension } from '../helpers/extended-card';
import { pcscEnv, serviceForFile } from './support';

const home = mkdtempSync(join(tmpdir(), 'ccm-pcsc-known-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe.skipIf(!pcscEnv.available)('a remembered card through pcscd + vpcd', () => {
  const pcsc = serviceForFile();

  it('is re-read in 18 APDUs, and after an extension the new certificates are shown', async () => {
    const known = new KnownCards(userDirs({ CITIZEN_CARD_HOME: home }));
    await updateSettings({ rememberCards: true }, known.settingsPath);
    const backend = createCardBackend({
      source: pcsc.service,
      appInfo: {
        name: 't',
        version: '0',
        runtime: 'browser',
        platform: 'linux',
        demoScenario: null,
      },
      knownCards: known,
      settings: fileSettingsStore(known.settingsPath),
      log: () => undefined,
    });
    const status = async (reader: string) => {
      const r = await backend.invoke('card:status', { reader });
      if (!r.ok) throw new Error(r.error.messageKey);
      return r.value as CardStatusView;
    };
    try {
      const { before, after } = await cardBeforeAndAfterExtension(new Date());
      const first = await pcsc.insert(before, 0);
      let sent = before.received.length;
      const cold = await status(first.reader);
      expect(before.received.length - sent).toBe(38);
      sent = before.received.length;
      const again = await status(first.reader);
      expect(before.received.length - sent).toBe(18);
      expect(again.certificates.map((c) => c.serialNumber)).toEqual(
        cold.certificates.map((c) => c.serialNumber),
      );
      await first.link.remove();

      const second = await pcsc.insert(after, 0);
      const extended = await status(second.reader);
      const sign = extended.certificates.find((c) => c.id === 'SIGN')!;
      expect(sign.serialNumber).not.toBe(
        cold.certificates.find((c) => c.id === 'SIGN')!.serialNumber,
      );
      expect(extended.advice?.extended).toBe(true);
      const list = await backend.invoke('cards:list', undefined);
      expect(list.ok && (list.value as KnownCardsView).cards[0]?.nextWindow?.kind).toBe(
        'onlineRenewal',
      );
    } finally {
      backend.close();
    }
  });
});

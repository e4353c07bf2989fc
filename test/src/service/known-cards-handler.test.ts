/**
 * "My cards" through the app's backend (the same handlers Electron and the browser host
 * serve): nothing is remembered until the switch is on; then each card read is remembered,
 * listed masked and revealed on request, re-read without the certificates it still holds,
 * and after an extension the new certificates are what the app shows.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userDirs } from '../../../src/platform';
import type { CardBackend } from '../../../src/service/handler-types';
import { createCardBackend } from '../../../src/service/handlers';
import { KnownCards } from '../../../src/service/known-cards';
import { fileSettingsStore, updateSettings } from '../../../src/service/settings';
import { createVirtualSource, DEMO_READER } from '../../../src/sources/virtual-source';
import type { VirtualCard } from '../../../src/virtual-card';
import { cardBeforeAndAfterExtension } from '../../helpers/extended-card';

const NOW = new Date('2026-12-03T02:00:00Z');

let home: string;
let known: KnownCards;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'ccm-known-app-'));
  known = new KnownCards(userDirs({ CITIZEN_CARD_HOME: home }));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function app(card: VirtualCard, options: { knownCards?: KnownCards | null } = {}) {
  const source = await createVirtualSource([{ reader: DEMO_READER }], { now: () => NOW });
  await source.insertCard(DEMO_READER, card);
  const backend: CardBackend = createCardBackend({
    source,
    appInfo: { name: 't', version: '0', runtime: 'browser', platform: 'linux', demoScenario: null },
    now: () => NOW,
    log: () => undefined,
    settings: fileSettingsStore(known.settingsPath),
    ...(options.knownCards === null ? {} : { knownCards: options.knownCards ?? known }),
  });
  const call = async <T>(channel: string, request?: unknown): Promise<T> => {
    const result = await backend.invoke(channel, request);
    if (!result.ok) throw Object.assign(new Error(result.error.messageKey), result.error);
    return result.value as T;
  };
  return {
    source,
    call,
    invoke: (channel: string, request?: unknown) => backend.invoke(channel, request),
    close: async () => {
      backend.close();
      await source.close();
    },
  };
}

type View = import('../../../src/service/contract').KnownCardsView;
type Status = import('../../../src/service/contract').CardStatusView;

describe('My cards in the app', () => {
  it('remembers nothing while the switch is off', async () => {
    const { before } = await cardBeforeAndAfterExtension(NOW);
    const a = await app(before);
    try {
      await a.call('card:status', { reader: DEMO_READER });
      expect(await a.call<View>('cards:list')).toEqual({
        remembering: false,
        cards: [],
        problem: null,
        error: null,
      });
      expect((await known.load()).cards).toEqual([]);
    } finally {
      await a.close();
    }
  });

  it('with the switch on: remembers the card, lists it masked, reveals it on request, forgets it', async () => {
    const { before } = await cardBeforeAndAfterExtension(NOW);
    const a = await app(before);
    try {
      // The switch is the rememberCards setting (My cards and the Settings screen alike).
      await a.call('settings:set', { rememberCards: true });
      expect((await a.call<View>('cards:list')).remembering).toBe(true);
      await a.call('card:status', { reader: DEMO_READER });
      const { cards } = await a.call<View>('cards:list');
      expect(cards).toHaveLength(1);
      expect(cards[0]).toMatchObject({
        cardNumber: 'TP03********5678',
        holderName: '王*明',
        masked: true,
        status: 'valid',
        nextWindow: { kind: 'extension', state: 'upcoming' },
        urgency: 'upcoming',
      });
      expect(await a.call('cards:reveal', { id: cards[0]!.id })).toEqual({
        cardNumber: 'TP03000012345678',
        holderName: '王小明',
      });
      expect((await a.call<View>('cards:forget', { id: cards[0]!.id })).cards).toEqual([]);
      const gone = await a.invoke('cards:reveal', { id: cards[0]!.id });
      expect(gone).toMatchObject({ ok: false, error: { messageKey: 'knownCards.error.gone' } });
    } finally {
      await a.close();
    }
  });

  it('re-reads a remembered card in 18 APDUs, and after an extension shows the new certificates', async () => {
    const { before, after } = await cardBeforeAndAfterExtension(NOW);
    await updateSettings({ rememberCards: true }, known.settingsPath);
    const first = await app(before);
    let oldSerial: string;
    try {
      await first.call('card:status', { reader: DEMO_READER });
      const sent = before.received.length;
      const again = await first.call<Status>('card:status', { reader: DEMO_READER });
      expect(before.received.length - sent).toBe(18);
      oldSerial = again.certificates.find((c) => c.id === 'SIGN')!.serialNumber;
    } finally {
      await first.close();
    }

    // The same card comes back extended: new signing and key-exchange certificates.
    const second = await app(after);
    try {
      const status = await second.call<Status>('card:status', { reader: DEMO_READER });
      const sign = status.certificates.find((c) => c.id === 'SIGN')!;
      expect(sign.serialNumber).not.toBe(oldSerial);
      expect(sign.pem.replace(/-----[A-Z ]+-----|\s/g, '')).toBe(
        after.certificates.signing.toString('base64'),
      );
      expect(status.advice).toMatchObject({ extended: true, status: 'renewal-window' });
      // The list follows: the card now waits for online renewal.
      const [card] = (await second.call<View>('cards:list')).cards;
      expect(card).toMatchObject({
        extended: true,
        nextWindow: { kind: 'onlineRenewal', state: 'open' },
      });
    } finally {
      await second.close();
    }
  });

  it('gives the calendar file as a download in the browser, and it parses', async () => {
    const { before } = await cardBeforeAndAfterExtension(NOW);
    await updateSettings({ rememberCards: true }, known.settingsPath);
    const a = await app(before);
    try {
      await a.call('card:status', { reader: DEMO_READER });
      const file = await a.call<{ fileName: string; saved: boolean; base64: string }>(
        'cards:calendar',
        { lang: 'en' },
      );
      expect(file).toMatchObject({ fileName: 'citizen-card-reminders.ics', saved: false });
      const text = Buffer.from(file.base64, 'base64').toString('utf8');
      const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
      expect(events.map((e) => new ICAL.Event(e).summary)).toEqual([
        '王*明 (card …5678): citizen certificate can be extended from today',
        '王*明 (card …5678): last day to extend the citizen certificate',
      ]);
    } finally {
      await a.close();
    }
  });

  it('a damaged list does not stop the app: the card is still read, and the list says where the file went', async () => {
    const { before } = await cardBeforeAndAfterExtension(NOW);
    await updateSettings({ rememberCards: true }, known.settingsPath);
    mkdirSync(dirname(known.storePath), { recursive: true });
    writeFileSync(known.storePath, 'garbage');
    const a = await app(before);
    try {
      const status = await a.call<Status>('card:status', { reader: DEMO_READER });
      expect(status.cardNumber).toBe('TP03000012345678');
      const view = await a.call<View>('cards:list');
      expect(view.problem).toMatchObject({ reason: 'not-json', kept: 0 });
      expect(view.problem!.movedTo).toContain('known-cards.json.damaged-');
      expect(view.cards).toHaveLength(1);
    } finally {
      await a.close();
    }
  });

  it('a list written by a newer version is shown as an error, not as an empty list, and not touched', async () => {
    const { before } = await cardBeforeAndAfterExtension(NOW);
    await updateSettings({ rememberCards: true }, known.settingsPath);
    mkdirSync(dirname(known.storePath), { recursive: true });
    writeFileSync(known.storePath, '{"version": 9, "cards": []}');
    const a = await app(before);
    try {
      await a.call('card:status', { reader: DEMO_READER });
      const view = await a.call<View>('cards:list');
      expect(view.cards).toEqual([]);
      expect(view.error).toMatchObject({ messageKey: 'knownCards.tooNew', params: { version: 9 } });
    } finally {
      await a.close();
    }
  });

  it('without a store (a host that keeps nothing) the list is empty and actions say so', async () => {
    const { before } = await cardBeforeAndAfterExtension(NOW);
    const a = await app(before, { knownCards: null });
    try {
      expect((await a.call<View>('cards:list')).cards).toEqual([]);
      expect(await a.invoke('cards:calendar', { lang: 'en' })).toMatchObject({
        ok: false,
        error: { messageKey: 'knownCards.error.unavailable' },
      });
    } finally {
      await a.close();
    }
  });

  it('refuses requests that name a card by anything but its random ID', async () => {
    const { before } = await cardBeforeAndAfterExtension(NOW);
    const a = await app(before);
    try {
      for (const [channel, request] of [
        ['cards:reveal', { id: 'TP03000012345678' }],
        ['cards:forget', { id: '../../etc' }],
        ['cards:forget', { all: 'yes' }],
        ['cards:forget', { all: true, id: '00000000-0000-0000-0000-000000000000' }],
        ['cards:calendar', { lang: 'fr' }],
        ['cards:list', { extra: true }],
      ] as const) {
        expect(await a.invoke(channel, request)).toMatchObject({
          ok: false,
          error: { code: 'invalid-input', messageKey: 'app.error.badRequest' },
        });
      }
    } finally {
      await a.close();
    }
  });
});

/**
 * Shared pieces of the PC/SC integration tests: the run's pcscd situation (from the global
 * setup), waiting for service events, and inserting / pulling virtual cards through vpcd.
 */
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import type { CardSourceEvents } from '../../src/sources/card-source';
import { createVirtualCard, type ScenarioName, type VirtualCard } from '../../src/virtual-card';
import type { SimulatedCard } from '../../src/virtual-card/types';
import {
  connectToVpcd,
  vpcdReaderName,
  type VpcdLink,
  type VpcdLinkOptions,
} from '../../src/virtual-card/vpcd-link';
import { CardService, type CardServiceOptions } from '../../src/sources/pcsc';

export const pcscEnv = inject('pcsc');

type EventName = keyof CardSourceEvents;

/**
 * Resolve on the next `event` matching `accept`. Create the wait *before* the action that
 * causes the event, then await it.
 */
export function nextEvent<K extends EventName>(
  service: CardService,
  event: K,
  accept: (payload: CardSourceEvents[K]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<CardSourceEvents[K]> {
  return new Promise((resolve, reject) => {
    const listener = (payload: CardSourceEvents[K]) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      service.off(event, listener);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      service.off(event, listener);
      reject(new Error(`no '${event}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    service.on(event, listener);
  });
}

export async function until(
  check: () => boolean,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A service that has listed vpcd's readers. */
export async function startService(options: CardServiceOptions = {}): Promise<CardService> {
  const service = new CardService(options);
  await until(
    () => service.readers().some((r) => r.name === vpcdReaderName(1)),
    5000,
    'vpcd readers listed',
  );
  return service;
}

export function cardFor(scenario: ScenarioName): Promise<VirtualCard> {
  // It keeps every command it receives: the tests check what reached the card.
  return createVirtualCard({ scenario, recordCommands: 100_000 });
}

export interface Inserted {
  link: VpcdLink;
  reader: string;
}

/**
 * Insert `card` into vpcd `slot` and wait until the service has seen it (and identified
 * it, unless `identified` is false or the service does not identify).
 */
export async function insert(
  service: CardService,
  card: SimulatedCard,
  slot: number,
  options: VpcdLinkOptions & { identified?: boolean } = {},
): Promise<Inserted> {
  const reader = vpcdReaderName(slot);
  await waitEmpty(service, reader);
  const inserted = nextEvent(service, 'card-inserted', (e) => e.reader === reader);
  const identified =
    options.identified === false
      ? null
      : nextEvent(service, 'card-identified', (e) => e.reader === reader, 8000);
  const link = await connectToVpcd(card, { ...options, slot });
  await inserted;
  await identified;
  return { link, reader };
}

/**
 * The usual shape of a PC/SC test file: one card service for the whole file, and the card
 * a test inserts pulled again after that test, so the next one starts from empty readers.
 * Call it inside the file's describe block.
 */
export function serviceForFile(options: CardServiceOptions = {}) {
  let service: CardService | undefined;
  let inserted: Inserted | null = null;
  beforeAll(async () => {
    service = await startService(options);
  });
  afterEach(async () => {
    if (service && inserted) await pull(service, inserted);
    inserted = null;
  });
  afterAll(async () => {
    await service?.close();
  });
  const started = (): CardService => {
    if (!service) throw new Error('the card service starts in beforeAll');
    return service;
  };
  return {
    get service(): CardService {
      return started();
    },
    /** `insert` into the file's service; the card is pulled after the test. */
    async insert(
      card: SimulatedCard,
      slot: number,
      options: VpcdLinkOptions & { identified?: boolean } = {},
    ): Promise<Inserted> {
      inserted = await insert(started(), card, slot, options);
      return inserted;
    },
  };
}

/**
 * Pull the card and wait for the service to see the slot empty: a removed virtual card
 * may still read as present for up to 400 ms (docs/pcsc-linux.md).
 */
export async function pull(service: CardService, inserted: Inserted): Promise<void> {
  await inserted.link.remove();
  await waitEmpty(service, inserted.reader);
}

export async function waitEmpty(service: CardService, reader: string): Promise<void> {
  await until(
    () => !service.readers().find((r) => r.name === reader)?.cardPresent,
    3000,
    `${reader} empty`,
  );
}

/** APDUs the card received with this INS byte. */
export function receivedIns(card: VirtualCard, ins: number): Buffer[] {
  return card.received.filter((apdu) => apdu[1] === ins);
}

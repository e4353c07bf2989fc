import { X509Certificate } from 'node:crypto';
import { CardDriver } from '../../../src/card';
import type { ApduTraceEvent } from '../../../src/card/apdu';
import {
  createVirtualCard,
  InProcessTransport,
  type ScenarioName,
  type VirtualCard,
  type VirtualCardOptions,
} from '../../../src/virtual-card';

/** A fixed day, so certificate windows are the same on every run. */
export const NOW = new Date('2026-05-04T03:00:00Z');

/** More commands than any test sends: the card keeps them all. */
export const RECORD_ALL = 100_000;

export interface Rig {
  card: VirtualCard;
  transport: InProcessTransport;
  driver: CardDriver;
  trace: ApduTraceEvent[];
}

export async function rig(
  scenario: ScenarioName,
  options: Omit<VirtualCardOptions, 'scenario' | 'now'> = {},
): Promise<Rig> {
  // Every command it receives is kept: these tests check what the driver sent.
  const card = await createVirtualCard({
    scenario,
    now: () => NOW,
    recordCommands: RECORD_ALL,
    ...options,
  });
  const transport = new InProcessTransport(card);
  const trace: ApduTraceEvent[] = [];
  const driver = new CardDriver(transport, { trace: (e) => trace.push(e) });
  return { card, transport, driver, trace };
}

const PIN_INS = [0x20, 0x24, 0x2c];

/** Every INS 20/24/2C the card received. */
export const pinCommands = (card: VirtualCard) =>
  card.received.filter((c) => PIN_INS.includes(c[1]!));

/** Those of them that carried data: the ones that can spend a try. */
export const spendingCommands = (card: VirtualCard) =>
  pinCommands(card).filter((c) => c.length > 5);

export const secret = (s: string) => Buffer.from(s, 'latin1');

export function parseDer(der: Buffer): X509Certificate {
  return new X509Certificate(der);
}

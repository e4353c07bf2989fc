/**
 * Telling the cards people confuse with their 自然人憑證 (card-profile.md §7), beyond the ATR
 * table's own rows: read-only SELECTs of public AIDs for a card whose ATR matched nothing,
 * and, for a card of MOICA's make, the prefix of its card number. Never a PIN command, and
 * only values with a public source (resources/atr-table.json says which).
 */
import type { OtherCard } from '../core/model';
import { fromHex } from './apdu/hex';
import type { ApduLink } from './apdu/transmit';
import type { AidProbe, AtrTable } from './atr-table';

/**
 * Each AID probe of the table in order; the first card that accepts one (9000) is that
 * card. Every other answer, including errors, means "not this one".
 */
export async function probeOtherCard(link: ApduLink, table: AtrTable): Promise<OtherCard | null> {
  for (const probe of table.aidProbes ?? []) {
    const response = await link.send(aidSelect(probe));
    if (response.sw === 0x9000) return { kind: probe.otherCard, how: 'aid', certain: true };
  }
  return null;
}

/** `00 A4 04 00 Lc <aid> [Le]`, byte for byte the command the probe's source publishes. */
function aidSelect(probe: AidProbe) {
  const command = { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00, data: fromHex(probe.aid) };
  return probe.le === undefined ? command : { ...command, le: probe.le };
}

/**
 * card-profile.md §3: 自然人憑證 card numbers start with TP or TT. A card of MOICA's make
 * (same ATR, same files) whose number does not is probably another GPKI card (工商憑證,
 * 組織及團體憑證...). Only "probably": the prefixes come from public traces, not from MOICA.
 */
export const CITIZEN_CARD_PREFIXES: readonly string[] = ['TP', 'TT'];

export function otherCardByNumber(cardNumber: string | null): OtherCard | null {
  if (!cardNumber) return null;
  if (CITIZEN_CARD_PREFIXES.some((p) => cardNumber.startsWith(p))) return null;
  return { kind: 'gpki', how: 'card-number', certain: false };
}

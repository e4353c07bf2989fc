/**
 * Which PKCS#11 slot holds the card in a given PC/SC reader. HiCOS reports the card number
 * as the token serial (pkcs11-tool on a real card, see README "Real MOICA cards"), and PC/SC-based
 * modules usually name a slot after its reader. The matcher is injectable: tests pair a
 * virtual card with a SoftHSM2 token, whose serial cannot be chosen.
 */
import type { SlotReport } from '../../card/pkcs11/protocol';

export interface CardToMatch {
  /** The PC/SC reader name. */
  reader: string;
  /** Read from the card over PC/SC (EF 0903); null when it could not be read. */
  cardNumber: string | null;
}

export type SlotMatcher = (card: CardToMatch, slots: SlotReport[]) => SlotReport | null;

/**
 * A slot description that is the reader's name, or either one cut short of the other
 * (CK_SLOT_INFO.slotDescription is 64 characters at most; some modules add a suffix).
 */
export function describesReader(description: string, reader: string): boolean {
  const d = description.trim();
  const r = reader.trim();
  if (!d || !r) return false;
  return d === r || r.startsWith(d) || d.startsWith(r);
}

function only(slots: SlotReport[]): SlotReport | null {
  return slots.length === 1 ? slots[0]! : null;
}

/**
 * The token whose serial is the card number (narrowed by reader when several claim it);
 * failing that, the one slot named after the reader whose token has no serial to
 * contradict. Anything ambiguous matches nothing: a PIN never goes to a guessed token.
 */
export const matchSlotBySerialOrReader: SlotMatcher = (card, slots) => {
  const withToken = slots.filter((s) => s.token !== null);
  const inReader = (s: SlotReport) => describesReader(s.description, card.reader);
  const number = card.cardNumber?.trim().toUpperCase();
  if (number) {
    const bySerial = withToken.filter((s) => s.token!.serialNumber.trim().toUpperCase() === number);
    if (bySerial.length === 1) return bySerial[0]!;
    if (bySerial.length > 1) return only(bySerial.filter(inReader));
    return only(withToken.filter((s) => inReader(s) && s.token!.serialNumber.trim() === ''));
  }
  return only(withToken.filter(inReader));
};

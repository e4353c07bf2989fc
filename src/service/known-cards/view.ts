/**
 * A remembered card as "My cards" and `cards --json` show it: masked unless asked, with the
 * advice, the next window and what is due. Pure.
 */
import type { KnownCardView, KnownCardsProblemView } from '../contract';
import { maskCardNumber, maskName } from '../diagnostics/masking';
import type { CardWithOutlook } from './known-cards';
import type { KnownCardsProblem } from './store';

export function knownCardView(
  { card, outlook, reminder }: CardWithOutlook,
  unmask: boolean,
): KnownCardView {
  const { advice, window } = outlook;
  return {
    id: card.id,
    cardNumber: unmask ? card.cardNumber : maskCardNumber(card.cardNumber),
    holderName:
      card.holderName === null ? null : unmask ? card.holderName : maskName(card.holderName),
    masked: !unmask,
    family: card.family,
    lastSeen: card.lastSeen,
    expiresOn: advice?.expiresOn ?? null,
    finalExpiresOn: advice?.finalExpiresOn ?? null,
    extended: advice?.extended ?? null,
    status: advice?.status ?? null,
    daysLeft: advice?.daysLeft ?? null,
    notAfter: advice ? (card.holder?.notAfter ?? null) : null,
    nextWindow: window ? { ...window } : null,
    urgency: outlook.urgency,
    reminder: reminder?.kind ?? null,
  };
}

export function problemView(problem: KnownCardsProblem | null): KnownCardsProblemView | null {
  return problem ? { ...problem } : null;
}

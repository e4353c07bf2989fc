/**
 * Which PIN operations this page may ask for on the card shown. Cards with plain ISO PIN
 * commands (the virtual card) go through the card driver. A genuine MOICA card goes
 * through the vendor's PKCS#11 module, and only when that module answered for this very
 * card (`pin.source === 'pkcs11'`, README "Real MOICA cards"); unblocking it stays MOICA's online
 * procedure (R-UNLOCK-ONLINE). Every other card is read-only here.
 */
import { plainPinRefusal } from '../../src/card/pin-policy';
import type { CardStatusView } from '../../src/service/contract';
import type { PinKind } from './card-store';

/** The vendor's module reported this card's PIN state, so verify and change can use it. */
export function managedByModule(status: CardStatusView): boolean {
  return status.pinChannel === 'vendor' && status.pin?.source === 'pkcs11';
}

/** The refusal's message key, or null when the operation may go ahead to validation. */
export function pinRefusal(status: CardStatusView, kind: PinKind): string | null {
  const plain = plainPinRefusal(status.pinChannel);
  if (plain !== 'vendor-card') return plain && `refused.${plain}`;
  // No plain PIN command for a MOICA card, but its module may verify and change its PIN.
  if (kind === 'unblock') return 'refused.unblock-not-offered';
  return managedByModule(status) ? null : 'refused.vendor-card';
}

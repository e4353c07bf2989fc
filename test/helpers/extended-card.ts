/**
 * One card before and after an extension (展期): the same number, holder and PINs, and
 * afterwards new holder certificates (new serials, the `extended` dates) under the same CAs,
 * which is what an extension writes onto a real card.
 */
import {
  cardKeys,
  createVirtualCard,
  scenarioProfile,
  VirtualCard,
  VIRTUAL_CARD_DEFAULTS,
  type CertificateSet,
} from '../../src/virtual-card';
import { certificatesFor } from '../../src/virtual-card/certificates';
import { taipeiDateOf } from '../../src/virtual-card/taipei-dates';

/** The default virtual card (fresh scenario) holding `certificates`. */
export function defaultCardWith(certificates: CertificateSet): VirtualCard {
  const d = VIRTUAL_CARD_DEFAULTS;
  return new VirtualCard({
    scenario: 'fresh',
    profile: scenarioProfile('fresh'),
    state: {
      scenario: 'fresh',
      cardNumber: d.cardNumber,
      holderName: d.holderName,
      holderSerialNumber: d.holderSerialNumber,
      pin: d.pin,
      userCode: d.userCode,
      pinTriesLeft: 3,
      userCodeTriesLeft: 5,
    },
    certificates,
    keys: cardKeys('ok'),
    osVersion: d.osVersion,
    readPastEnd: 'warning',
    cdfTagging: 'implicit',
    recordCommands: 10_000,
  });
}

export async function cardBeforeAndAfterExtension(
  now: Date,
): Promise<{ before: VirtualCard; after: VirtualCard }> {
  // Tests count the APDUs a status read costs, so this card keeps what it receives.
  const before = await createVirtualCard({
    scenario: 'fresh',
    now: () => now,
    recordCommands: 10_000,
  });
  const renewed = certificatesFor(scenarioProfile('extended').validity, taipeiDateOf(now), {
    name: VIRTUAL_CARD_DEFAULTS.holderName,
    serialNumber: VIRTUAL_CARD_DEFAULTS.holderSerialNumber,
  });
  const after = defaultCardWith({
    ...before.certificates,
    signing: renewed.signing,
    keyExchange: renewed.keyExchange,
  });
  return { before, after };
}

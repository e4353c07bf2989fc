/**
 * Reading a card's PIN state through its PIN backend, one way for the app's IPC backend and
 * the CLI alike: `status` adds a vendor card's state from its PKCS#11 module, `diagnose`
 * asks the module for any card it answers for. Each opens the backend, asks, and lets go.
 */
import type { CardSource, ReaderState } from '../card-source';
import type { CardCertificate, PinChannel, SecretStatus } from '../../core/model';
import { openPinBackend, type KnownCard, type PinBackendOptions } from './open';
import type { PinBackend, PinState } from './types';

/** Opens the backend for the card in `reader`, runs `work`, and closes it however it ends. */
export async function withPinBackend<T>(
  source: CardSource,
  reader: ReaderState,
  options: PinBackendOptions,
  known: KnownCard,
  work: (backend: PinBackend) => Promise<T>,
): Promise<T> {
  const backend = await openPinBackend(source, reader, options, known);
  try {
    return await work(backend);
  } finally {
    await backend.close();
  }
}

/** What `status` already read over PC/SC from a card. */
export interface ReadCard {
  pinChannel: PinChannel;
  cardNumber: string | null;
  /** As read, unparseable ones included: the token is compared with them byte for byte. */
  certificates: CardCertificate[];
}

/**
 * A vendor card's PIN state from its PKCS#11 module, asked after the card was read and let
 * go of, since the module needs the card itself (card-profile.md §1.3). The card's
 * certificates go along so a module answering for another card is named as a problem.
 * null for a card whose PIN is not the vendor's (its state came with the read).
 */
export async function vendorPinState(
  source: CardSource,
  reader: ReaderState,
  options: PinBackendOptions,
  card: ReadCard,
): Promise<PinState | null> {
  if (card.pinChannel !== 'vendor') return null;
  return withPinBackend(source, reader, options, { cardNumber: card.cardNumber }, (backend) =>
    backend.state({ cardCertificates: card.certificates }),
  );
}

/**
 * For the diagnosis: the PIN state of the card in `readerName` when a PKCS#11 module
 * answers for it. null for every other case: the reader is gone, no module, no slot for
 * this card, or an ISO card, whose counters the diagnosis reads from the card itself.
 */
export async function moduleSecretState(
  source: CardSource,
  readerName: string,
  options: PinBackendOptions,
): Promise<{ pin: SecretStatus | null; userCode: SecretStatus | null } | null> {
  const reader = source.readers().find((r) => r.name === readerName);
  if (!reader) return null;
  return withPinBackend(source, reader, options, {}, async (backend) => {
    if (backend.kind !== 'pkcs11') return null;
    const state = await backend.state();
    return { pin: state.pin, userCode: state.userCode };
  });
}

/**
 * Choosing the PIN backend for the card in a reader, from its family (card-profile.md §2):
 * `iso` cards get the plain ISO backend, `vendor` cards (real MOICA) the PKCS#11 backend
 * when the vendor's module is installed and has a slot for this very card, and every
 * other case a backend that knows nothing and refuses everything.
 */
import { CardDriver, matchFamily, parseAtr, type FamilyMatch } from '../../card';
import type { CardSource, ReaderState } from '../card-source';
import { AppError, InvalidInputError, isAppError } from '../../core/errors';
import { plainPinRefusal } from '../../card/pin-policy';
import { Pkcs11Client, type Pkcs11ClientOptions } from '../../card/pkcs11/client';
import { locateModule, type LocatorEnvironment } from '../../card/pkcs11/locator';
import type { SlotReport } from '../../card/pkcs11/protocol';
import { IsoPinBackend, type DriverFactory } from './iso';
import { Pkcs11PinBackend } from './pkcs11';
import { matchSlotBySerialOrReader, type SlotMatcher } from './slot-match';
import type { PinBackend, PinOperation } from './types';
import { UnavailablePinBackend } from './unavailable';

export interface Pkcs11Settings {
  /** `--pkcs11-module PATH` or the app's setting: then only this file is tried. */
  modulePath?: string;
  /** Where the vendor's usual paths are looked up (tests pin it). */
  environment?: LocatorEnvironment;
  exists?: (path: string) => boolean;
  /** Default: token serial = card number, else the slot named after the reader. */
  matchSlot?: SlotMatcher;
  /** Timeouts, the worker's environment and launcher for clients made here. */
  client?: Omit<Pkcs11ClientOptions, 'modulePath'>;
  /**
   * A long-lived client for a module path (the app keeps one per module so the worker is
   * not restarted for every status); absent: each backend starts and ends its own.
   */
  sharedClient?: (modulePath: string) => Pkcs11Client;
}

export interface PinBackendOptions {
  pkcs11?: Pkcs11Settings;
  createDriver?: DriverFactory;
}

export interface KnownCard {
  /** Already read over PC/SC (status reads it anyway); undefined: read it here if needed. */
  cardNumber?: string | null;
  /** The one operation the backend is opened for, when known: spares a module no use. */
  intent?: PinOperation;
}

/** No module where the person said it is. */
export class ModuleNotFoundError extends InvalidInputError {
  constructor(path: string) {
    super('pkcs11.moduleNotFoundAt', { path });
  }
}

/** The module has no slot this card can be matched to (not inserted for it, or ambiguous). */
export class NoMatchingSlotError extends AppError {
  constructor(reader: string) {
    super('not-found', 'pkcs11.noSlot', { reader });
  }
}

/**
 * The family a reader's ATR names, without sending the card anything: null without an
 * ATR (no card, or a mute one), `unknown` for one that does not parse, as the driver
 * counts a garbled ATR (card-profile.md §1.4).
 */
export function familyOfReader(reader: Pick<ReaderState, 'atr'>): FamilyMatch | null {
  if (!reader.atr) return null;
  try {
    return matchFamily(parseAtr(Buffer.from(reader.atr, 'hex')));
  } catch {
    return { family: 'unknown', pinChannel: 'none', rule: null };
  }
}

/** A backend that reports `err` as its state's problem and throws it for every operation. */
function failing(err: AppError): PinBackend {
  return new UnavailablePinBackend(() => err, err, 'unblock-not-offered');
}

async function readCardNumber(
  source: CardSource,
  reader: string,
  createDriver: DriverFactory,
): Promise<string | null> {
  try {
    return await source.withCard(reader, (t) => createDriver(t).readCardNumber());
  } catch {
    // Matching then falls back to the reader's name.
    return null;
  }
}

async function openPkcs11Backend(
  source: CardSource,
  reader: ReaderState,
  settings: Pkcs11Settings,
  known: KnownCard,
  createDriver: DriverFactory,
): Promise<PinBackend> {
  const located = locateModule({
    override: settings.modulePath,
    environment: settings.environment,
    exists: settings.exists,
  });
  if (!located.found) {
    // A path the person chose (option, setting, CITIZEN_CARD_PKCS11_MODULE) is a mistake
    // to point out; none of the usual places is just "not installed".
    const chosen = located.tried.find((c) => c.origin !== 'default');
    if (chosen) return failing(new ModuleNotFoundError(chosen.path));
    // Not installed: the normal case for someone who only reads the card. Unknown state.
    return UnavailablePinBackend.refusing('vendor-module-missing', 'unblock-not-offered');
  }
  const modulePath = located.found.path;
  const shared = settings.sharedClient?.(modulePath);
  const client = shared ?? new Pkcs11Client({ ...settings.client, modulePath });
  let slots: SlotReport[];
  try {
    slots = await client.call('slots', {});
  } catch (err) {
    if (!shared) await client.close();
    if (!isAppError(err)) throw err;
    return failing(err);
  }
  const cardNumber =
    known.cardNumber !== undefined
      ? known.cardNumber
      : await readCardNumber(source, reader.name, createDriver);
  const match = settings.matchSlot ?? matchSlotBySerialOrReader;
  const slot = match(
    { reader: reader.name, cardNumber },
    slots.filter((s) => s.token !== null),
  );
  if (!slot) {
    if (!shared) await client.close();
    return failing(new NoMatchingSlotError(reader.name));
  }
  return new Pkcs11PinBackend(client, slot, !shared);
}

/**
 * The backend for the card now in `reader`. Never throws for a card it cannot serve: the
 * returned backend reports why in its state and refuses its operations, so `status` can
 * still show everything else.
 */
export async function openPinBackend(
  source: CardSource,
  reader: ReaderState,
  options: PinBackendOptions = {},
  known: KnownCard = {},
): Promise<PinBackend> {
  const createDriver = options.createDriver ?? ((t) => new CardDriver(t));
  const family = familyOfReader(reader);
  // No ATR (mute card, or none): the ISO backend's first read reports that properly, and
  // the driver refuses any non-ISO card from the ATR it sees before sending a PIN.
  const refusal = family && plainPinRefusal(family.pinChannel);
  if (!refusal) return new IsoPinBackend(source, reader.name, createDriver);
  // A MOICA card gets no plain PIN command, but the vendor's module may serve it.
  if (refusal === 'vendor-card') {
    // Unblocking a MOICA card is the online procedure (R-UNLOCK-ONLINE), module or not.
    if (known.intent === 'unblock') {
      return UnavailablePinBackend.refusing('unblock-not-offered', 'unblock-not-offered');
    }
    return openPkcs11Backend(source, reader, options.pkcs11 ?? {}, known, createDriver);
  }
  return UnavailablePinBackend.refusing(refusal);
}

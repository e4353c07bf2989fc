/**
 * createVirtualCard: picks the scenario, loads or creates the card's state file, signs the
 * certificates for today and builds the card.
 */
import { InvalidInputError } from '../core/errors';
import type { PathLengthTagging } from './cdf';
import { certificatesFor, DEFAULT_REVOCATION_URLS, type RevocationUrls } from './certificates';
import { VIRTUAL_CARD_DEFAULTS } from './defaults';
import { isValidPin, isValidUserCode } from './pin-state';
import { isScenarioName, scenarioProfile, SCENARIOS, type ScenarioName } from './scenarios';
import {
  isCardNumber,
  isHolderName,
  isHolderSerial,
  loadState,
  saveState,
  VirtualCardStateError,
  withStateLock,
  type PersistedCard,
} from './state-file';
import { loadTestKey } from './keys';
import type { SigningMode } from './scenarios';
import type { CardKeys } from './signing';
import { taipeiDateOf } from './taipei-dates';
import { VirtualCard, type ReadPastEnd } from './virtual-card';

export interface VirtualHolder {
  /** CN of the holder certificates (UTF8String). */
  name?: string;
  /** 16 digits: the subject's serialNumber attribute. */
  serialNumber?: string;
  /** 16 characters A-Z/0-9, the content of 3F00/0900/0903. */
  cardNumber?: string;
  pin?: string;
  userCode?: string;
}

export interface VirtualCardOptions {
  /** Default 'fresh'. With an existing state file it must match the saved one, if given. */
  scenario?: ScenarioName;
  /** JSON file holding the card's memory across restarts; none: the card lives in memory. */
  statePath?: string;
  /** The clock certificate dates are relative to (default: the real one). */
  now?: () => Date;
  /** Only used when the card is new; a saved card keeps what it has. */
  holder?: VirtualHolder;
  /** A read past the end of a file: 'warning' (data + 6282, default) or 'ok' (data + 9000). */
  readPastEnd?: ReadPastEnd;
  /** How the CDF encodes `length` in a Path (default 'implicit', the standard). */
  cdfLengthTagging?: PathLengthTagging;
  /** Where the test keys are (default resources/virtual-card/keys). */
  keysDir?: string;
  /** The OCSP, CRL and CA-certificate addresses the holder certificates name (default: loopback, unanswered). */
  revocationUrls?: Partial<RevocationUrls>;
  /**
   * Keep the last this-many command APDUs in `received`, PIN and user-code bytes replaced
   * (tests that check what was sent ask for it). Default: nothing is kept.
   */
  recordCommands?: number;
}

/**
 * The keys behind the card's key references. `wrong-key` (scenario `sign-broken`) signs with
 * the key-exchange key under the signing reference: a signature no certificate verifies.
 */
export function cardKeys(mode: SigningMode, keysDir?: string): CardKeys {
  const signing = loadTestKey('holder-signing', keysDir).privateKey;
  const keyExchange = loadTestKey('holder-key-exchange', keysDir).privateKey;
  return { signing: mode === 'wrong-key' ? keyExchange : signing, keyExchange };
}

function newCardState(scenario: ScenarioName, holder: VirtualHolder = {}): PersistedCard {
  const profile = scenarioProfile(scenario);
  const state: PersistedCard = {
    scenario,
    cardNumber: holder.cardNumber ?? VIRTUAL_CARD_DEFAULTS.cardNumber,
    holderName: holder.name ?? VIRTUAL_CARD_DEFAULTS.holderName,
    holderSerialNumber: holder.serialNumber ?? VIRTUAL_CARD_DEFAULTS.holderSerialNumber,
    pin: holder.pin ?? VIRTUAL_CARD_DEFAULTS.pin,
    userCode: holder.userCode ?? VIRTUAL_CARD_DEFAULTS.userCode,
    pinTriesLeft: profile.pinTriesLeft,
    userCodeTriesLeft: profile.userCodeTriesLeft,
  };
  const checks: Array<[string, boolean]> = [
    ['holder.name', isHolderName(state.holderName)],
    ['holder.serialNumber', isHolderSerial(state.holderSerialNumber)],
    ['holder.cardNumber', isCardNumber(state.cardNumber)],
    ['holder.pin', isValidPin(state.pin)],
    ['holder.userCode', isValidUserCode(state.userCode)],
  ];
  const bad = checks.find(([, ok]) => !ok);
  if (bad) throw new InvalidInputError('virtualCard.badHolder', { field: bad[0] });
  return state;
}

export async function createVirtualCard(options: VirtualCardOptions = {}): Promise<VirtualCard> {
  if (options.scenario !== undefined && !isScenarioName(options.scenario)) {
    throw new InvalidInputError('virtualCard.unknownScenario', {
      name: String(options.scenario),
      list: SCENARIOS.join(', '),
    });
  }
  const statePath = options.statePath;
  const fresh = () =>
    newCardState(options.scenario ?? VIRTUAL_CARD_DEFAULTS.scenario, options.holder);
  // Under the file's lock: two processes starting one new card at once save it once.
  const state: PersistedCard = statePath
    ? await withStateLock(statePath, async () => {
        const saved = await loadState(statePath);
        if (saved && options.scenario && options.scenario !== saved.scenario) {
          throw new VirtualCardStateError('scenario-mismatch', statePath, {
            saved: saved.scenario,
            requested: options.scenario,
          });
        }
        if (saved) return saved;
        const created = fresh();
        await saveState(statePath, created);
        return created;
      })
    : fresh();
  const profile = scenarioProfile(state.scenario);
  const today = taipeiDateOf((options.now ?? (() => new Date()))());
  const revocationUrls = { ...DEFAULT_REVOCATION_URLS, ...options.revocationUrls };
  const certificates = certificatesFor(
    profile.validity,
    today,
    { name: state.holderName, serialNumber: state.holderSerialNumber },
    options.keysDir,
    revocationUrls,
    profile.issuerStatus,
  );
  return new VirtualCard({
    scenario: state.scenario,
    profile,
    state,
    certificates,
    revocationUrls,
    osVersion: VIRTUAL_CARD_DEFAULTS.osVersion,
    statePath,
    recordCommands: options.recordCommands ?? 0,
    readPastEnd: options.readPastEnd ?? 'warning',
    cdfTagging: options.cdfLengthTagging ?? 'implicit',
    keys: cardKeys(profile.signing, options.keysDir),
  });
}

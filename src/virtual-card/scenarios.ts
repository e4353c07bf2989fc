/**
 * Named presets of the virtual card (card-profile.md §5). A scenario fixes what the card
 * looks like when it is new: its ATR, which CLA it answers, how it transfers data, its PIN
 * counters and which certificate dates it carries. The table in README.md explains each.
 */
import { MOICA_GEN1_ATR, OTHER_PKI_ATR, VIRTUAL_ATR } from './atr';

export const SCENARIOS = [
  'fresh',
  'one-try-left',
  'locked',
  'user-code-blocked',
  'expiring',
  'expired-extendable',
  'expired-reapply',
  'extended',
  'suspended',
  'revoked',
  'gen1-cla80',
  't0',
  'small-reads',
  'no-cdf',
  'vendor-gen1',
  'unknown-atr',
  'sign-broken',
  'sign-refused',
] as const;

export type ScenarioName = (typeof SCENARIOS)[number];

export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value);
}

/** Which validity the holder certificates get, relative to the card's today. */
export type ValidityProfile =
  'current' | 'expiring' | 'expired-extendable' | 'expired-reapply' | 'extended';

/**
 * How the card reacts to INS 20/24/2C: the plain ISO profile of §4, "security status not
 * satisfied" like a MOICA card that wants its vendor channel, or "no such instruction".
 */
export type PinCommandMode = 'iso' | 'vendor-only' | 'none';

/**
 * What the test CA says about the holder certificates when asked (OCSP or CRL): nothing on
 * the card shows it, as on a real card; the test and demo responders answer with it.
 */
export type IssuerStatus = 'good' | 'suspended' | 'revoked';

/**
 * How the card signs (card-profile.md §6): with the key of its signing certificate, with
 * another key (the signature verifies against no certificate on the card), or not at all
 * (6985 to every PERFORM SECURITY OPERATION).
 */
export type SigningMode = 'ok' | 'wrong-key' | 'refused';

export interface ScenarioProfile {
  atr: Buffer;
  /** The only CLA the card answers; anything else gets 6E00. */
  cla: 0x00 | 0x80;
  pinCommands: PinCommandMode;
  /** 't0': response data only through 61xx + GET RESPONSE, a wrong Le gets 6Cxx. */
  transfer: 'direct' | 't0';
  /** Longest READ BINARY the card accepts; longer ones get 6987. */
  maxRead: number;
  hasCdf: boolean;
  validity: ValidityProfile;
  pinTriesLeft: number;
  userCodeTriesLeft: number;
  issuerStatus: IssuerStatus;
  signing: SigningMode;
}

export const PIN_MAX_TRIES = 3;
export const USER_CODE_MAX_TRIES = 5;

const BASE: ScenarioProfile = {
  atr: VIRTUAL_ATR,
  cla: 0x00,
  pinCommands: 'iso',
  transfer: 'direct',
  maxRead: 256,
  hasCdf: true,
  validity: 'current',
  pinTriesLeft: PIN_MAX_TRIES,
  userCodeTriesLeft: USER_CODE_MAX_TRIES,
  issuerStatus: 'good',
  signing: 'ok',
};

const OVERRIDES: Record<ScenarioName, Partial<ScenarioProfile>> = {
  fresh: {},
  'one-try-left': { pinTriesLeft: 1 },
  locked: { pinTriesLeft: 0 },
  // A user code gets blocked by someone trying to unlock a locked PIN, so both are blocked:
  // only a household office can help (R-USERCODE-RESET).
  'user-code-blocked': { pinTriesLeft: 0, userCodeTriesLeft: 0 },
  expiring: { validity: 'expiring' },
  'expired-extendable': { validity: 'expired-extendable' },
  'expired-reapply': { validity: 'expired-reapply' },
  extended: { validity: 'extended' },
  // A card found again after being reported lost: suspended (停用), PIN still working.
  suspended: { issuerStatus: 'suspended' },
  revoked: { issuerStatus: 'revoked' },
  'gen1-cla80': { cla: 0x80 },
  t0: { transfer: 't0' },
  'small-reads': { maxRead: 16 },
  'no-cdf': { hasCdf: false },
  'vendor-gen1': { atr: MOICA_GEN1_ATR, cla: 0x80, pinCommands: 'vendor-only' },
  'unknown-atr': { atr: OTHER_PKI_ATR, pinCommands: 'none' },
  'sign-broken': { signing: 'wrong-key' },
  'sign-refused': { signing: 'refused' },
};

export function scenarioProfile(name: ScenarioName): ScenarioProfile {
  return { ...BASE, ...OVERRIDES[name] };
}

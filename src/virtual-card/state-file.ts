/**
 * What a virtual card remembers between runs: one JSON file per card, holding what a real
 * card keeps in its memory (PIN, user code, counters, card number, holder) and never the
 * verified flag (a card forgets it on power-off). Written as a private file (mode 0600, a
 * temporary file created exclusively beside it, then renamed): a crash mid-write leaves the
 * previous state, and a link planted at any name receives nothing. Several processes may
 * use one file (two CLI runs, the CLI and a vpcd card): every read-modify-write of the
 * counters happens under the file's cross-process lock (withStateLock).
 */
import {
  FileNotFoundError,
  FileUnreadableError,
  readRegularFile,
  withFileLock,
  writePrivateFile,
} from '../platform';
import { AppError, type MessageParams } from '../core/errors';
import { isValidPin, isValidUserCode } from './pin-state';
import { isScenarioName, PIN_MAX_TRIES, USER_CODE_MAX_TRIES, type ScenarioName } from './scenarios';

export interface PersistedCard {
  scenario: ScenarioName;
  cardNumber: string;
  holderName: string;
  holderSerialNumber: string;
  pin: string;
  userCode: string;
  pinTriesLeft: number;
  userCodeTriesLeft: number;
}

const FORMAT = 'ccm-virtual-card-state';
const VERSION = 1;

export type StateProblem = 'corrupt' | 'unreadable' | 'unwritable' | 'scenario-mismatch';

const MESSAGE_KEYS: Record<StateProblem, string> = {
  corrupt: 'virtualCard.stateCorrupt',
  unreadable: 'virtualCard.stateUnreadable',
  unwritable: 'virtualCard.stateUnwritable',
  'scenario-mismatch': 'virtualCard.stateScenarioMismatch',
};

/** The state file cannot be used; the message says which file and what to do. */
export class VirtualCardStateError extends AppError {
  constructor(
    readonly problem: StateProblem,
    readonly path: string,
    params: MessageParams = {},
    detail?: string,
  ) {
    super('bad-state-file', MESSAGE_KEYS[problem], { path, ...params }, detail);
  }
}

export const isCardNumber = (v: unknown): v is string =>
  typeof v === 'string' && /^[0-9A-Z]{16}$/.test(v);
export const isHolderSerial = (v: unknown): v is string =>
  typeof v === 'string' && /^[0-9]{16}$/.test(v);
export const isHolderName = (v: unknown): v is string =>
  typeof v === 'string' && v.trim().length > 0 && v.length <= 64;

const isTries = (v: unknown, max: number): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max;

/** Why a parsed file is not a card state, or null if it is one. Never quotes a secret. */
function problemWith(raw: Record<string, unknown>): string | null {
  if (raw.format !== FORMAT || raw.version !== VERSION) return 'unknown format or version';
  if (!isScenarioName(raw.scenario)) return 'unknown scenario';
  if (!isCardNumber(raw.cardNumber)) return 'bad cardNumber';
  if (!isHolderName(raw.holderName)) return 'bad holderName';
  if (!isHolderSerial(raw.holderSerialNumber)) return 'bad holderSerialNumber';
  if (typeof raw.pin !== 'string' || !isValidPin(raw.pin)) return 'bad pin';
  if (typeof raw.userCode !== 'string' || !isValidUserCode(raw.userCode)) return 'bad userCode';
  if (!isTries(raw.pinTriesLeft, PIN_MAX_TRIES)) return 'bad pinTriesLeft';
  if (!isTries(raw.userCodeTriesLeft, USER_CODE_MAX_TRIES)) return 'bad userCodeTriesLeft';
  return null;
}

/** A few hundred bytes of JSON; anything much larger is not a state file. */
const MAX_STATE_BYTES = 64 * 1024;

/** The saved card, or null when there is no file yet. */
export async function loadState(path: string): Promise<PersistedCard | null> {
  let text: string;
  try {
    // Bounded, regular files only: /dev/zero or a FIFO given as --state must not hang.
    text = (await readRegularFile(path, { maxBytes: MAX_STATE_BYTES })).toString('utf8');
  } catch (err) {
    // No file, or a path through something that is not a folder: a new card (saving it
    // will then say whether the location is usable).
    if (err instanceof FileNotFoundError) return null;
    if (err instanceof FileUnreadableError && err.params.reason === 'ENOTDIR') return null;
    throw new VirtualCardStateError('unreadable', path, {}, String(err));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new VirtualCardStateError('corrupt', path, {}, `not JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new VirtualCardStateError('corrupt', path, {}, 'not a JSON object');
  }
  const record = raw as Record<string, unknown>;
  const problem = problemWith(record);
  if (problem) throw new VirtualCardStateError('corrupt', path, {}, problem);
  return {
    scenario: record.scenario as ScenarioName,
    cardNumber: record.cardNumber as string,
    holderName: record.holderName as string,
    holderSerialNumber: record.holderSerialNumber as string,
    pin: record.pin as string,
    userCode: record.userCode as string,
    pinTriesLeft: record.pinTriesLeft as number,
    userCodeTriesLeft: record.userCodeTriesLeft as number,
  };
}

/** The card writes before it answers the APDU that changed it, as a card commits to EEPROM. */
export async function saveState(path: string, state: PersistedCard): Promise<void> {
  try {
    await writePrivateFile(
      path,
      JSON.stringify({ format: FORMAT, version: VERSION, ...state }, null, 2),
    );
  } catch (err) {
    throw new VirtualCardStateError('unwritable', path, {}, String(err));
  }
}

/**
 * Runs `work` holding the state file's cross-process lock (proper-lockfile, through
 * src/platform): what `work` loads and saves cannot interleave with another process's.
 * A lock that cannot be taken (the folder cannot be created, another holder never lets go)
 * is an `unwritable` state error; errors of `work` pass through unchanged.
 */
export async function withStateLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  let started = false;
  try {
    return await withFileLock(path, () => {
      started = true;
      return work();
    });
  } catch (err) {
    if (started) throw err;
    throw new VirtualCardStateError('unwritable', path, {}, String(err));
  }
}

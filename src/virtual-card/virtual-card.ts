/**
 * The virtual card itself: one APDU in, one response out, following card-profile.md §3-§4
 * from the card's side, with the quirks its scenario asks for (§5).
 */
import type { PathLengthTagging } from './cdf';
import { DEFAULT_REVOCATION_URLS, type CertificateSet, type RevocationUrls } from './certificates';
import { parseCommandApdu, type CommandApdu } from './command-apdu';
import { buildFileSystem, selectByFid, type CardFile } from './file-system';
import {
  changePin,
  PIN_FIELD,
  pinStatus,
  unblockPin,
  USER_CODE_FIELD,
  userCodeStatus,
  verifyPin,
  type PinOutcome,
  type Secrets,
} from './pin-state';
import type { IssuerStatus, ScenarioName, ScenarioProfile } from './scenarios';
import {
  computeSignature,
  INS_MSE,
  INS_PSO,
  manageSecurityEnvironment,
  type CardKeys,
  type KeyRef,
} from './signing';
import { loadState, saveState, withStateLock, type PersistedCard } from './state-file';
import { SW, swBytes } from './status-words';
import type { SimulatedCard } from './types';

export const INS = {
  VERIFY: 0x20,
  CHANGE_REFERENCE_DATA: 0x24,
  RESET_RETRY_COUNTER: 0x2c,
  SELECT: 0xa4,
  READ_BINARY: 0xb0,
  GET_RESPONSE: 0xc0,
} as const;

/** How a READ BINARY that runs past the end of a file is answered (§4 allows both). */
export type ReadPastEnd = 'warning' | 'ok';

export interface VirtualCardInit {
  scenario: ScenarioName;
  profile: ScenarioProfile;
  state: PersistedCard;
  certificates: CertificateSet;
  /** Default: DEFAULT_REVOCATION_URLS (what certificatesFor uses when given none). */
  revocationUrls?: RevocationUrls;
  osVersion: string;
  statePath?: string;
  /** How many commands `received` keeps (0: none, and `received` refuses to be read). */
  recordCommands?: number;
  readPastEnd: ReadPastEnd;
  cdfTagging: PathLengthTagging;
  /** The private keys behind key references 01 and 02 (card-profile.md §6). */
  keys: CardKeys;
}

interface Answer {
  sw: number;
  data?: Buffer;
}

const answer = (sw: number, data?: Buffer): Answer => ({ sw, data });

const PIN_INS: ReadonlySet<number> = new Set([
  INS.VERIFY,
  INS.CHANGE_REFERENCE_DATA,
  INS.RESET_RETRY_COUNTER,
]);
/** What stands in for PIN and user-code bytes in `received` (`*`, as the trace's `**`). */
export const REDACTED_BYTE = 0x2a;

/** A copy of `command` with the data of a PIN-family command replaced, its length kept. */
export function redactedCommand(command: Buffer): Buffer {
  const copy = Buffer.from(command);
  if (copy.length > 5 && PIN_INS.has(copy[1]!)) copy.fill(REDACTED_BYTE, 5);
  return copy;
}

export class VirtualCard implements SimulatedCard {
  readonly scenario: ScenarioName;
  readonly certificates: Readonly<CertificateSet>;
  /** Where its holder certificates say their status is published (chosen at creation). */
  readonly revocationUrls: Readonly<RevocationUrls>;
  readonly statePath: string | undefined;

  private readonly profile: ScenarioProfile;
  private readonly mf: CardFile;
  private readonly readPastEnd: ReadPastEnd;
  private state: PersistedCard;
  private current: CardFile;
  private isVerified = false;
  private pendingResponse: Buffer | null = null;
  /** The key MSE SET chose; like the verified PIN, forgotten on every power event. */
  private chosenKey: KeyRef | null = null;
  private readonly keys: CardKeys;
  private readonly log: Buffer[] | null;
  private readonly logLimit: number;
  /** Commands are answered one after another, even when one waits for the state file. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Set while exclusive() holds the state file's lock for this card. */
  private holdsState = false;
  /** Bumped by every power event: a command that outlived one must not leave a verified PIN. */
  private powerCycles = 0;

  /** What the test CA answers about this card's certificates (responders read it). */
  get issuerStatus(): IssuerStatus {
    return this.profile.issuerStatus;
  }

  /** Use createVirtualCard(); this constructor trusts that `init` is already valid. */
  constructor(init: VirtualCardInit) {
    this.scenario = init.scenario;
    this.profile = init.profile;
    this.state = { ...init.state };
    this.statePath = init.statePath;
    this.certificates = init.certificates;
    this.revocationUrls = { ...(init.revocationUrls ?? DEFAULT_REVOCATION_URLS) };
    this.readPastEnd = init.readPastEnd;
    this.keys = init.keys;
    this.logLimit = init.recordCommands ?? 0;
    this.log = this.logLimit > 0 ? [] : null;
    this.mf = buildFileSystem({
      cardNumber: init.state.cardNumber,
      osVersion: init.osVersion,
      certificates: init.certificates,
      hasCdf: init.profile.hasCdf,
      cdfTagging: init.cdfTagging,
    });
    this.current = this.mf;
  }

  get atr(): Buffer {
    return Buffer.from(this.profile.atr);
  }

  get pinTriesLeft(): number {
    return this.state.pinTriesLeft;
  }

  get userCodeTriesLeft(): number {
    return this.state.userCodeTriesLeft;
  }

  /** True after a correct PIN until the next power-off, power-on or reset. */
  get verified(): boolean {
    return this.isVerified;
  }

  get cardNumber(): string {
    return this.state.cardNumber;
  }

  get holderName(): string {
    return this.state.holderName;
  }

  /**
   * The last commands the card was sent, in order, PIN and user-code bytes replaced by
   * REDACTED_BYTE: proof of what was sent, for tests that asked for it with
   * `recordCommands`. Reading it otherwise is a mistake in the test, so it throws rather
   * than looking empty.
   */
  get received(): readonly Buffer[] {
    if (!this.log) {
      throw new Error('this virtual card keeps no commands: create it with recordCommands');
    }
    return this.log;
  }

  /** Starts the record afresh: for a test that prepared the card before what it checks. */
  forgetReceived(): void {
    this.log?.splice(0);
  }

  powerOn(): void {
    this.startOver();
  }

  powerOff(): void {
    this.startOver();
  }

  reset(): void {
    this.startOver();
  }

  process(command: Buffer): Promise<Buffer> {
    const run = this.queue.then(() => this.answer(command));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const path = this.statePath;
    if (!path || this.holdsState) return work();
    return withStateLock(path, async () => {
      this.holdsState = true;
      try {
        await this.reloadSecrets(path);
        return await work();
      } finally {
        this.holdsState = false;
      }
    });
  }

  private record(command: Buffer): void {
    if (!this.log) return;
    this.log.push(redactedCommand(command));
    if (this.log.length > this.logLimit) this.log.shift();
  }

  private async answer(command: Buffer): Promise<Buffer> {
    this.record(command);
    const pending = this.pendingResponse;
    this.pendingResponse = null;
    const apdu = parseCommandApdu(command);
    let result: Answer;
    if (!apdu) result = answer(SW.WRONG_LENGTH);
    else if (apdu.cla !== this.profile.cla) result = answer(SW.CLA_NOT_SUPPORTED);
    else if (apdu.ins === INS.GET_RESPONSE) result = this.getResponse(apdu, pending);
    else result = this.t0Wrap(await this.dispatch(apdu));
    return Buffer.concat([result.data ?? Buffer.alloc(0), swBytes(result.sw)]);
  }

  private startOver(): void {
    this.powerCycles++;
    this.isVerified = false;
    this.pendingResponse = null;
    this.chosenKey = null;
    this.current = this.mf;
  }

  private async dispatch(apdu: CommandApdu): Promise<Answer> {
    switch (apdu.ins) {
      case INS.SELECT:
        return this.select(apdu);
      case INS.READ_BINARY:
        return this.readBinary(apdu);
      case INS.VERIFY:
      case INS.CHANGE_REFERENCE_DATA:
      case INS.RESET_RETRY_COUNTER:
        if (this.profile.pinCommands === 'vendor-only') {
          // A MOICA card wants its secure channel for these (card-profile.md §1.3).
          return answer(SW.SECURITY_NOT_SATISFIED);
        }
        if (this.profile.pinCommands === 'none') return answer(SW.INS_NOT_SUPPORTED);
        return this.withCurrentSecrets(() => this.pinCommand(apdu));
      case INS_MSE:
      case INS_PSO:
        // Signing needs the PIN, so it goes the way the PIN commands go on this card.
        if (this.profile.pinCommands === 'vendor-only') return answer(SW.SECURITY_NOT_SATISFIED);
        if (this.profile.pinCommands === 'none') return answer(SW.INS_NOT_SUPPORTED);
        return apdu.ins === INS_MSE ? this.manageSecurityEnvironment(apdu) : this.sign(apdu);
      default:
        return answer(SW.INS_NOT_SUPPORTED);
    }
  }

  private manageSecurityEnvironment(apdu: CommandApdu): Answer {
    const result = manageSecurityEnvironment(apdu.p1, apdu.p2, apdu.data);
    if (result.chosen !== undefined) this.chosenKey = result.chosen;
    return answer(result.sw);
  }

  /** card-profile.md §6; scenario `sign-refused` answers 6985 whatever was asked. */
  private sign(apdu: CommandApdu): Answer {
    if (this.profile.signing === 'refused') return answer(SW.CONDITIONS_NOT_SATISFIED);
    const result = computeSignature(
      apdu,
      { verified: this.isVerified, chosen: this.chosenKey },
      this.keys,
    );
    return answer(result.sw, result.data);
  }

  /** T=0 cards hand response data out only through 61xx + GET RESPONSE. */
  private t0Wrap(result: Answer): Answer {
    if (this.profile.transfer !== 't0' || !result.data?.length) return result;
    this.pendingResponse = result.data;
    return answer(SW.BYTES_AVAILABLE | (result.data.length & 0xff));
  }

  private getResponse(apdu: CommandApdu, pending: Buffer | null): Answer {
    if (apdu.p1 !== 0 || apdu.p2 !== 0) return answer(SW.WRONG_P1P2);
    if (apdu.data || apdu.le === null) return answer(SW.WRONG_LENGTH);
    if (!pending) return answer(SW.CONDITIONS_NOT_SATISFIED);
    if (apdu.le > pending.length) {
      this.pendingResponse = pending;
      return answer(SW.WRONG_LE | (pending.length & 0xff));
    }
    const rest = pending.subarray(apdu.le);
    if (rest.length === 0) return answer(SW.OK, pending);
    this.pendingResponse = rest;
    return answer(
      SW.BYTES_AVAILABLE | (Math.min(rest.length, 256) & 0xff),
      pending.subarray(0, apdu.le),
    );
  }

  private select(apdu: CommandApdu): Answer {
    if (apdu.p1 === 0x04) {
      // Selection by AID: this card has no applications (no scenario emulates gen 2).
      return apdu.data ? answer(SW.FILE_NOT_FOUND) : answer(SW.WRONG_LENGTH);
    }
    if (apdu.p1 !== 0x00 || (apdu.p2 !== 0x00 && apdu.p2 !== 0x0c)) return answer(SW.WRONG_P1P2);
    if (apdu.data?.length !== 2) return answer(SW.WRONG_LENGTH);
    const file = selectByFid(this.mf, this.current, apdu.data.readUInt16BE(0));
    if (!file) return answer(SW.FILE_NOT_FOUND);
    this.current = file;
    // No FCI, whatever P2 asks: file sizes stay unknown to the host, as on MOICA cards.
    return answer(SW.OK);
  }

  private readBinary(apdu: CommandApdu): Answer {
    // Bit 8 of P1 would select by short EF identifier, which this card does not offer.
    if (apdu.p1 & 0x80) return answer(SW.WRONG_P1P2);
    if (apdu.data || apdu.le === null) return answer(SW.WRONG_LENGTH);
    if (this.current.kind !== 'EF') return answer(SW.NO_CURRENT_EF);
    if (apdu.le > this.profile.maxRead) return answer(SW.SM_OBJECTS_MISSING);
    const file = this.current.data;
    const offset = (apdu.p1 << 8) | apdu.p2;
    if (offset >= file.length) return answer(SW.OFFSET_OUTSIDE_EF);
    const data = file.subarray(offset, offset + apdu.le);
    if (data.length === apdu.le) return answer(SW.OK, data);
    if (this.profile.transfer === 't0') return answer(SW.WRONG_LE | data.length);
    return answer(this.readPastEnd === 'warning' ? SW.END_OF_FILE : SW.OK, data);
  }

  /**
   * Counters live in the state file, which other processes may have changed: a PIN command
   * reads them again and saves its change under the file's lock (exclusive() may already
   * hold it). A file that cannot be read or locked is a memory the card cannot reach: 6581.
   */
  private async withCurrentSecrets(work: () => Promise<Answer>): Promise<Answer> {
    const path = this.statePath;
    if (!path || this.holdsState) return work();
    try {
      return await withStateLock(path, async () => {
        await this.reloadSecrets(path);
        return work();
      });
    } catch {
      return answer(SW.MEMORY_FAILURE);
    }
  }

  /** The saved PIN, user code and counters; a file that is gone leaves those in memory. */
  private async reloadSecrets(path: string): Promise<void> {
    const saved = await loadState(path);
    if (!saved) return;
    const { pin, userCode, pinTriesLeft, userCodeTriesLeft } = saved;
    this.state = { ...this.state, pin, userCode, pinTriesLeft, userCodeTriesLeft };
  }

  private async pinCommand(apdu: CommandApdu): Promise<Answer> {
    if (apdu.p1 !== 0x00) return answer(SW.WRONG_P1P2);
    if (apdu.p2 !== 0x01 && apdu.p2 !== 0x02) return answer(SW.REFERENCE_NOT_FOUND);
    if (apdu.le !== null) return answer(SW.WRONG_LENGTH);
    const secrets = this.secrets();
    if (apdu.ins === INS.VERIFY && !apdu.data) {
      return answer(
        apdu.p2 === 0x01 ? pinStatus(secrets, this.isVerified) : userCodeStatus(secrets),
      );
    }
    // The profile offers only the operations of §4 on the user code: read its counter and
    // use it to unblock the PIN, never verify or change it on its own.
    if (apdu.p2 !== 0x01) return answer(SW.WRONG_P1P2);
    const data = apdu.data;
    switch (apdu.ins) {
      case INS.VERIFY:
        if (data?.length !== PIN_FIELD) return answer(SW.WRONG_LENGTH);
        return this.apply(verifyPin(secrets, this.isVerified, data));
      case INS.CHANGE_REFERENCE_DATA:
        if (data?.length !== 2 * PIN_FIELD) return answer(SW.WRONG_LENGTH);
        return this.apply(changePin(secrets, this.isVerified, data));
      default:
        if (data?.length !== USER_CODE_FIELD + PIN_FIELD) return answer(SW.WRONG_LENGTH);
        return this.apply(unblockPin(secrets, this.isVerified, data));
    }
  }

  private secrets(): Secrets {
    const { pin, userCode, pinTriesLeft, userCodeTriesLeft } = this.state;
    return { pin, userCode, pinTriesLeft, userCodeTriesLeft };
  }

  /** Persist first, answer second: a card that cannot write says 6581 and changes nothing. */
  private async apply(outcome: PinOutcome): Promise<Answer> {
    const cycle = this.powerCycles;
    const next: PersistedCard = { ...this.state, ...outcome.secrets };
    const changed = (Object.keys(next) as Array<keyof PersistedCard>).some(
      (k) => next[k] !== this.state[k],
    );
    if (changed && this.statePath) {
      try {
        await saveState(this.statePath, next);
      } catch {
        return answer(SW.MEMORY_FAILURE);
      }
    }
    this.state = next;
    // Powered off while saving: the counters stay spent, the PIN is not left verified.
    this.isVerified = outcome.verified && cycle === this.powerCycles;
    return answer(outcome.sw);
  }
}

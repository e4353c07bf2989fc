import { AppError, MalformedResponseError, PinOperationRefused } from '../core/errors';
import type { SecretKind } from '../core/errors';
import type { CardCertificate, CardIdentity, SecretStatus } from '../core/model';
import type { CardTransport } from './transport';
import { CardStatusError } from './apdu/errors';
import type { ApduTraceHook } from './apdu/trace';
import { ApduLink } from './apdu/transmit';
import { describeAtr, type ParsedAtr } from './atr';
import { defaultAtrTable, matchFamily, type AtrTable, type FamilyMatch } from './atr-table';
import { PKI_DF, readCardCertificates, type CertificatesRead } from './certificates';
import { CardReadError, type ReadItem } from './errors';
import { CardFiles, LARGE_CHUNK, MF } from './files';
import { probeOtherCard } from './other-cards';
import { probeLayout } from './probe';
import { mseSetSigningKey, psoComputeSignature, SigningStepError } from './signing';
import {
  checkSecretAnswer,
  INS_CHANGE_REFERENCE_DATA,
  INS_RESET_RETRY_COUNTER,
  INS_VERIFY,
  padSecret,
  PIN_MAX_TRIES,
  PIN_REF,
  statusFromEmptyVerify,
  USER_CODE_MAX_TRIES,
  USER_CODE_REF,
} from './iso-pin';
import { assertSecretForm, plainPinRefusal, refuseOnTries, wipe, withSecrets } from './pin-policy';

export interface CardDriverOptions {
  /** Receives every APDU and answer, PIN and user-code bytes already replaced by `**`. */
  trace?: ApduTraceHook;
  /** Per-APDU timeout; default 10 s. */
  timeoutMs?: number;
  /** Defaults to resources/atr-table.json. */
  atrTable?: AtrTable;
}

/**
 * Every PIN operation needs this, and the type makes it required: the last try is only
 * spent when the person confirmed, right now, that the card may lock (card-profile.md §1.2).
 */
export interface SecretOperationOptions {
  confirmLastTry: boolean;
}

export type SummaryItem = ReadItem | 'pin' | 'userCode';

export interface CardSummary {
  reader: string;
  atr: ParsedAtr;
  identity: CardIdentity;
  cardNumber: string | null;
  osVersion: string | null;
  certificates: CardCertificate[];
  /** null for vendor and unknown cards: they are never sent a VERIFY, not even an empty one. */
  pin: SecretStatus | null;
  userCode: SecretStatus | null;
  /** What could not be read and why; everything else in the summary is still good. */
  problems: Array<{ item: SummaryItem; error: AppError }>;
  /** APDUs this summary cost (61xx / 6Cxx follow-ups included). */
  apduCount: number;
  /** Present when the card was a remembered one: what was taken from memory, not read. */
  reused?: { osVersion: boolean; certificates: number };
}

/** What a remembered card held when it was last read (src/service/known-cards). */
export interface KnownCardHint {
  /** The card OS version comes with the chip and never changes: it is not read again. */
  osVersion: string | null;
  /** DER of its certificates; each one still on the card is recognised, not read again. */
  certificates: readonly Buffer[];
}

export interface SummaryOptions {
  /** Looks up the card number just read; a hit makes the summary a re-read (§3 of card-profile.md). */
  known?: (cardNumber: string) => KnownCardHint | undefined;
}

const INFO_DF = [MF, '0900'];
const CARD_NUMBER_EF = '0903';
const OS_VERSION_EF = '0905';
const CARD_NUMBER_LENGTH = 16;
/** A version string is a few bytes: one 200-byte read, which also bounds a card that never says "end". */
const OS_VERSION_MAX = 200;

function pkiDfFor(root: '3F00' | '7FFF'): string[] {
  return root === '7FFF' ? [MF, '7FFF', PKI_DF] : [MF, PKI_DF];
}

/** Trailing 00 / FF / spaces are padding; anything else unprintable means a wrong file. */
function decodeText(bytes: Buffer, item: ReadItem): string {
  let end = bytes.length;
  while (end > 0 && [0x00, 0xff, 0x20].includes(bytes[end - 1]!)) end--;
  const text = bytes.subarray(0, end);
  if (text.length === 0) throw new CardReadError(item, null, `${item} is empty`);
  if (!text.every((b) => b >= 0x20 && b < 0x7f)) throw new MalformedResponseError(item);
  return text.toString('latin1');
}

/** Card errors become "could not read <item>"; removal, timeouts and bugs pass through. */
function asReadError(item: ReadItem, err: unknown): unknown {
  return err instanceof CardStatusError ? new CardReadError(item, err.sw, err.message) : err;
}

interface Session {
  identity: CardIdentity;
  files: CardFiles | null;
}

/**
 * The card driver: identification, reading, and PIN operations with every safety rule
 * of card-profile.md §1 enforced here, below any UI, so no caller can skip one.
 *
 * One driver serves one card in one reader (one transport). Each public method is one
 * PC/SC transaction; PIN operations ask the transport to reset the card afterwards so no
 * verified state outlives them.
 */
export class CardDriver {
  private readonly link: ApduLink;
  private readonly atrTable: AtrTable;
  private identity: CardIdentity | null = null;
  /** Survives transactions: once a card refuses 200-byte reads, it gets 16 for good. */
  private readonly chunk = { size: LARGE_CHUNK };

  constructor(
    private readonly transport: CardTransport,
    options: CardDriverOptions = {},
  ) {
    this.link = new ApduLink(transport, { timeoutMs: options.timeoutMs, trace: options.trace });
    this.atrTable = options.atrTable ?? defaultAtrTable;
  }

  /** APDUs sent by this driver so far (for benchmarks and tests). */
  get apduCount(): number {
    return this.link.sent;
  }

  /** The ATR in parts; a garbled one comes back with `problem` set and counts as unknown. */
  atrInfo(): ParsedAtr {
    return describeAtr(this.transport.atr);
  }

  /** The family the ATR says, without sending anything. */
  familyFromAtr(): FamilyMatch {
    return matchFamily(this.atrInfo(), this.atrTable);
  }

  /** Family from the ATR, layout from the probe (SELECTs only). Cached for the card's life. */
  async identify(): Promise<CardIdentity> {
    if (this.identity) return this.identity;
    return this.transport.withTransaction(async () => (await this.begin()).identity);
  }

  async readCardNumber(): Promise<string> {
    return this.transport.withTransaction(async () =>
      this.cardNumberIn(this.needFiles(await this.begin())),
    );
  }

  async readOsVersion(): Promise<string> {
    return this.transport.withTransaction(async () =>
      this.osVersionIn(this.needFiles(await this.begin())),
    );
  }

  async readCertificates(): Promise<CardCertificate[]> {
    return this.transport.withTransaction(async () => {
      const session = await this.begin();
      return (await this.certificatesIn(session.identity, this.needFiles(session))).certificates;
    });
  }

  /** PIN tries without spending one; null for cards that get no PIN command (§1.3). */
  async readPinStatus(): Promise<SecretStatus | null> {
    return this.readStatus(PIN_REF, PIN_MAX_TRIES);
  }

  /** User-code tries without spending one; null for cards that get no PIN command. */
  async readUserCodeStatus(): Promise<SecretStatus | null> {
    return this.readStatus(USER_CODE_REF, USER_CODE_MAX_TRIES);
  }

  async verifyPin(pin: Buffer, opts: SecretOperationOptions): Promise<void> {
    return withSecrets([pin], async () => {
      this.refuseUnlessIso();
      assertSecretForm('pin', pin, 'card.invalidPin');
      await this.inPinTransaction(async (cla) => {
        await this.guardTries(cla, 'pin', opts);
        await this.sendSecret(cla, INS_VERIFY, PIN_REF, [padSecret('pin', pin)], 'pin');
      });
    });
  }

  async changePin(oldPin: Buffer, newPin: Buffer, opts: SecretOperationOptions): Promise<void> {
    return withSecrets([oldPin, newPin], async () => {
      this.refuseUnlessIso();
      assertSecretForm('pin', oldPin, 'card.invalidPin');
      assertSecretForm('pin', newPin, 'card.invalidNewPin');
      await this.inPinTransaction(async (cla) => {
        // The old PIN is checked and counted like a VERIFY, so the same guard applies.
        await this.guardTries(cla, 'pin', opts);
        await this.sendSecret(
          cla,
          INS_CHANGE_REFERENCE_DATA,
          PIN_REF,
          [padSecret('pin', oldPin), padSecret('pin', newPin)],
          'pin',
        );
      });
    });
  }

  async unblockPin(userCode: Buffer, newPin: Buffer, opts: SecretOperationOptions): Promise<void> {
    return withSecrets([userCode, newPin], async () => {
      this.refuseUnlessIso();
      assertSecretForm('userCode', userCode, 'card.invalidUserCode');
      assertSecretForm('pin', newPin, 'card.invalidNewPin');
      await this.inPinTransaction(async (cla) => {
        await this.guardTries(cla, 'userCode', opts);
        await this.sendSecret(
          cla,
          INS_RESET_RETRY_COUNTER,
          PIN_REF,
          [padSecret('userCode', userCode), padSecret('pin', newPin)],
          'userCode',
        );
      });
    });
  }

  /**
   * The signature of card-profile.md §6: VERIFY, then MSE SET choosing the signing key, then
   * PSO COMPUTE DIGITAL SIGNATURE over `digestInfo` (a SHA-256 DigestInfo), all in one
   * exclusive transaction that resets the card afterwards. Every rule of verifyPin applies
   * (ISO cards only, the PIN's form, blocked never tried, the last try only when confirmed,
   * the PIN zeroed). A refusal at the key or signing step is a SigningStepError.
   */
  async signDigestInfo(
    pin: Buffer,
    digestInfo: Buffer,
    opts: SecretOperationOptions,
  ): Promise<Buffer> {
    return withSecrets([pin], async () => {
      this.refuseUnlessIso();
      assertSecretForm('pin', pin, 'card.invalidPin');
      let signature: Buffer | null = null;
      await this.inPinTransaction(async (cla) => {
        await this.guardTries(cla, 'pin', opts);
        await this.sendSecret(cla, INS_VERIFY, PIN_REF, [padSecret('pin', pin)], 'pin');
        signature = await this.signIn(cla, digestInfo);
      });
      return signature!;
    });
  }

  /**
   * Everything `status` shows, in one transaction and with as few APDUs as the card
   * profile allows. Minimum for a gen-1-layout card (virtual card included) whose files
   * each fit one 200-byte read, counted on a driver that has not identified the card yet:
   *
   *   probe                      2  (applet SELECT refused, SELECT MF with CLA 80 accepted)
   *                              3  (when CLA 80 is refused: SELECT MF again with CLA 00)
   *   card number and version    5  (SELECT 0900, SELECT 0903, READ, SELECT 0905, READ)
   *   directory (CDF)        3 + c  (SELECT 3F00, SELECT 5030, SELECT 4104, c reads: until
   *                                  the first padding byte, ceil((CDF + 1) / 200))
   *   certificates          1 + Σ ceil(size_i / 200)   (SELECT 08F2, then each certificate)
   *   tries (iso cards only)     2  (empty VERIFY for PIN and user code)
   *
   * The probe leaves the MF selected, so 0900 needs no SELECT 3F00; 0905 and 08F2 are
   * siblings of the file read before them. Only the one return to the MF for 5030 is
   * unavoidable with file-ID SELECTs. A driver that identified the card earlier skips the
   * probe and pays one SELECT 3F00 instead. T=0 cards add their GET RESPONSE / Le resends;
   * a card that refuses 200-byte reads costs one refused read, then 16-byte reads.
   *
   * A remembered card (`options.known` knows its number) costs less: its OS version is not
   * read (2 APDUs fewer), and each certificate costs the reads up to the end of its issuer
   * instead of all of them (on MOICA-shaped certificates one read each) unless it changed:
   * 18 APDUs instead of 38 for the virtual card's `fresh` scenario.
   */
  async readCardSummary(options: SummaryOptions = {}): Promise<CardSummary> {
    const before = this.link.sent;
    return this.transport.withTransaction(async () => {
      const { identity, files } = await this.begin();
      const problems: CardSummary['problems'] = [];
      const attempt = async <T>(item: SummaryItem, work: () => Promise<T>): Promise<T | null> => {
        try {
          return await work();
        } catch (err) {
          if (
            err instanceof AppError &&
            (err.code === 'card-error' || err.code === 'malformed-response')
          ) {
            problems.push({ item, error: err });
            return null;
          }
          throw err;
        }
      };
      let cardNumber: string | null = null;
      let osVersion: string | null = null;
      let certificates: CardCertificate[] = [];
      let pin: SecretStatus | null = null;
      let userCode: SecretStatus | null = null;
      let reused: CardSummary['reused'];
      if (!files) {
        // Another kind of card has no 自然人憑證 files to miss.
        if (identity.family !== 'other') {
          problems.push({ item: 'layout', error: new CardReadError('layout', null) });
        }
      } else {
        cardNumber = await attempt('cardNumber', () => this.cardNumberIn(files));
        const hint = cardNumber === null ? undefined : options.known?.(cardNumber);
        if (hint?.osVersion) osVersion = hint.osVersion;
        else osVersion = await attempt('osVersion', () => this.osVersionIn(files));
        const read = await attempt('certificates', () =>
          this.certificatesIn(identity, files, hint?.certificates),
        );
        certificates = read?.certificates ?? [];
        if (hint) reused = { osVersion: !!hint.osVersion, certificates: read?.reused ?? 0 };
        if (plainPinRefusal(identity.pinChannel) === null) {
          const cla = identity.layout!.cla;
          pin = await attempt('pin', () => this.triesIn(cla, PIN_REF, PIN_MAX_TRIES));
          userCode = await attempt('userCode', () =>
            this.triesIn(cla, USER_CODE_REF, USER_CODE_MAX_TRIES),
          );
        }
      }
      return {
        reader: this.transport.readerName,
        atr: this.atrInfo(),
        identity,
        cardNumber,
        osVersion,
        certificates,
        pin,
        userCode,
        problems,
        apduCount: this.link.sent - before,
        ...(reused ? { reused } : {}),
      };
    });
  }

  // ---- inside a transaction -------------------------------------------------------

  /** Identify if needed; the probe's selection is only known inside this transaction. */
  private async begin(): Promise<Session> {
    let selected: string[] | null = null;
    if (!this.identity) {
      const match = this.familyFromAtr();
      // card-profile.md §7: a card its ATR names as another card is sent nothing at all; one
      // the table does not know gets the read-only SELECTs of public AIDs first.
      const other =
        match.otherCard ??
        (match.family === 'unknown' ? await probeOtherCard(this.link, this.atrTable) : null);
      if (other) {
        this.identity = { family: 'other', pinChannel: 'none', layout: null, otherCard: other };
      } else {
        const probe = await probeLayout(this.link);
        this.identity = {
          family: match.family,
          pinChannel: match.pinChannel,
          layout: probe.layout,
        };
        if (probe.selected === 'mf') selected = [MF];
      }
    }
    const layout = this.identity.layout;
    const files = layout ? new CardFiles(this.link, layout.cla, this.chunk) : null;
    files?.assumeSelected(selected);
    return { identity: this.identity, files };
  }

  private needFiles(session: Session): CardFiles {
    if (!session.files) throw new CardReadError('layout', null, 'no known file layout');
    return session.files;
  }

  private async cardNumberIn(files: CardFiles): Promise<string> {
    try {
      await files.select(INFO_DF, CARD_NUMBER_EF);
      // Asking for exactly 16 bytes: the length is known, and a T=0 card then needs no 6Cxx.
      return decodeText(await files.read({ offset: 0, length: CARD_NUMBER_LENGTH }), 'cardNumber');
    } catch (err) {
      throw asReadError('cardNumber', err);
    }
  }

  private async osVersionIn(files: CardFiles): Promise<string> {
    try {
      await files.select(INFO_DF, OS_VERSION_EF);
      return decodeText(await files.read({ offset: 0, maxLength: OS_VERSION_MAX }), 'osVersion');
    } catch (err) {
      throw asReadError('osVersion', err);
    }
  }

  private certificatesIn(
    identity: CardIdentity,
    files: CardFiles,
    known?: readonly Buffer[],
  ): Promise<CertificatesRead> {
    return readCardCertificates(files, pkiDfFor(identity.layout!.root), known);
  }

  /** Empty VERIFY: answers the counter and spends nothing (card-profile.md §4). */
  private async triesIn(cla: number, ref: number, maxTries: number): Promise<SecretStatus> {
    const response = await this.link.send({ cla, ins: INS_VERIFY, p1: 0x00, p2: ref });
    return statusFromEmptyVerify(response.sw, maxTries);
  }

  private async readStatus(ref: number, maxTries: number): Promise<SecretStatus | null> {
    if (plainPinRefusal(this.familyFromAtr().pinChannel) !== null) return null;
    return this.transport.withTransaction(async () => {
      const session = await this.begin();
      this.needFiles(session);
      return this.triesIn(session.identity.layout!.cla, ref, maxTries);
    });
  }

  /** §6 after a successful VERIFY, in the same transaction (the card is verified). */
  private async signIn(cla: number, digestInfo: Buffer): Promise<Buffer> {
    const chosen = await this.link.send(mseSetSigningKey(cla));
    if (chosen.sw !== 0x9000) {
      throw new SigningStepError('key', new CardStatusError(chosen.sw, 'MSE SET'));
    }
    const signed = await this.link.send(psoComputeSignature(cla, digestInfo));
    if (signed.sw !== 0x9000) {
      throw new SigningStepError('sign', new CardStatusError(signed.sw, 'PSO CDS'));
    }
    if (signed.data.length === 0) {
      throw new SigningStepError('sign', new MalformedResponseError('signature'));
    }
    return Buffer.from(signed.data);
  }

  // ---- PIN operations ---------------------------------------------------------------

  /**
   * Decided from the ATR alone, before any APDU: vendor cards need their secure channel
   * and unknown cards are read-only, so neither is sent INS 20/24/2C (§1.3, §1.4).
   */
  private refuseUnlessIso(): void {
    const refusal = plainPinRefusal(this.familyFromAtr().pinChannel);
    if (refusal) throw new PinOperationRefused(refusal);
  }

  private async inPinTransaction(work: (cla: number) => Promise<void>): Promise<void> {
    await this.transport.withTransaction(
      async () => {
        const session = await this.begin();
        this.needFiles(session);
        await work(session.identity.layout!.cla);
      },
      { reset: true },
    );
  }

  /**
   * Read the counter the operation would spend from, without spending it (§1.2): blocked
   * stops here, and the last try needs the caller's explicit confirmation.
   */
  private async guardTries(
    cla: number,
    secret: SecretKind,
    opts: SecretOperationOptions,
  ): Promise<void> {
    const status =
      secret === 'pin'
        ? await this.triesIn(cla, PIN_REF, PIN_MAX_TRIES)
        : await this.triesIn(cla, USER_CODE_REF, USER_CODE_MAX_TRIES);
    refuseOnTries(secret, status, opts?.confirmLastTry);
  }

  private async sendSecret(
    cla: number,
    ins: number,
    ref: number,
    parts: Buffer[],
    secret: SecretKind,
  ): Promise<void> {
    const data = Buffer.concat(parts);
    wipe(...parts);
    try {
      const response = await this.link.send(
        { cla, ins, p1: 0x00, p2: ref, data },
        { secret: true },
      );
      checkSecretAnswer(response.sw, secret, `INS ${ins.toString(16).toUpperCase()}`);
    } finally {
      wipe(data);
    }
  }
}

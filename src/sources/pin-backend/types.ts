import type { SecretOperationOptions } from '../../card';
import type { AppError } from '../../core/errors';
import type { CardCertificate, SecretStatus } from '../../core/model';

/** How the PKCS#11 token's certificates compare with those read from the card over PC/SC. */
export interface CertificateComparison {
  /** Certificates found on both sides (same DER). */
  matched: number;
  /** IDs of card certificates the token does not list. */
  onlyOnCard: string[];
  /** Labels of token certificates the card does not hold. */
  onlyInToken: string[];
}

export interface PinState {
  pin: SecretStatus | null;
  userCode: SecretStatus | null;
  /** The token asks for a new PIN (PKCS#11 CKF_USER_PIN_TO_BE_CHANGED). */
  pinMustChange: boolean;
  /** Why the state is unknown or doubtful; null when all is well (or simply not knowable). */
  problem: AppError | null;
  /** Set when the caller handed in the card's certificates and the token listed its own. */
  certificates?: CertificateComparison;
}

export type PinBackendKind = 'iso' | 'pkcs11' | 'none';

/** `sign`: the signature self-test (card-profile.md §6), which verifies the PIN first. */
export type PinOperation = 'verify' | 'change' | 'unblock' | 'sign';

/**
 * PIN management for the card in one reader, whichever way PIN commands reach it: plain
 * ISO APDUs (the virtual card) or the vendor's PKCS#11 module (real MOICA cards). The UI
 * and the CLI do not care which one answers; both keep the rules of card-profile.md §1:
 * nothing is sent without the person asking, the last try needs `confirmLastTry`, a
 * blocked PIN is never tried, and every secret Buffer handed in is zeroed however the
 * operation ends.
 */
export interface PinBackend {
  readonly kind: PinBackendKind;
  /**
   * The refusal an operation meets whatever the secrets (no module, unknown card, unblock
   * on a MOICA card), so a caller can say so before asking for any; null: it may proceed.
   */
  refusalFor(operation: PinOperation): AppError | null;
  /** Read without spending a try (and without logging in). */
  state(options?: { cardCertificates?: CardCertificate[] }): Promise<PinState>;
  verifyPin(pin: Buffer, opts: SecretOperationOptions): Promise<void>;
  changePin(oldPin: Buffer, newPin: Buffer, opts: SecretOperationOptions): Promise<void>;
  unblockPin(userCode: Buffer, newPin: Buffer, opts: SecretOperationOptions): Promise<void>;
  /**
   * The self-test's signature (card-profile.md §6), under every rule verifyPin keeps:
   * `challenge` signed with RSA PKCS#1 v1.5 over its SHA-256 by the key of `certificate`
   * (the card's signing certificate, DER). ISO cards sign a DigestInfo with their signing
   * key; MOICA cards sign through the vendor's module (C_Sign, CKM_SHA256_RSA_PKCS). A
   * failure after the PIN is a SigningStepError naming the key or signing step.
   */
  sign(
    pin: Buffer,
    challenge: Buffer,
    certificate: Buffer,
    opts: SecretOperationOptions,
  ): Promise<Buffer>;
  /** Lets go of whatever the backend started (the PKCS#11 worker). */
  close(): Promise<void>;
}

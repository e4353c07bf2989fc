/**
 * Domain types shared by the driver, the card service, the CLI (`--json`), the IPC
 * contract and the renderer. Field names follow docs/cli.md, so the JSON a
 * script reads and the object the UI renders are the same thing.
 */

/** `other`: a card recognised as not being a 自然人憑證 (card-profile.md §7), see OtherCard. */
export type CardFamily =
  'moica-gen1' | 'moica-gen2' | 'moica-unknown' | 'virtual' | 'other' | 'unknown';

/**
 * The cards people put in the reader instead of their 自然人憑證 (card-profile.md §7):
 * the NHI card (健保卡), a health professional card (醫事人員卡), a bank card (金融卡 or
 * credit card), a SIM in an adapter, a transport card; `gpki`: a card of the same make as a
 * 自然人憑證 whose card number is not a 自然人憑證's (工商憑證, 組織及團體憑證...).
 */
export type OtherCardKind = 'nhi' | 'health-professional' | 'bank' | 'sim' | 'transport' | 'gpki';

export interface OtherCard {
  kind: OtherCardKind;
  /** What told: the ATR, a read-only SELECT of a public AID, or the card number's prefix. */
  how: 'atr' | 'aid' | 'card-number';
  /** false: "probably" (an ATR other cards share, or a thin source). */
  certain: boolean;
}

/** How PIN commands may reach the card (card-profile.md §1.3, §2). */
export type PinChannel = 'iso' | 'vendor' | 'none';

/** Where the files live: CLA found by probing, and the parent of the PKI directory 5030. */
export interface CardLayout {
  cla: number;
  /** '3F00' (gen 1 and the virtual card) or '7FFF' (gen 2). */
  root: '3F00' | '7FFF';
}

export interface CardIdentity {
  family: CardFamily;
  pinChannel: PinChannel;
  /** null when probing found no known layout (unknown card, or every probe failed). */
  layout: CardLayout | null;
  /** Family `other`: which card it is instead (card-profile.md §7). */
  otherCard?: OtherCard;
}

export interface AtrInfo {
  /** Upper-case hex, no spaces. */
  hex: string;
  historicalBytesHex: string;
  /** Printable ASCII of the historical bytes, '.' for the others. */
  historicalBytesAscii: string;
  protocols: Array<'T=0' | 'T=1' | `T=${number}`>;
}

/** cli.md: PIN / user-code status, or null when it cannot be known. */
export interface SecretStatus {
  triesLeft: number | null;
  maxTries: number | null;
  blocked: boolean;
  lastTry: boolean;
  source: 'card' | 'pkcs11';
}

export type CertificateRole = 'signing' | 'key-exchange' | 'issuing-ca' | 'root-ca' | 'other';

/** One certificate as the CLI and the UI show it (cli.md `certificates[]`). */
export interface CertificateSummary {
  /** The CDF's ID ("SIGN", "KEYX", ...) or a position-based ID when the CDF was missing. */
  id: string;
  label: string;
  role: CertificateRole;
  subject: string;
  subjectCN: string | null;
  subjectSerialNumber: string | null;
  issuer: string;
  /** Hex, upper-case, no leading zero bytes beyond what the DER holds. */
  serialNumber: string;
  /** ISO 8601 UTC with Z. */
  notBefore: string;
  notAfter: string;
  keyUsage: string[];
  extKeyUsage: string[];
  isCA: boolean;
  sha1: string;
  sha256: string;
  keyType: string;
  keySize: number | null;
  /** What the issuer says about it (CLI `--online`, the app's check); absent: not asked. */
  revocation?: RevocationInfo;
}

/** Raw certificate as read from the card, before parsing. */
export interface CardCertificate {
  id: string;
  label: string;
  der: Buffer;
}

/** What the certificate's dates alone say (citizen-rules.md, "What the advisor returns"). */
export type DateStatus =
  | 'not-yet-valid'
  | 'valid'
  | 'extension-window'
  | 'expired-extendable'
  | 'renewal-window'
  | 'expired-reapply';

/** The dates' answer, or what the issuer said when that overrides it (R-STATUS-*). */
export type AdvisorStatus = DateStatus | 'suspended' | 'revoked';

/** citizen-rules.md "Certificate status from the issuer": the `revocation` object's status. */
export type RevocationStatus = 'good' | 'suspended' | 'revoked' | 'unknown' | 'not-checked';

/**
 * Why the status is `unknown` or `not-checked` (docs/revocation.md lists each). Codes, not
 * sentences: the UI, the CLI and the diagnostic report word them in the reader's language.
 */
export type RevocationProblem =
  | 'not-requested'
  | 'turned-off'
  | 'not-applicable'
  | 'no-location'
  | 'no-issuer'
  | 'offline'
  | 'proxy'
  | 'timeout'
  | 'responder-error'
  | 'malformed'
  | 'bad-signature'
  | 'wrong-certificate'
  | 'future-dated'
  | 'stale'
  | 'unknown-to-responder'
  | 'too-large'
  | 'unsupported';

/** RFC 5280 §5.3.1 CRLReason names, as OCSP and CRLs give them. */
export type RevocationReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'removeFromCRL'
  | 'privilegeWithdrawn'
  | 'aACompromise';

/** The evidence behind a certificate's status from its issuer (the spec's object, field for field). */
export interface RevocationInfo {
  status: RevocationStatus;
  source: 'ocsp' | 'crl' | null;
  /** ISO 8601 UTC: when the answer was obtained (a cached answer keeps its own time). */
  checkedAt: string | null;
  thisUpdate: string | null;
  nextUpdate: string | null;
  revokedAt: string | null;
  reason: RevocationReason | null;
  /** The responder or CRL address the answer came from, or the one that failed. */
  url: string | null;
  problem: RevocationProblem | null;
}

export interface AdvisorWindow {
  from: string;
  to: string;
  open: boolean;
}

export interface AdvisorAction {
  id: string;
  rules: string[];
}

/** citizen-rules.md "What the advisor returns", field for field. */
export interface AdvisorResult {
  today: string;
  expiresOn: string;
  finalExpiresOn: string;
  extended: boolean;
  extendedSource: 'inferred' | 'stated';
  /** `suspended` / `revoked` when the issuer says so (except before notBefore), else `dateStatus`. */
  status: AdvisorStatus;
  /** The answer from the dates alone, whatever the issuer said. */
  dateStatus: DateStatus;
  daysLeft: number;
  windows: {
    extension: AdvisorWindow | null;
    onlineRenewal: AdvisorWindow;
  };
  actions: AdvisorAction[];
  /** What the issuer said; `not-checked` when nobody asked. */
  revocation: RevocationInfo;
}

/** Everything `status` shows about one card (cli.md `status --json`). */
export interface CardStatus {
  reader: string;
  atr: string;
  family: CardFamily;
  pinChannel: PinChannel;
  cardNumber: string | null;
  osVersion: string | null;
  holderName: string | null;
  pin: SecretStatus | null;
  userCode: SecretStatus | null;
  certificates: CertificateSummary[];
  advice: AdvisorResult | null;
  /** True when the card is the project's virtual card (demo badge). */
  demo: boolean;
  /** Not a 自然人憑證 (card-profile.md §7): which card it is instead; null otherwise. */
  otherCard: OtherCard | null;
}

/**
 * The steps of the signature self-test (`selftest`, "can this card sign?"), in order: the
 * PIN, the signing key, the signature itself, and checking it with the signing certificate.
 */
export type SelfTestStep = 'pin' | 'key' | 'sign' | 'verify';

/** What the signature self-test found (cli.md `selftest --json`, the app's "can this card sign?"). */
export interface SelfTestResult {
  reader: string;
  /** True when the card's signature verified with its signing certificate. */
  ok: boolean;
  /** The step that failed; null when `ok`. */
  failedStep: SelfTestStep | null;
  /** Why that step failed, as a message key with parameters (never a secret); null when `ok`. */
  error: { code: string; messageKey: string; params: Record<string, string | number> } | null;
  /** How the card was asked to sign: its own APDUs (card-profile.md §6) or MOICA's PKCS#11 module. */
  via: 'iso' | 'pkcs11' | 'none';
  /** The signing certificate the signature was checked with. */
  certificate: { id: string; subject: string; serialNumber: string } | null;
  /** Length of the fresh random challenge that was signed. */
  challengeBytes: number;
  /** Length of the signature the card returned; null when it returned none. */
  signatureBytes: number | null;
  /** The PIN counter after the test, read without spending a try. */
  pin: SecretStatus | null;
}

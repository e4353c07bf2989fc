/**
 * What this computer remembers about a card, once the person turned remembering on: its
 * number, holder, OS version, certificates (public data, DER) and their dates, and when it
 * was last seen. Nothing secret: no PIN, no user code, no counters.
 *
 * The shapes are checked field by field when the file is read: a record that does not pass
 * is not used (docs/known-cards.md, "The file").
 */
import { randomUUID } from 'node:crypto';
import type { KnownCardHint } from '../../card';
import { certificateIdentity } from '../../card/certificate-identity';
import { holderCertificate } from '../../certs/holder';
import { isTaipeiDate } from '../../core/calendar';
import type { CardFamily } from '../../core/model';
import type { CardStatusReport } from '../card-status';

export const STORE_VERSION = 1;

/** One certificate as it was on the card. */
export interface RememberedCertificate {
  id: string;
  label: string;
  /** Hex, as `status --json` prints it. */
  serialNumber: string;
  /** ISO 8601 UTC instants, from the certificate. */
  notBefore: string;
  notAfter: string;
  /** The certificate itself, base64: a re-read compares the card with it (card-profile.md §3). */
  der: string;
}

export interface KnownCard {
  /** Random; names the card in the app and in calendar entries without saying its number. */
  id: string;
  cardNumber: string;
  holderName: string | null;
  osVersion: string | null;
  family: CardFamily;
  /** ISO 8601 UTC instants. */
  firstSeen: string;
  lastSeen: string;
  /** Validity of the holder certificate (signing, else key exchange), for the advice. */
  holder: { certificateId: string; notBefore: string; notAfter: string } | null;
  certificates: RememberedCertificate[];
  /** The last reminder the desktop app showed for this card, so it is not repeated. */
  reminded: { key: string; on: string } | null;
}

export interface KnownCardsFile {
  version: number;
  cards: KnownCard[];
}

const FAMILIES: readonly CardFamily[] = [
  'moica-gen1',
  'moica-gen2',
  'moica-unknown',
  'virtual',
  'other',
  'unknown',
];
const MAX_TEXT = 1024;
const MAX_CERTIFICATES = 32;
const MAX_DER_BYTES = 16 * 1024;
const ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The driver keeps a card number to printable ASCII (card-profile.md §3). */
const CARD_NUMBER_RE = /^[\x20-\x7e]{1,32}$/;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isText = (v: unknown, max = MAX_TEXT): v is string =>
  typeof v === 'string' && v.length <= max;
const isInstant = (v: unknown): v is string => isText(v, 40) && !Number.isNaN(Date.parse(v));

function certificateFrom(value: unknown): RememberedCertificate | null {
  if (!isObject(value)) return null;
  const { id, label, serialNumber, notBefore, notAfter, der } = value;
  if (!isText(id, 64) || !isText(label) || !isText(serialNumber, 128)) return null;
  if (!isInstant(notBefore) || !isInstant(notAfter)) return null;
  if (!isText(der, Math.ceil(MAX_DER_BYTES / 3) * 4) || !BASE64_RE.test(der)) return null;
  const bytes = Buffer.from(der, 'base64');
  const identity = certificateIdentity(bytes);
  if (typeof identity !== 'object' || identity.size !== bytes.length) return null;
  return { id, label, serialNumber, notBefore, notAfter, der };
}

/** A record as read from the file, or null when any field is not what this version writes. */
export function knownCardFrom(value: unknown): KnownCard | null {
  if (!isObject(value)) return null;
  const v = value;
  if (!isText(v.id, 36) || !ID_RE.test(v.id)) return null;
  if (!isText(v.cardNumber, 32) || !CARD_NUMBER_RE.test(v.cardNumber)) return null;
  if (v.holderName !== null && !isText(v.holderName)) return null;
  if (v.osVersion !== null && !isText(v.osVersion, 256)) return null;
  if (!FAMILIES.includes(v.family as CardFamily)) return null;
  if (!isInstant(v.firstSeen) || !isInstant(v.lastSeen)) return null;
  let holder: KnownCard['holder'] = null;
  if (v.holder !== null) {
    if (!isObject(v.holder)) return null;
    const { certificateId, notBefore, notAfter } = v.holder;
    if (!isText(certificateId, 64) || !isInstant(notBefore) || !isInstant(notAfter)) return null;
    holder = { certificateId, notBefore, notAfter };
  }
  if (!Array.isArray(v.certificates) || v.certificates.length > MAX_CERTIFICATES) return null;
  const certificates: RememberedCertificate[] = [];
  for (const c of v.certificates) {
    const cert = certificateFrom(c);
    if (!cert) return null;
    certificates.push(cert);
  }
  let reminded: KnownCard['reminded'] = null;
  if (v.reminded !== null && v.reminded !== undefined) {
    if (!isObject(v.reminded)) return null;
    const { key, on } = v.reminded;
    if (!isText(key, 200) || !isTaipeiDate(on)) return null;
    reminded = { key, on };
  }
  return {
    id: v.id,
    cardNumber: v.cardNumber,
    holderName: v.holderName as string | null,
    osVersion: v.osVersion as string | null,
    family: v.family as CardFamily,
    firstSeen: v.firstSeen,
    lastSeen: v.lastSeen,
    holder,
    certificates,
    reminded,
  };
}

/**
 * Whether a card read can be remembered: its number and its certificates were read, and it
 * is a 自然人憑證 (another card, card-profile.md §7, has no windows to remind of).
 */
export function canRemember(report: CardStatusReport): boolean {
  return (
    report.status.cardNumber !== null &&
    report.status.family !== 'other' &&
    !report.problems.some((p) => p.item === 'cardNumber' || p.item === 'certificates')
  );
}

/**
 * `cards` with the card just read remembered (added, or updated in place keeping its ID,
 * first sighting and last reminder). Pure; the caller checked canRemember.
 */
export function withCardRemembered(
  cards: readonly KnownCard[],
  report: CardStatusReport,
  now: Date,
): KnownCard[] {
  const { status, parsed } = report;
  const cardNumber = status.cardNumber!;
  const previous = cards.find((c) => c.cardNumber === cardNumber);
  // The same certificate the advice is about on the Card screen and in `status`.
  const holderCert = holderCertificate(parsed);
  const seen = now.toISOString();
  const record: KnownCard = {
    id: previous?.id ?? randomUUID(),
    cardNumber,
    holderName: status.holderName,
    osVersion: status.osVersion,
    family: status.family,
    firstSeen: previous?.firstSeen ?? seen,
    lastSeen: seen,
    holder: holderCert
      ? {
          certificateId: holderCert.summary.id,
          notBefore: holderCert.summary.notBefore,
          notAfter: holderCert.summary.notAfter,
        }
      : null,
    certificates: parsed.map((p) => ({
      id: p.summary.id,
      label: p.summary.label,
      serialNumber: p.summary.serialNumber,
      notBefore: p.summary.notBefore,
      notAfter: p.summary.notAfter,
      der: p.der.toString('base64'),
    })),
    reminded: previous?.reminded ?? null,
  };
  return previous
    ? cards.map((c) => (c.cardNumber === cardNumber ? record : c))
    : [...cards, record];
}

/** What the driver needs to re-read a remembered card cheaply (card-profile.md §3). */
export function hintsFrom(
  cards: readonly KnownCard[],
): (cardNumber: string) => KnownCardHint | undefined {
  const byNumber = new Map(cards.map((c) => [c.cardNumber, c]));
  return (cardNumber) => {
    const card = byNumber.get(cardNumber);
    if (!card) return undefined;
    return {
      osVersion: card.osVersion,
      certificates: card.certificates.map((c) => Buffer.from(c.der, 'base64')),
    };
  };
}

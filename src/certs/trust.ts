import bundled from '../../resources/trust-anchors.json' with { type: 'json' };
import type { CardFamily } from '../core/model';
import { TrustListError } from './errors';
import type { ParsedCertificate } from './parse';

export type MoicaGeneration = 'G1' | 'G2' | 'G3';

export interface TrustAnchor {
  name: string;
  /** 'root': can end a trusted chain; 'intermediate': only recognised (generation, notes). */
  kind: 'root' | 'intermediate';
  /** A project test CA: a chain ending here is "test certificate, not genuine" outside `families`. */
  test?: boolean;
  moicaGeneration?: MoicaGeneration;
  subject?: string;
  /** Lower-case hex SHA-256 of the certificate's DER. */
  certSha256?: string;
  /** Lower-case hex SHA-256 of the SubjectPublicKeyInfo (for CAs re-signed with the same key). */
  spkiSha256?: string;
  subjectKeyId?: string;
  issuerKeyId?: string;
  keyType?: string;
  keySize?: number;
  /** Validity as published (calendar dates). */
  validFrom?: string;
  validTo?: string;
  /** Card families for which a chain ending at this root is trusted. */
  families: CardFamily[];
  /** Where the figures come from. */
  source: string;
}

export interface TrustList {
  version: 1;
  anchors: TrustAnchor[];
}

const FAMILIES: readonly CardFamily[] = [
  'moica-gen1',
  'moica-gen2',
  'moica-unknown',
  'virtual',
  'unknown',
];
const GENERATIONS: readonly MoicaGeneration[] = ['G1', 'G2', 'G3'];
const ANCHOR_KEYS = new Set([
  'name',
  'kind',
  'test',
  'moicaGeneration',
  'subject',
  'certSha256',
  'spkiSha256',
  'subjectKeyId',
  'issuerKeyId',
  'keyType',
  'keySize',
  'validFrom',
  'validTo',
  'families',
  'source',
]);

/** Lower-case hex without spaces or colons, as key identifiers are compared. */
export function normalizeHex(hex: string): string {
  return hex.replace(/[\s:]/g, '').toLowerCase();
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkAnchor(raw: unknown, index: number): TrustAnchor {
  const at = `anchors[${index}]`;
  if (!isObject(raw)) throw new TrustListError(`${at} is not an object`);
  for (const key of Object.keys(raw)) {
    if (!ANCHOR_KEYS.has(key)) throw new TrustListError(`${at}.${key} is not a known field`);
  }
  const text = (key: string, required: boolean): void => {
    const v = raw[key];
    if (v === undefined && !required) return;
    if (typeof v !== 'string' || v.trim() === '') {
      throw new TrustListError(`${at}.${key} must be a non-empty string`);
    }
  };
  const hex = (key: string, length: number | null): void => {
    const v = raw[key];
    if (v === undefined) return;
    const ok =
      typeof v === 'string' &&
      /^[0-9a-f]+$/.test(v) &&
      v.length % 2 === 0 &&
      (length === null || v.length === length);
    if (!ok) throw new TrustListError(`${at}.${key} must be lower-case hex`);
  };
  const date = (key: string): void => {
    const v = raw[key];
    if (v !== undefined && (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v))) {
      throw new TrustListError(`${at}.${key} must be a YYYY-MM-DD date`);
    }
  };
  text('name', true);
  text('source', true);
  text('subject', false);
  text('keyType', false);
  hex('certSha256', 64);
  hex('spkiSha256', 64);
  hex('subjectKeyId', null);
  hex('issuerKeyId', null);
  date('validFrom');
  date('validTo');
  if (raw.kind !== 'root' && raw.kind !== 'intermediate') {
    throw new TrustListError(`${at}.kind must be "root" or "intermediate"`);
  }
  if (raw.test !== undefined && typeof raw.test !== 'boolean') {
    throw new TrustListError(`${at}.test must be true or false`);
  }
  if (
    raw.keySize !== undefined &&
    (typeof raw.keySize !== 'number' || !Number.isInteger(raw.keySize) || raw.keySize <= 0)
  ) {
    throw new TrustListError(`${at}.keySize must be a positive integer`);
  }
  if (
    raw.moicaGeneration !== undefined &&
    !GENERATIONS.includes(raw.moicaGeneration as MoicaGeneration)
  ) {
    throw new TrustListError(`${at}.moicaGeneration must be one of ${GENERATIONS.join(', ')}`);
  }
  const families = raw.families;
  if (
    !Array.isArray(families) ||
    !families.every((f) => FAMILIES.includes(f as CardFamily)) ||
    new Set(families).size !== families.length
  ) {
    throw new TrustListError(`${at}.families must list card families (${FAMILIES.join(', ')})`);
  }
  if (raw.kind === 'root' && raw.certSha256 === undefined && raw.spkiSha256 === undefined) {
    throw new TrustListError(`${at} is a root without certSha256 or spkiSha256 to pin it by`);
  }
  if (raw.kind === 'intermediate' && families.length > 0) {
    throw new TrustListError(`${at} is an intermediate: only roots are trusted for families`);
  }
  if (
    raw.certSha256 === undefined &&
    raw.spkiSha256 === undefined &&
    raw.subjectKeyId === undefined
  ) {
    throw new TrustListError(`${at} has nothing to recognise a certificate by`);
  }
  return raw as unknown as TrustAnchor;
}

/** Check a trust list against its schema; throws TrustListError naming the first fault. */
export function parseTrustList(data: unknown): TrustList {
  if (!isObject(data)) throw new TrustListError('the trust list is not an object');
  if (data.version !== 1) throw new TrustListError('version must be 1');
  if (!Array.isArray(data.anchors) || data.anchors.length === 0) {
    throw new TrustListError('anchors must be a non-empty list');
  }
  const anchors = data.anchors.map(checkAnchor);
  const names = new Set<string>();
  for (const a of anchors) {
    if (names.has(a.name)) throw new TrustListError(`anchor name "${a.name}" appears twice`);
    names.add(a.name);
  }
  return { version: 1, anchors };
}

let defaultList: TrustList | undefined;

/** The pinned list shipped in resources/trust-anchors.json. */
export function defaultTrustList(): TrustList {
  defaultList ??= parseTrustList(bundled);
  return defaultList;
}

/** The root entry pinning this exact certificate (by DER hash) or its key (by SPKI hash). */
export function pinnedRoot(cert: ParsedCertificate, trust: TrustList): TrustAnchor | null {
  return (
    trust.anchors.find(
      (a) =>
        a.kind === 'root' && (a.certSha256 === cert.sha256 || a.spkiSha256 === cert.spkiSha256),
    ) ?? null
  );
}

/**
 * The list entry this certificate is (pinned hash), or else whose key identifier it
 * carries. A key identifier alone is a label, not proof: it is never used for trust.
 */
export function knownAnchor(cert: ParsedCertificate, trust: TrustList): TrustAnchor | null {
  const exact = trust.anchors.find(
    (a) => a.certSha256 === cert.sha256 || a.spkiSha256 === cert.spkiSha256,
  );
  if (exact) return exact;
  if (!cert.subjectKeyId) return null;
  return trust.anchors.find((a) => a.subjectKeyId === cert.subjectKeyId) ?? null;
}

/** The list entry whose key identifier is `keyId`, e.g. a missing issuer named by an AKI. */
export function anchorByKeyId(keyId: string | null, trust: TrustList): TrustAnchor | null {
  if (!keyId) return null;
  return trust.anchors.find((a) => a.subjectKeyId === normalizeHex(keyId)) ?? null;
}

/**
 * Which MOICA CA generation issued a holder certificate, from its Authority Key
 * Identifier (every generation has the same DN, so the name cannot tell).
 */
export function moicaGeneration(
  cert: Pick<ParsedCertificate, 'authorityKeyId'>,
  trust: TrustList = defaultTrustList(),
): MoicaGeneration | null {
  return anchorByKeyId(cert.authorityKeyId, trust)?.moicaGeneration ?? null;
}

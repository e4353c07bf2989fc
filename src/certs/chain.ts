import type { MessageParams } from '../core/errors';
import type { CardFamily, CertificateRole } from '../core/model';
import type { ParsedCertificate } from './parse';
import { verifySignature } from './signature';
import { isoInstant } from './time';
import {
  anchorByKeyId,
  defaultTrustList,
  knownAnchor,
  pinnedRoot,
  type TrustAnchor,
  type TrustList,
} from './trust';

export type ChainStatus = 'trusted' | 'test-root' | 'untrusted-root' | 'incomplete' | 'invalid';

export interface ChainLinkChecks {
  /** Checked with the next link's key (a root with its own); 'not-checked' when it is missing. */
  signature: 'ok' | 'bad' | 'unsupported' | 'not-checked';
  validity: 'ok' | 'expired' | 'not-yet-valid';
  /** Issuers only: basicConstraints cA. */
  ca: 'ok' | 'not-ca' | 'not-required';
  /** Issuers only: keyUsage allows keyCertSign (no keyUsage extension allows everything). */
  keyCertSign: 'ok' | 'missing' | 'not-required';
  pathLen: 'ok' | 'exceeded' | 'not-required';
  criticalExtensions: 'ok' | 'unknown';
}

export interface ChainLink {
  subject: string;
  issuer: string;
  role: CertificateRole;
  serialNumber: string;
  sha256: string;
  subjectKeyId: string | null;
  authorityKeyId: string | null;
  notBefore: string;
  notAfter: string;
  /** Name of the trust-list entry this certificate is, or carries the key identifier of. */
  knownAs: string | null;
  checks: ChainLinkChecks;
  /** Message keys (certs.chain.problem.*). */
  problems: string[];
}

export interface ChainCheckResult {
  status: ChainStatus;
  /** Holder first, root (or the last certificate found) last. */
  links: ChainLink[];
  /** The pinned entry the root matched (for 'trusted' and 'test-root'). */
  rootMatch: { name: string; source: string } | null;
  /** Every problem of every link plus the chain's own, as message keys, each once. */
  problems: string[];
  /** One sentence for the status (key into certs.json, with its parameters). */
  message: { key: string; params: MessageParams };
  /** When the chain stops short: the key identifier of the certificate that is missing. */
  missingIssuer: { keyId: string | null; knownAs: string | null } | null;
  family: CardFamily;
  /** The instant validity was checked at, ISO 8601 UTC. */
  at: string;
}

export interface ChainOptions {
  family: CardFamily;
  at?: Date;
  trust?: TrustList;
}

const P = 'certs.chain.problem.';
export const CHAIN_PROBLEMS = {
  badSignature: `${P}badSignature`,
  unsupportedAlgorithm: `${P}unsupportedAlgorithm`,
  expired: `${P}expired`,
  notYetValid: `${P}notYetValid`,
  notCA: `${P}notCA`,
  noKeyCertSign: `${P}noKeyCertSign`,
  pathLenExceeded: `${P}pathLenExceeded`,
  unknownCriticalExtension: `${P}unknownCriticalExtension`,
  missingIssuer: `${P}missingIssuer`,
  tooLong: `${P}tooLong`,
  rootNotPinned: `${P}rootNotPinned`,
  testRoot: `${P}testRoot`,
} as const;

// Problems that make a chain invalid (the others describe an incomplete or untrusted one).
const INVALIDATING = new Set<string>([
  CHAIN_PROBLEMS.badSignature,
  CHAIN_PROBLEMS.unsupportedAlgorithm,
  CHAIN_PROBLEMS.expired,
  CHAIN_PROBLEMS.notYetValid,
  CHAIN_PROBLEMS.notCA,
  CHAIN_PROBLEMS.noKeyCertSign,
  CHAIN_PROBLEMS.pathLenExceeded,
  CHAIN_PROBLEMS.unknownCriticalExtension,
]);

const MAX_CHAIN_LENGTH = 8;
const MAX_PATHS = 32;

interface Path {
  certs: ParsedCertificate[];
  /** Ends at a self-signed certificate. */
  complete: boolean;
  tooLong: boolean;
}

/**
 * Possible issuers, by key and never by name (every MOICA generation has the same DN):
 * the certificates whose subject key identifier is this one's authority key identifier,
 * or, failing that, those without a key identifier whose key verifies the signature.
 */
function issuersOf(cert: ParsedCertificate, pool: ParsedCertificate[]): ParsedCertificate[] {
  const others = pool.filter((c) => c.sha256 !== cert.sha256);
  if (cert.authorityKeyId) {
    const byId = others.filter((c) => c.subjectKeyId === cert.authorityKeyId);
    if (byId.length > 0) return byId;
  }
  return others.filter(
    (c) =>
      (cert.authorityKeyId === null || c.subjectKeyId === null) &&
      verifySignature(cert, c) === 'ok',
  );
}

function buildPaths(path: ParsedCertificate[], pool: ParsedCertificate[], out: Path[]): void {
  if (out.length >= MAX_PATHS) return;
  const current = path[path.length - 1]!;
  if (current.selfSigned) {
    out.push({ certs: path, complete: true, tooLong: false });
    return;
  }
  if (path.length >= MAX_CHAIN_LENGTH) {
    out.push({ certs: path, complete: false, tooLong: true });
    return;
  }
  const next = issuersOf(current, pool).filter((c) => !path.some((p) => p.sha256 === c.sha256));
  if (next.length === 0) {
    out.push({ certs: path, complete: false, tooLong: false });
    return;
  }
  for (const issuer of next) buildPaths([...path, issuer], pool, out);
}

function checkLink(
  cert: ParsedCertificate,
  index: number,
  issuer: ParsedCertificate | null,
  at: Date,
): { checks: ChainLinkChecks; problems: string[] } {
  const isIssuer = index > 0;
  const time = at.getTime();
  const checks: ChainLinkChecks = {
    signature: issuer ? verifySignature(cert, issuer) : 'not-checked',
    validity:
      time < cert.notBefore.getTime()
        ? 'not-yet-valid'
        : time > cert.notAfter.getTime()
          ? 'expired'
          : 'ok',
    ca: !isIssuer ? 'not-required' : cert.isCA ? 'ok' : 'not-ca',
    keyCertSign: !isIssuer
      ? 'not-required'
      : !cert.hasKeyUsage || cert.keyUsage.includes('keyCertSign')
        ? 'ok'
        : 'missing',
    // pathLen counts the intermediate CAs below this one (the holder is not one).
    pathLen:
      !isIssuer || cert.pathLen === null
        ? 'not-required'
        : index - 1 <= cert.pathLen
          ? 'ok'
          : 'exceeded',
    criticalExtensions: cert.unknownCriticalExtensions.length > 0 ? 'unknown' : 'ok',
  };
  const problems: string[] = [];
  if (checks.signature === 'bad') problems.push(CHAIN_PROBLEMS.badSignature);
  if (checks.signature === 'unsupported') problems.push(CHAIN_PROBLEMS.unsupportedAlgorithm);
  if (checks.validity === 'expired') problems.push(CHAIN_PROBLEMS.expired);
  if (checks.validity === 'not-yet-valid') problems.push(CHAIN_PROBLEMS.notYetValid);
  if (checks.ca === 'not-ca') problems.push(CHAIN_PROBLEMS.notCA);
  if (checks.keyCertSign === 'missing') problems.push(CHAIN_PROBLEMS.noKeyCertSign);
  if (checks.pathLen === 'exceeded') problems.push(CHAIN_PROBLEMS.pathLenExceeded);
  if (checks.criticalExtensions === 'unknown') {
    problems.push(CHAIN_PROBLEMS.unknownCriticalExtension);
  }
  return { checks, problems };
}

function evaluate(path: Path, options: Required<ChainOptions>): ChainCheckResult {
  const { certs, complete } = path;
  const links: ChainLink[] = certs.map((cert, i) => {
    const issuer = certs[i + 1] ?? (complete ? cert : null);
    const { checks, problems } = checkLink(cert, i, issuer, options.at);
    return {
      subject: cert.subject,
      issuer: cert.issuer,
      role: cert.role,
      serialNumber: cert.serialNumber,
      sha256: cert.sha256,
      subjectKeyId: cert.subjectKeyId,
      authorityKeyId: cert.authorityKeyId,
      notBefore: isoInstant(cert.notBefore),
      notAfter: isoInstant(cert.notAfter),
      knownAs: knownAnchor(cert, options.trust)?.name ?? null,
      checks,
      problems,
    };
  });
  const last = certs[certs.length - 1]!;
  const lastLink = links[links.length - 1]!;
  let missingIssuer: ChainCheckResult['missingIssuer'] = null;
  if (!complete) {
    lastLink.problems.push(path.tooLong ? CHAIN_PROBLEMS.tooLong : CHAIN_PROBLEMS.missingIssuer);
    if (!path.tooLong) {
      missingIssuer = {
        keyId: last.authorityKeyId,
        knownAs: anchorByKeyId(last.authorityKeyId, options.trust)?.name ?? null,
      };
    }
  }
  const anchor: TrustAnchor | null = complete ? pinnedRoot(last, options.trust) : null;
  const invalid = links.some((l) => l.problems.some((p) => INVALIDATING.has(p)));
  let status: ChainStatus;
  let message: ChainCheckResult['message'];
  let rootMatch: ChainCheckResult['rootMatch'] = null;
  if (invalid) {
    status = 'invalid';
    message = { key: 'certs.chain.status.invalid', params: {} };
  } else if (!complete) {
    status = 'incomplete';
    message = missingIssuer?.knownAs
      ? { key: 'certs.chain.status.incompleteKnown', params: { issuer: missingIssuer.knownAs } }
      : { key: 'certs.chain.status.incomplete', params: {} };
  } else if (anchor && anchor.families.includes(options.family)) {
    status = 'trusted';
    rootMatch = { name: anchor.name, source: anchor.source };
    message = { key: 'certs.chain.status.trusted', params: { root: anchor.name } };
  } else if (anchor?.test) {
    status = 'test-root';
    rootMatch = { name: anchor.name, source: anchor.source };
    lastLink.problems.push(CHAIN_PROBLEMS.testRoot);
    message = { key: 'certs.chain.status.testRoot', params: { root: anchor.name } };
  } else {
    status = 'untrusted-root';
    lastLink.problems.push(CHAIN_PROBLEMS.rootNotPinned);
    message = { key: 'certs.chain.status.untrustedRoot', params: { root: last.subject } };
  }
  return {
    status,
    links,
    rootMatch,
    problems: [...new Set(links.flatMap((l) => l.problems))],
    message,
    missingIssuer,
    family: options.family,
    at: isoInstant(options.at),
  };
}

// Best first: a path to a trusted root wins over any other the candidates allow.
const RANK: Record<ChainStatus, number> = {
  trusted: 0,
  'test-root': 1,
  'untrusted-root': 2,
  invalid: 3,
  incomplete: 4,
};

/**
 * Build and check the chain holder → issuing CA → root from `candidates` (which may
 * include the holder), by key identifier, verifying every signature and every validity
 * period at `at`, and match the root against the pinned trust list.
 */
export function checkChain(
  holder: ParsedCertificate,
  candidates: ParsedCertificate[],
  options: ChainOptions,
): ChainCheckResult {
  const resolved: Required<ChainOptions> = {
    family: options.family,
    at: options.at ?? new Date(),
    trust: options.trust ?? defaultTrustList(),
  };
  const paths: Path[] = [];
  buildPaths([holder], candidates, paths);
  let best: ChainCheckResult | null = null;
  for (const path of paths) {
    const result = evaluate(path, resolved);
    if (!best || RANK[result.status] < RANK[best.status]) best = result;
    if (best.status === 'trusted') break;
  }
  return best!;
}

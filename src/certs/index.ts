export { CertificateParseError, TrustListError, type CertificateParseFailure } from './errors';
export {
  parseCertificate,
  parseCertificateDer,
  parseCertificates,
  type CertificateMeta,
  type ParsedCertificate,
} from './parse';
export { toPem } from './pem';
export { classifyRole, type RoleInput } from './role';
export type { PublicKeyInfo } from './key';
export type { NameAttribute, Rdn } from './names';
export type { KeyUsageName } from './oids';
export { verifySignature, type SignatureCheck } from './signature';
export {
  checkChain,
  CHAIN_PROBLEMS,
  type ChainCheckResult,
  type ChainLink,
  type ChainLinkChecks,
  type ChainOptions,
  type ChainStatus,
} from './chain';
export {
  defaultTrustList,
  knownAnchor,
  moicaGeneration,
  normalizeHex,
  parseTrustList,
  pinnedRoot,
  type MoicaGeneration,
  type TrustAnchor,
  type TrustList,
} from './trust';
export { certificateToText, chainToText, formatKeyId, type CertificateTextOptions } from './text';
export { isoInstant } from './time';

export {
  describeAtr,
  parseAtr,
  printableAscii,
  type InterfaceByteGroup,
  type ParsedAtr,
} from './atr';
export {
  defaultAtrTable,
  matchFamily,
  type AtrRule,
  type AtrTable,
  type FamilyMatch,
} from './atr-table';
export { cdfIsComplete, parseCdf, type CdfEntry, type CdfParse } from './cdf';
export {
  CDF_EF,
  CERTIFICATES_EF,
  FALLBACK_OFFSETS,
  PKI_DF,
  readCardCertificates,
  type CertificatesRead,
} from './certificates';
export {
  certificateIdentity,
  sameIdentity,
  type CertificateIdentity,
} from './certificate-identity';
export {
  CardDriver,
  type CardDriverOptions,
  type CardSummary,
  type KnownCardHint,
  type SecretOperationOptions,
  type SummaryOptions,
  type SummaryItem,
} from './driver';
export { CardReadError, type ReadItem } from './errors';
export { CardFiles, LARGE_CHUNK, SMALL_CHUNK, type ReadEnd, type ReadPlan } from './files';
export { GEN2_APPLET_AID, probeLayout, type ProbeResult } from './probe';
export { PIN_MAX_TRIES, PIN_REF, USER_CODE_MAX_TRIES, USER_CODE_REF } from './iso-pin';
export {
  childrenOf,
  derElementSize,
  readTlv,
  readUnsigned,
  TruncatedTlvError,
  type Tlv,
} from './tlv';

/** The virtual card: public API (card-profile.md §5). See README.md for the scenarios. */
export type { SimulatedCard } from './types';
export { cardKeys, createVirtualCard, type VirtualCardOptions, type VirtualHolder } from './create';
export { VirtualCard, REDACTED_BYTE, type ReadPastEnd } from './virtual-card';
export { InProcessTransport, type TransmitListener } from './in-process-transport';
export { OtherCard, type OtherCardOptions } from './other-card';
export { VIRTUAL_CARD_DEFAULTS } from './defaults';
export {
  SCENARIOS,
  isScenarioName,
  scenarioProfile,
  PIN_MAX_TRIES,
  USER_CODE_MAX_TRIES,
  type ScenarioName,
  type ScenarioProfile,
  type IssuerStatus,
} from './scenarios';
export { VIRTUAL_ATR, MOICA_GEN1_ATR, OTHER_PKI_ATR, atrCheckByte, buildAtr } from './atr';
export { FID, CERTIFICATE_SLOTS, CERTIFICATE_FILE_SIZE, CDF_FILE_SIZE } from './file-system';
export type { CertificateSet } from './certificates';
export {
  TEST_URLS,
  TEST_POLICY_OID,
  DEFAULT_REVOCATION_URLS,
  type RevocationUrls,
} from './certificates';
export type { PathLengthTagging } from './cdf';
export { VirtualCardStateError, type StateProblem } from './state-file';
export { DEFAULT_KEYS_DIR } from './keys';

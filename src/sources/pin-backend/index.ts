export { moduleSecretState, vendorPinState, withPinBackend, type ReadCard } from './card-pin-state';
export { compareCertificates, certificatesDisagree } from './compare';
export { IsoPinBackend, type DriverFactory } from './iso';
export {
  familyOfReader,
  ModuleNotFoundError,
  NoMatchingSlotError,
  openPinBackend,
  type KnownCard,
  type PinBackendOptions,
  type Pkcs11Settings,
} from './open';
export { CertificatesDifferError, Pkcs11PinBackend } from './pkcs11';
export {
  describesReader,
  matchSlotBySerialOrReader,
  type CardToMatch,
  type SlotMatcher,
} from './slot-match';
export type {
  CertificateComparison,
  PinBackend,
  PinBackendKind,
  PinOperation,
  PinState,
} from './types';
export { UnavailablePinBackend } from './unavailable';

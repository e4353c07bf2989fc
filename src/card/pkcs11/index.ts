export {
  defaultWorkerEntry,
  forkLauncher,
  Pkcs11Client,
  type Pkcs11ClientOptions,
  type WorkerEntry,
  type WorkerLauncher,
  type WorkerProcess,
} from './client';
export * from './constants';
export {
  errorFromFailure,
  Pkcs11ModuleError,
  Pkcs11Refused,
  Pkcs11TimeoutError,
  TokenChangedError,
} from './errors';
export {
  decodeUserPinFlags,
  guardFromFlags,
  pinStatusFromFlags,
  type GuardRefusal,
  type UserPinFlags,
} from './flags';
export {
  defaultCandidates,
  locateModule,
  moduleCandidates,
  PKCS11_MODULE_ENV,
  systemEnvironment,
  type LocateOptions,
  type LocateResult,
  type LocatorEnvironment,
  type ModuleCandidate,
  type ModuleOrigin,
} from './locator';
export type * from './protocol';

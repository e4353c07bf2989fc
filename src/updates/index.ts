export { UpdateRejectedError, type UpdateRejection } from './errors';
export {
  SIGNATURE_FORMAT,
  SIGNATURE_SUFFIX,
  checkSignature,
  keyIdOf,
  parseSignatureFile,
  rawPublicKeyOf,
  signUpdate,
  signedMessage,
  type SignatureFile,
  type SignedFields,
  type TrustedKey,
} from './signature';
export {
  sha512OfFile,
  verifyDownloadedUpdate,
  type DownloadedUpdate,
  type VerifiedUpdate,
} from './verify-download';
export {
  UPDATE_ENV,
  feedUrlFromPackageJson,
  resolveUpdateConfig,
  signatureUrl,
  type UpdateConfig,
  type UpdatesOff,
} from './config';
export { compareVersions, isVersion } from './version';
export { TRUSTED_UPDATE_KEYS } from './trusted-keys';

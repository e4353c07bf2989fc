export {
  checkCertificates,
  checkRevocation,
  DEFAULT_MAX_CRL_BYTES,
  DEFAULT_TIMEOUT_MS,
  type RevocationCheckOptions,
} from './check';
export { undiciTransport, type HttpOptions, type HttpTransport } from './http';

export {
  apduCase,
  decodeCommand,
  encodeCommand,
  MAX_LC,
  MAX_LE,
  type ApduCase,
  type CommandApdu,
} from './command';
export { ApduEncodingError, CardStatusError } from './errors';
export { compactHex, fromHex, spacedHex, swHex } from './hex';
export { parseResponse, type ResponseApdu } from './response';
export {
  KNOWN_STATUS_PATTERNS,
  statusWordInfo,
  statusWordLabel,
  statusWordMessage,
  type StatusWordInfo,
} from './status-words';
export { commandTraceHex, type ApduTraceEvent, type ApduTraceHook } from './trace';
export { ApduLink, DEFAULT_TIMEOUT_MS, transmit, type TransmitOptions } from './transmit';

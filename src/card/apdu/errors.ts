import { AppError } from '../../core/errors';
import { swHex } from './hex';
import { statusWordMessage } from './status-words';

/**
 * The card answered a status word the caller cannot accept. The message names the status
 * word in words and in hex, so a helpdesk can act on a pasted error.
 */
export class CardStatusError extends AppError {
  constructor(
    readonly sw: number,
    /** What the app was doing ("SELECT 0903", "READ BINARY"), for diagnostics only. */
    readonly step?: string,
  ) {
    const { key, params } = statusWordMessage(sw);
    super('card-error', key, params, `card answered ${swHex(sw)}${step ? ` to ${step}` : ''}`);
  }
}

/** A command the APDU layer refuses to encode (a bug in the caller, caught before sending). */
export class ApduEncodingError extends AppError {
  constructor(detail: string) {
    super('internal', 'card.apduEncoding', { detail }, `cannot encode APDU: ${detail}`);
  }
}

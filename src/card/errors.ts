import { AppError } from '../core/errors';
import { swHex } from './apdu/hex';

/** What the driver reads from a card, for "could not read X" messages. */
export type ReadItem = 'layout' | 'cardNumber' | 'osVersion' | 'certificates';

/**
 * A file the card profile says exists could not be read. Reading spends nothing, so the
 * message can say plainly that the card and its PIN are untouched (card-profile.md §3:
 * the gen-2 layout is a guess and must fail this way).
 */
export class CardReadError extends AppError {
  constructor(
    readonly item: ReadItem,
    /** The status word that stopped the read, when a card answered one. */
    readonly sw: number | null,
    detail?: string,
  ) {
    super(
      'card-error',
      `card.readFailed.${item}`,
      { sw: sw === null ? '-' : swHex(sw) },
      detail ?? `could not read ${item}${sw === null ? '' : ` (SW ${swHex(sw)})`}`,
    );
  }
}

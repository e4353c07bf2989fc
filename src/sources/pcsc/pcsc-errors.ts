/**
 * Turns pcsclite's text errors into the app's typed errors, so the CLI, the UI and scripts
 * switch on a code instead of parsing PC/SC messages.
 */
import {
  AppError,
  CardRemovedError,
  NoCardError,
  NoReaderError,
  PcscUnavailableError,
} from '../../core/errors';
import { pcscReturnCode, SCARD_RC } from './pcsc-constants';

/** Another program holds the card exclusively (or we asked for exclusivity and it is in use). */
export class ReaderBusyError extends AppError {
  constructor(readonly reader: string) {
    super('reader-busy', 'pcsc.readerBusy', { reader });
  }
}

/** Present but no usable answer to reset: upside down, dirty contacts, not a chip card. */
export class MuteCardError extends AppError {
  constructor(readonly reader: string) {
    super('card-error', 'pcsc.cardMute', { reader });
  }
}

/** The card was reset by another program between our commands. */
export class CardResetError extends AppError {
  constructor() {
    super('card-error', 'pcsc.cardReset');
  }
}

/** Any other PC/SC failure: shows the PC/SC code so a helpdesk can look it up. */
export class PcscFailureError extends AppError {
  constructor(code: number | null, detail: string) {
    super(
      'card-error',
      'pcsc.failed',
      { code: code === null ? '?' : `0x${code.toString(16).toUpperCase()}` },
      detail,
    );
  }
}

/** Where the failure happened: a connect finds "no card"; mid-operation it means "pulled". */
export type PcscPhase = 'connect' | 'transmit' | 'disconnect';

export function mapPcscError(err: unknown, phase: PcscPhase, reader: string): AppError {
  if (err instanceof AppError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = pcscReturnCode(err);
  switch (code) {
    case SCARD_RC.E_NO_SERVICE:
    case SCARD_RC.E_SERVICE_STOPPED:
    case SCARD_RC.F_COMM_ERROR:
      return new PcscUnavailableError(message);
    case SCARD_RC.E_SHARING_VIOLATION:
      return new ReaderBusyError(reader);
    case SCARD_RC.W_UNRESPONSIVE_CARD:
    case SCARD_RC.W_UNPOWERED_CARD:
      return new MuteCardError(reader);
    case SCARD_RC.W_RESET_CARD:
      return new CardResetError();
    case SCARD_RC.E_NO_SMARTCARD:
    case SCARD_RC.W_REMOVED_CARD:
      return phase === 'connect' ? new NoCardError(reader) : new CardRemovedError();
    case SCARD_RC.E_UNKNOWN_READER:
    case SCARD_RC.E_READER_UNAVAILABLE:
      return phase === 'connect' ? new NoReaderError() : new CardRemovedError();
    // After vpcd (or a reader) loses the card mid-command, pcsc-lite answers the next
    // command with "Transaction failed" rather than "card removed".
    case SCARD_RC.E_NOT_TRANSACTED:
    case SCARD_RC.E_INVALID_HANDLE:
      return phase === 'connect' ? new PcscFailureError(code, message) : new CardRemovedError();
    default:
      // pcsclite's own check when the handle is already gone.
      if (/not connected/i.test(message)) return new CardRemovedError();
      return new PcscFailureError(code, message);
  }
}

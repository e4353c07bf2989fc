/**
 * The one seam between the card driver and whatever carries bytes to a card:
 * pcsclite (src-main), the in-process virtual card, or a scripted fake in tests.
 * The driver never imports a transport implementation; one is injected.
 */
export interface CardTransport {
  /** Answer-to-reset of the card currently in the reader. */
  readonly atr: Buffer;
  /** Name of the reader (PC/SC reader name, or "Virtual card (in process)"). */
  readonly readerName: string;
  /**
   * Send one raw command APDU, resolve with the raw response (data + SW1 SW2).
   * Implementations do not interpret status words. A response shorter than two bytes
   * means the card went away (pcsclite resolves with an empty buffer in that case).
   */
  transmit(command: Buffer): Promise<Buffer>;
  /**
   * Run `work` as one exclusive unit (a PC/SC transaction). `reset` asks the transport
   * to reset the card when the unit ends, so no verified PIN state survives it.
   */
  withTransaction<T>(work: () => Promise<T>, options?: { reset?: boolean }): Promise<T>;
}

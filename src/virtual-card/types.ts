/**
 * The card side of the virtual card, as seen by whatever plugs it in: the in-process
 * transport (tests, demo) or the vpcd client (a real PC/SC reader through pcscd).
 * A card answers one APDU at a time; an answer may wait for the card's memory (a state file
 * shared with other processes), so it is a promise.
 */
export interface SimulatedCard {
  /** The ATR the card answers with after power-on or reset. */
  readonly atr: Buffer;
  /** Power control from the reader; each one drops the verified PIN state (card-profile.md §4). */
  powerOn(): void;
  powerOff(): void;
  reset(): void;
  /** One command APDU in, one response (data + SW1 SW2) out, in the order they were sent. */
  process(command: Buffer): Promise<Buffer>;
  /**
   * Runs `work` with the card's memory to itself, across processes: what a PC/SC
   * transaction gives a program on a real card. Absent: nothing outside this process shares
   * the card.
   */
  exclusive?<T>(work: () => Promise<T>): Promise<T>;
}

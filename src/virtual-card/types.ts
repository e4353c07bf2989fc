/**
 * The card side of the virtual card, as seen by whatever plugs it in: the in-process
 * transport (tests, demo) or the vpcd client (a real PC/SC reader through pcscd).
 * Processing is synchronous: a card answers one APDU at a time.
 */
export interface SimulatedCard {
  /** The ATR the card answers with after power-on or reset. */
  readonly atr: Buffer;
  /** Power control from the reader; each one drops the verified PIN state (card-profile.md §4). */
  powerOn(): void;
  powerOff(): void;
  reset(): void;
  /** One command APDU in, one response (data + SW1 SW2) out. */
  process(command: Buffer): Buffer;
}

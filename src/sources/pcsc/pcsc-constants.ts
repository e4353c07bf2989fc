/**
 * PC/SC numbers the card service needs, from pcsc-lite's public headers (pcsclite.h,
 * reader.h) — the same values Windows' winscard.h uses. Kept here rather than read from a
 * pcsclite reader object so the service's logic can be tested without the native addon.
 */

export const SCARD_STATE = {
  UNAWARE: 0x0000,
  IGNORE: 0x0001,
  CHANGED: 0x0002,
  UNKNOWN: 0x0004,
  UNAVAILABLE: 0x0008,
  EMPTY: 0x0010,
  PRESENT: 0x0020,
  ATRMATCH: 0x0040,
  EXCLUSIVE: 0x0080,
  INUSE: 0x0100,
  MUTE: 0x0200,
  UNPOWERED: 0x0400,
} as const;

export const SCARD_SHARE = { EXCLUSIVE: 1, SHARED: 2, DIRECT: 3 } as const;
export const SCARD_PROTOCOL = { T0: 1, T1: 2, RAW: 4 } as const;
export const SCARD_DISPOSITION = { LEAVE: 0, RESET: 1, UNPOWER: 2, EJECT: 3 } as const;

/** Return codes the service tells apart (pcsclite.h). */
export const SCARD_RC = {
  E_CANCELLED: 0x80100002,
  E_INVALID_HANDLE: 0x80100003,
  E_UNKNOWN_READER: 0x80100009,
  E_TIMEOUT: 0x8010000a,
  E_SHARING_VIOLATION: 0x8010000b,
  E_NO_SMARTCARD: 0x8010000c,
  E_PROTO_MISMATCH: 0x8010000f,
  F_COMM_ERROR: 0x80100013,
  E_NOT_TRANSACTED: 0x80100016,
  E_READER_UNAVAILABLE: 0x80100017,
  E_NO_SERVICE: 0x8010001d,
  E_SERVICE_STOPPED: 0x8010001e,
  E_NO_READERS_AVAILABLE: 0x8010002e,
  W_UNSUPPORTED_CARD: 0x80100065,
  W_UNRESPONSIVE_CARD: 0x80100066,
  W_UNPOWERED_CARD: 0x80100067,
  W_RESET_CARD: 0x80100068,
  W_REMOVED_CARD: 0x80100069,
} as const;

/**
 * pcsclite reports failures only as text, e.g.
 * "SCardConnect error: Sharing violation.(0x8010000b)": the code is the hex in brackets.
 */
export function pcscReturnCode(err: unknown): number | null {
  const text = err instanceof Error ? err.message : String(err);
  const match = /\(0x([0-9a-f]{8})\)/i.exec(text);
  return match ? parseInt(match[1]!, 16) : null;
}

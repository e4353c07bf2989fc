/** Status words the virtual card answers with (ISO/IEC 7816-4 §5.1.3). */
export const SW = {
  OK: 0x9000,
  /** 61xx: xx more bytes waiting for GET RESPONSE. */
  BYTES_AVAILABLE: 0x6100,
  END_OF_FILE: 0x6282,
  /** 63Cx: x tries left. */
  COUNTER: 0x63c0,
  MEMORY_FAILURE: 0x6581,
  WRONG_LENGTH: 0x6700,
  SECURITY_NOT_SATISFIED: 0x6982,
  AUTH_METHOD_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  NO_CURRENT_EF: 0x6986,
  SM_OBJECTS_MISSING: 0x6987,
  WRONG_DATA: 0x6a80,
  FILE_NOT_FOUND: 0x6a82,
  WRONG_P1P2: 0x6a86,
  REFERENCE_NOT_FOUND: 0x6a88,
  OFFSET_OUTSIDE_EF: 0x6b00,
  /** 6Cxx: wrong Le, xx is the right one. */
  WRONG_LE: 0x6c00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
} as const;

export function swBytes(sw: number): Buffer {
  return Buffer.from([(sw >> 8) & 0xff, sw & 0xff]);
}

/**
 * The few Cryptoki numbers this app needs. Values are those of the OASIS standard
 * "PKCS #11 Cryptographic Token Interface Base Specification Version 2.40" (header
 * pkcs11t.h). They are kept here rather than taken from pkcs11js so the parent process,
 * which never loads the native addon, can decode what the worker reports.
 */

// CK_TOKEN_INFO.flags (2.40 §3.2, table 8)
export const CKF_LOGIN_REQUIRED = 0x0000_0004;
export const CKF_USER_PIN_INITIALIZED = 0x0000_0008;
export const CKF_PROTECTED_AUTHENTICATION_PATH = 0x0000_0100;
export const CKF_TOKEN_INITIALIZED = 0x0000_0400;
export const CKF_USER_PIN_COUNT_LOW = 0x0001_0000;
export const CKF_USER_PIN_FINAL_TRY = 0x0002_0000;
export const CKF_USER_PIN_LOCKED = 0x0004_0000;
export const CKF_USER_PIN_TO_BE_CHANGED = 0x0008_0000;

// CK_SESSION_INFO.flags (2.40 §3.6)
export const CKF_RW_SESSION = 0x0000_0002;
export const CKF_SERIAL_SESSION = 0x0000_0004;

// CK_USER_TYPE (2.40 §3.6)
export const CKU_USER = 1;

// Objects and attributes (2.40 §4)
export const CKO_CERTIFICATE = 0x0000_0001;
export const CKO_PRIVATE_KEY = 0x0000_0003;
export const CKA_CLASS = 0x0000_0000;
export const CKA_LABEL = 0x0000_0003;
export const CKA_VALUE = 0x0000_0011;
export const CKA_ID = 0x0000_0102;

// Mechanisms (PKCS #11 Current Mechanisms Specification 2.40 §2.1.1, table 1)
export const CKM_SHA256_RSA_PKCS = 0x0000_0040;

// CK_RV (2.40 §5.1)
export const CKR_OK = 0x0000_0000;
export const CKR_SLOT_ID_INVALID = 0x0000_0003;
export const CKR_DEVICE_ERROR = 0x0000_0030;
export const CKR_DEVICE_REMOVED = 0x0000_0032;
export const CKR_FUNCTION_NOT_SUPPORTED = 0x0000_0054;
export const CKR_PIN_INCORRECT = 0x0000_00a0;
export const CKR_PIN_INVALID = 0x0000_00a1;
export const CKR_PIN_LEN_RANGE = 0x0000_00a2;
export const CKR_PIN_EXPIRED = 0x0000_00a3;
export const CKR_PIN_LOCKED = 0x0000_00a4;
export const CKR_SESSION_HANDLE_INVALID = 0x0000_00b3;
export const CKR_TOKEN_NOT_PRESENT = 0x0000_00e0;
export const CKR_TOKEN_NOT_RECOGNIZED = 0x0000_00e1;
export const CKR_USER_ALREADY_LOGGED_IN = 0x0000_0100;
export const CKR_USER_PIN_NOT_INITIALIZED = 0x0000_0102;
export const CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x0000_0191;

/** Return values that mean "the card went away" rather than "the module failed". */
export const CKR_CARD_GONE: readonly number[] = [
  CKR_DEVICE_REMOVED,
  CKR_TOKEN_NOT_PRESENT,
  CKR_SLOT_ID_INVALID,
  CKR_SESSION_HANDLE_INVALID,
];

/** `CKR_PIN_INCORRECT (0x000000A0)`: how a return value appears in a message or log. */
export function ckrHex(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(8, '0')}`;
}

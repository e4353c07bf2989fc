/**
 * The card side of signing (card-profile.md §6): MANAGE SECURITY ENVIRONMENT chooses a key,
 * PERFORM SECURITY OPERATION "compute digital signature" signs a SHA-256 DigestInfo with it
 * (RSA PKCS#1 v1.5, the card adds the padding). Pure functions of the request and the card's
 * keys; the card decides whether the PIN is verified.
 */
import { constants, privateEncrypt, type KeyObject } from 'node:crypto';
import { SW } from './status-words';

export const INS_MSE = 0x22;
export const INS_PSO = 0x2a;

/** MSE SET for the digital signature template (ISO/IEC 7816-4: P1 41, P2 B6). */
const MSE_SET_DST = { p1: 0x41, p2: 0xb6 } as const;
/** PSO COMPUTE DIGITAL SIGNATURE: P1 9E (signature out), P2 9A (data to sign in). */
const PSO_CDS = { p1: 0x9e, p2: 0x9a } as const;

/** Key references of §6: 01 the signing key, 02 the key-exchange key. */
export const KEY_REF = { signing: 0x01, keyExchange: 0x02 } as const;
export type KeyRef = (typeof KEY_REF)[keyof typeof KEY_REF];

/** The only algorithm reference §6 uses (tag 80, value 02). */
const ALGORITHM_REF = 0x02;

/**
 * The DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2, note 1); followed by the 32-byte
 * hash it is 51 bytes, the only input §6 accepts.
 */
export const SHA256_DIGEST_INFO_PREFIX = Buffer.from(
  '3031300d060960864801650304020105000420',
  'hex',
);
export const DIGEST_INFO_LENGTH = SHA256_DIGEST_INFO_PREFIX.length + 32;

export interface CardKeys {
  /** What key reference 01 signs with: the signing certificate's key, unless the scenario breaks it. */
  signing: KeyObject;
  keyExchange: KeyObject;
}

export interface SigningAnswer {
  sw: number;
  data?: Buffer;
  /** MSE SET only: the key it chose. */
  chosen?: KeyRef;
}

/** `00 22 41 B6 06 80 01 02 84 01 <ref>`: 9000 for ref 01/02, 6A88 for any other. */
export function manageSecurityEnvironment(
  p1: number,
  p2: number,
  data: Buffer | null,
): SigningAnswer {
  if (p1 !== MSE_SET_DST.p1 || p2 !== MSE_SET_DST.p2) return { sw: SW.WRONG_P1P2 };
  if (!data) return { sw: SW.WRONG_LENGTH };
  let algorithm: number | null = null;
  let ref: number | null = null;
  // A flat list of one-byte-long TLVs: 80 (algorithm) and 84 (key reference).
  for (let i = 0; i < data.length;) {
    if (i + 3 > data.length || data[i + 1] !== 1) return { sw: SW.WRONG_DATA };
    const tag = data[i]!;
    const value = data[i + 2]!;
    if (tag === 0x80) algorithm = value;
    else if (tag === 0x84) ref = value;
    else return { sw: SW.WRONG_DATA };
    i += 3;
  }
  if (algorithm !== ALGORITHM_REF || ref === null) return { sw: SW.WRONG_DATA };
  if (ref !== KEY_REF.signing && ref !== KEY_REF.keyExchange) {
    return { sw: SW.REFERENCE_NOT_FOUND };
  }
  return { sw: SW.OK, chosen: ref };
}

export function isSha256DigestInfo(data: Buffer): boolean {
  return (
    data.length === DIGEST_INFO_LENGTH &&
    data.subarray(0, SHA256_DIGEST_INFO_PREFIX.length).equals(SHA256_DIGEST_INFO_PREFIX)
  );
}

/**
 * `00 2A 9E 9A 33 <DigestInfo> 00`. The order of the checks is the card's: wrong P1/P2 or
 * lengths first, then "no key chosen" (6985), then the PIN (6982), then the data (6A80).
 */
export function computeSignature(
  request: { p1: number; p2: number; data: Buffer | null; le: number | null },
  state: { verified: boolean; chosen: KeyRef | null },
  keys: CardKeys,
): SigningAnswer {
  if (request.p1 !== PSO_CDS.p1 || request.p2 !== PSO_CDS.p2) return { sw: SW.WRONG_P1P2 };
  if (!request.data || request.le === null) return { sw: SW.WRONG_LENGTH };
  if (state.chosen === null) return { sw: SW.CONDITIONS_NOT_SATISFIED };
  if (!state.verified) return { sw: SW.SECURITY_NOT_SATISFIED };
  if (!isSha256DigestInfo(request.data)) return { sw: SW.WRONG_DATA };
  const key = state.chosen === KEY_REF.signing ? keys.signing : keys.keyExchange;
  // Type-1 PKCS#1 v1.5 padding around the DigestInfo is exactly an RSASSA-PKCS1-v1_5 signature.
  const signature = privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, request.data);
  return { sw: SW.OK, data: signature };
}

/**
 * The host side of card-profile.md §6: the two APDUs that sign on an ISO card (MSE SET, then
 * PSO COMPUTE DIGITAL SIGNATURE over a SHA-256 DigestInfo), and the error that says which
 * step of a signature failed. Only `pinChannel: 'iso'` cards get these APDUs; a MOICA card
 * signs through its vendor's PKCS#11 module instead (src/card/pkcs11).
 */
import { createHash } from 'node:crypto';
import { AppError } from '../core/errors';
import type { SelfTestStep } from '../core/model';
import type { CommandApdu } from './apdu/command';

/** §6: key reference 01 is the signing key (02 the key-exchange key, never used here). */
export const SIGNING_KEY_REF = 0x01;

export const INS_MANAGE_SECURITY_ENVIRONMENT = 0x22;
export const INS_PERFORM_SECURITY_OPERATION = 0x2a;

/** DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2, note 1). */
const SHA256_DIGEST_INFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** The 51 bytes §6 signs: SHA-256 DigestInfo of `data`. */
export function sha256DigestInfo(data: Uint8Array): Buffer {
  return Buffer.concat([SHA256_DIGEST_INFO_PREFIX, createHash('sha256').update(data).digest()]);
}

/** `CLA 22 41 B6 06 80 01 02 84 01 <ref>`: algorithm 02 (RSA PKCS#1 v1.5), key `ref`. */
export function mseSetSigningKey(cla: number, ref = SIGNING_KEY_REF): CommandApdu {
  return {
    cla,
    ins: INS_MANAGE_SECURITY_ENVIRONMENT,
    p1: 0x41,
    p2: 0xb6,
    data: Buffer.from([0x80, 0x01, 0x02, 0x84, 0x01, ref]),
  };
}

/** `CLA 2A 9E 9A 33 <DigestInfo> 00`: the card answers with the 256-byte signature. */
export function psoComputeSignature(cla: number, digestInfo: Buffer): CommandApdu {
  return {
    cla,
    ins: INS_PERFORM_SECURITY_OPERATION,
    p1: 0x9e,
    p2: 0x9a,
    data: digestInfo,
    le: 256,
  };
}

/**
 * A signature failed at `step` ('key': no usable signing key; 'sign': the card or module
 * refused to sign). Code and message are the cause's, so a CLI exit code and a UI message
 * stay what they would be for that cause; `step` says where it happened.
 */
export class SigningStepError extends AppError {
  constructor(
    readonly step: Extract<SelfTestStep, 'key' | 'sign'>,
    /** What went wrong at that step (a card status word, a module error...). */
    readonly failure: AppError,
  ) {
    super(failure.code, failure.messageKey, failure.params, `${step}: ${failure.message}`);
  }
}

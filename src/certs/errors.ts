import { AppError, type MessageParams } from '../core/errors';

/** Why a certificate could not be read; each reason has its own message in certs.json. */
export type CertificateParseFailure =
  | 'empty'
  | 'tooLarge'
  | 'notCertificateData'
  | 'tooShort'
  | 'truncated'
  | 'trailingData'
  | 'notDer'
  | 'wrongPemLabel'
  | 'privateKey'
  | 'pemBadBase64'
  | 'pemUnterminated'
  | 'pemMultiple'
  | 'notCertificate'
  | 'pkcs7'
  | 'badStructure';

/** Anything wrong with certificate input: never a raw node-forge exception. */
export class CertificateParseError extends AppError {
  readonly reason: CertificateParseFailure;

  constructor(reason: CertificateParseFailure, params: MessageParams = {}) {
    super('bad-certificate', `certs.error.${reason}`, params);
    this.reason = reason;
  }
}

/** The pinned trust list (bundled or injected) does not follow its schema. */
export class TrustListError extends AppError {
  constructor(detail: string) {
    super('internal', 'certs.error.badTrustList', { detail });
  }
}

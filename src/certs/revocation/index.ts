/** Certificate status from the issuer, the protocol half (docs/revocation.md). */
export { certificatePair, type CertificatePair } from './certificate-pair';
export { RevocationFailure, isRevocationFailure } from './failure';
export { buildOcspRequest, readOcspResponse, CLOCK_SKEW_MS, type IssuerAnswer } from './ocsp';
export { scanCrlFile, type CrlScan } from './crl';

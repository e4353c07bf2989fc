/**
 * OCSP (RFC 6960) with pkijs + asn1js: the request for one certificate, and the checks an
 * answer must pass before it counts (docs/revocation.md "What counts as an answer"):
 * successful and basic; signed by the issuing CA's key, or by a responder certificate that
 * key signed with the OCSP-signing extended key usage and valid now; naming exactly this
 * certificate (issuer name hash, issuer key hash, serial); thisUpdate not in the future and
 * nextUpdate not past.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { RevocationReason } from '../../core/model';
import { certIdHashes, type CertificatePair } from './certificate-pair';
import { RevocationFailure } from './failure';
import { certificateSignedBy, decodeDer, HASH_BY_OID, spkiOf, verifySigned } from './signed-data';

const OID_SHA1 = '1.3.14.3.2.26';
const OID_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const OID_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const OID_EXT_KEY_USAGE = '2.5.29.37';

/** Clocks differ: a minute or five either way is not a stale or future answer. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** RFC 5280 §5.3.1 CRLReason values. */
export const REASONS: Record<number, RevocationReason> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
};

/** What an answer that passed every check says. */
export interface IssuerAnswer {
  /** `unknown-to-responder`: OCSP's "unknown" (a CRL may still know). */
  status: 'good' | 'suspended' | 'revoked' | 'unknown-to-responder';
  thisUpdate: Date;
  nextUpdate: Date | null;
  revokedAt: Date | null;
  reason: RevocationReason | null;
}

/** The DER OCSPRequest for the pair's certificate (SHA-1 CertID, as responders expect). */
export function buildOcspRequest(pair: CertificatePair): Uint8Array {
  const { nameHash, keyHash } = certIdHashes(pair, 'sha1');
  const certId = new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: OID_SHA1,
      algorithmParams: new asn1js.Null(),
    }),
    issuerNameHash: new asn1js.OctetString({ valueHex: nameHash }),
    issuerKeyHash: new asn1js.OctetString({ valueHex: keyHash }),
    serialNumber: new asn1js.Integer({ valueHex: pair.serial }),
  });
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList = [new pkijs.Request({ reqCert: certId })];
  return new Uint8Array(request.toSchema(true).toBER());
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

/** Does this SingleResponse's CertID name the pair's certificate? */
function namesCertificate(single: pkijs.SingleResponse, pair: CertificatePair): boolean {
  const hash = HASH_BY_OID[single.certID.hashAlgorithm.algorithmId];
  if (!hash) return false;
  const { nameHash, keyHash } = certIdHashes(pair, hash);
  return (
    sameBytes(single.certID.issuerNameHash.valueBlock.valueHexView, nameHash) &&
    sameBytes(single.certID.issuerKeyHash.valueBlock.valueHexView, keyHash) &&
    sameBytes(single.certID.serialNumber.valueBlock.valueHexView, pair.serial)
  );
}

function canSignOcsp(cert: pkijs.Certificate, now: Date): boolean {
  const eku = cert.extensions?.find((e) => e.extnID === OID_EXT_KEY_USAGE);
  const usages = (eku?.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
  const t = now.getTime();
  return (
    usages.includes(OID_OCSP_SIGNING) &&
    cert.notBefore.value.getTime() <= t + CLOCK_SKEW_MS &&
    cert.notAfter.value.getTime() >= t - CLOCK_SKEW_MS
  );
}

/** The key that made the response's signature: the issuer's, or an authorised responder's. */
async function checkSigner(basic: pkijs.BasicOCSPResponse, pair: CertificatePair, now: Date) {
  const spec = {
    algorithm: basic.signatureAlgorithm,
    signature: basic.signature.valueBlock.valueHexView,
  };
  const data = [basic.tbsResponseData.tbsView];
  if (await verifySigned(data, spec, pair.issuerSpki)) return;
  for (const responder of basic.certs ?? []) {
    if (!canSignOcsp(responder, now)) continue;
    if (!(await certificateSignedBy(responder, pair.issuerSpki))) continue;
    if (await verifySigned(data, spec, spkiOf(responder))) return;
  }
  throw new RevocationFailure('bad-signature', 'neither the issuer nor a responder it authorised');
}

/** certStatus: [0] good, [1] revoked { time, [0] reason }, [2] unknown. */
function readStatus(
  single: pkijs.SingleResponse,
): Pick<IssuerAnswer, 'status' | 'revokedAt' | 'reason'> {
  const status = single.certStatus as asn1js.BaseBlock;
  switch (status.idBlock.tagNumber) {
    case 0:
      return { status: 'good', revokedAt: null, reason: null };
    case 2:
      return { status: 'unknown-to-responder', revokedAt: null, reason: null };
    case 1: {
      const parts = (status as asn1js.Constructed).valueBlock.value;
      const time = parts[0];
      if (!(time instanceof asn1js.GeneralizedTime)) {
        throw new RevocationFailure('malformed', 'revocationTime');
      }
      let reason: RevocationReason | null = null;
      const tagged = parts[1] as asn1js.Constructed | undefined;
      const enumerated = tagged?.valueBlock.value?.[0];
      if (enumerated instanceof asn1js.Enumerated) {
        reason = REASONS[enumerated.valueBlock.valueDec] ?? 'unspecified';
      }
      return {
        status: reason === 'certificateHold' ? 'suspended' : 'revoked',
        revokedAt: time.toDate(),
        reason,
      };
    }
    default:
      throw new RevocationFailure('malformed', 'certStatus');
  }
}

/** Throws unless thisUpdate ≤ now ≤ nextUpdate, give or take the clock skew. */
export function checkTimes(thisUpdate: Date, nextUpdate: Date | null, now: Date): void {
  const t = now.getTime();
  if (thisUpdate.getTime() > t + CLOCK_SKEW_MS) {
    throw new RevocationFailure('future-dated', thisUpdate.toISOString());
  }
  if (nextUpdate && nextUpdate.getTime() < t - CLOCK_SKEW_MS) {
    throw new RevocationFailure('stale', nextUpdate.toISOString());
  }
}

/** Every check of RFC 6960 this app makes; throws RevocationFailure with the reason. */
export async function readOcspResponse(
  der: Uint8Array,
  pair: CertificatePair,
  now: Date,
): Promise<IssuerAnswer> {
  let response: pkijs.OCSPResponse;
  try {
    response = new pkijs.OCSPResponse({ schema: decodeDer(der, 'OCSP response') });
  } catch (err) {
    if (err instanceof RevocationFailure) throw err;
    throw new RevocationFailure('malformed', (err as Error).message);
  }
  const code = response.responseStatus.valueBlock.valueDec;
  if (code !== 0) throw new RevocationFailure('responder-error', `responseStatus ${code}`);
  if (!response.responseBytes) throw new RevocationFailure('malformed', 'no responseBytes');
  if (response.responseBytes.responseType !== OID_OCSP_BASIC) {
    throw new RevocationFailure('unsupported', response.responseBytes.responseType);
  }
  let basic: pkijs.BasicOCSPResponse;
  try {
    basic = new pkijs.BasicOCSPResponse({
      schema: decodeDer(
        response.responseBytes.response.valueBlock.valueHexView,
        'BasicOCSPResponse',
      ),
    });
  } catch (err) {
    if (err instanceof RevocationFailure) throw err;
    throw new RevocationFailure('malformed', (err as Error).message);
  }
  await checkSigner(basic, pair, now);
  const single = basic.tbsResponseData.responses.find((r) => namesCertificate(r, pair));
  if (!single)
    throw new RevocationFailure('wrong-certificate', 'no SingleResponse for this CertID');
  const nextUpdate = single.nextUpdate ?? null;
  checkTimes(single.thisUpdate, nextUpdate, now);
  return { ...readStatus(single), thisUpdate: single.thisUpdate, nextUpdate };
}

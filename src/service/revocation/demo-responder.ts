/**
 * The demo's OCSP responder, in this process: the app in demo mode asks its virtual cards'
 * test CA the way it asks MOICA, and this answers for that CA only, from each card's
 * scenario (`suspended`, `revoked`, else good), signed with the committed test issuing CA
 * key. The answer then goes through every check a real one does. Nothing leaves the
 * computer: any other address gets "could not be reached".
 */
import { createHash, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseCertificateDer } from '../../certs';
import { RevocationFailure } from '../../certs/revocation';
import type { VirtualCard } from '../../virtual-card';
import { loadTestKey } from '../../virtual-card/keys';
import type { HttpTransport } from './http';

const OID_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const OID_SHA256_RSA = '1.2.840.113549.1.1.11';
const HOLD = 6;
const KEY_COMPROMISE = 1;
/** The demo's answers are good for an hour, as a responder's typically are for a few. */
const VALIDITY_MS = 3_600_000;
/** When the demo's certificates were suspended or revoked: a fixed, plainly past instant. */
const DEMO_REVOKED_AT = new Date('2026-01-15T01:00:00Z');

function context(tag: number, value: asn1js.AsnType[] | null): asn1js.BaseBlock {
  return value === null
    ? new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: tag } })
    : new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: tag }, value });
}

function certStatus(card: VirtualCard): asn1js.BaseBlock {
  if (card.issuerStatus === 'good') return context(0, null);
  const reason = card.issuerStatus === 'suspended' ? HOLD : KEY_COMPROMISE;
  return context(1, [
    new asn1js.GeneralizedTime({ valueDate: DEMO_REVOKED_AT }),
    context(0, [new asn1js.Enumerated({ value: reason })]),
  ]);
}

/** The card whose holder certificate has this serial, among those `cards()` lists. */
function cardWithSerial(cards: VirtualCard[], serial: string): VirtualCard | null {
  return (
    cards.find((card) =>
      [card.certificates.signing, card.certificates.keyExchange].some(
        (der) => parseCertificateDer(der).serialNumber === serial,
      ),
    ) ?? null
  );
}

/** A signed OCSP response for the one certificate `request` asks about, or null if unknown. */
export function demoOcspResponse(
  request: Uint8Array,
  cards: VirtualCard[],
  now: Date,
): Buffer | null {
  const parsed = new pkijs.OCSPRequest({ schema: asn1js.fromBER(request).result });
  const certId = parsed.tbsRequest.requestList[0]?.reqCert;
  if (!certId) return null;
  const serial = Buffer.from(certId.serialNumber.valueBlock.valueHexView)
    .toString('hex')
    .toUpperCase();
  const card = cardWithSerial(cards, serial);
  if (!card) return null;
  const ca = new pkijs.Certificate({ schema: asn1js.fromBER(card.certificates.issuingCa).result });
  const keyHash = createHash('sha1')
    .update(ca.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
    .digest();
  const data = new pkijs.ResponseData({
    responderID: new asn1js.OctetString({ valueHex: keyHash }),
    producedAt: now,
    responses: [
      new pkijs.SingleResponse({
        certID: certId,
        certStatus: certStatus(card),
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + VALIDITY_MS),
      }),
    ],
  });
  const tbs = Buffer.from(data.toSchema(true).toBER());
  const signature = sign('sha256', tbs, loadTestKey('test-issuing-ca').privateKey);
  const basic = new pkijs.BasicOCSPResponse({
    tbsResponseData: new pkijs.ResponseData({ schema: asn1js.fromBER(tbs).result }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: OID_SHA256_RSA,
      algorithmParams: new asn1js.Null(),
    }),
    signature: new asn1js.BitString({ valueHex: signature }),
  });
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: 0 }),
    responseBytes: new pkijs.ResponseBytes({
      responseType: OID_OCSP_BASIC,
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER() }),
    }),
  });
  return Buffer.from(response.toSchema().toBER());
}

/** The transport the app uses in demo mode: the demo cards' OCSP address answers in process. */
export function demoTransport(
  cards: () => VirtualCard[],
  now: () => Date = () => new Date(),
): HttpTransport {
  const unreachable = (url: string) =>
    Promise.reject(new RevocationFailure('offline', `demo: ${url}`));
  return {
    async post(url, body) {
      const mine = cards().some((c) => c.revocationUrls.ocsp === url);
      const answer = mine ? demoOcspResponse(body, cards(), now()) : null;
      return answer ?? unreachable(url);
    },
    get: (url) => unreachable(url),
    download: (url) => unreachable(url),
  };
}

/**
 * The virtual card's certificates: test root CA → test issuing CA → the holder's signing
 * and key-exchange certificates, RSA-2048 / SHA-256, shaped like MOICA's (C=TW, CN=<name>,
 * serialNumber=<16 digits>) but named and pointed at URLs that say "test" everywhere.
 * node-forge lays out the certificate; Node's crypto signs it with the committed keys.
 */
import { createHash, sign } from 'node:crypto';
import forge from 'node-forge';
import {
  booleanTrue,
  contextTag,
  ia5String,
  integer,
  namedBits,
  octetString,
  oid,
  sequence,
  tlv,
} from './der';
import { loadTestKey, type KeyName, type TestKey } from './keys';
import type { IssuerStatus, ValidityProfile } from './scenarios';
import { holderValidity, issuingCaValidity, rootCaValidity, type Validity } from './validity';

export interface HolderIdentity {
  /** Goes into CN as a UTF8String. */
  name: string;
  /** 16 digits, the subject's serialNumber attribute. */
  serialNumber: string;
}

export interface CertificateSet {
  signing: Buffer;
  keyExchange: Buffer;
  issuingCa: Buffer;
  rootCa: Buffer;
}

/** Test-only locations (.invalid never resolves, RFC 2606). */
export const TEST_URLS = {
  cps: 'http://vcard.invalid/cps',
} as const;

/**
 * Where the holder certificates say their status is published: OCSP in the Authority
 * Information Access extension, the CRL in the CRL Distribution Points, and the issuing
 * CA's certificate (AIA "CA issuers"). Chosen when the card is created, so a test or a demo
 * can point them at a responder it runs.
 */
export interface RevocationUrls {
  ocsp: string;
  crl: string;
  caIssuers: string;
}

/**
 * By default loopback port 9 (discard), where nothing answers: a status check of a plain
 * virtual card fails fast with "could not be reached" and never leaves the computer.
 */
export const DEFAULT_REVOCATION_URLS: RevocationUrls = {
  ocsp: 'http://127.0.0.1:9/ocsp',
  crl: 'http://127.0.0.1:9/crl/test-issuing-ca.crl',
  caIssuers: 'http://127.0.0.1:9/ca/test-issuing-ca.cer',
};

/** Under 2.999, the arc X.660 sets aside for examples: never a real policy. */
export const TEST_POLICY_OID = '2.999.886.1.1';

const OID = {
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  cRLDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  idQtCps: '1.3.6.1.5.5.7.2.1',
  idAdOcsp: '1.3.6.1.5.5.7.48.1',
  idAdCaIssuers: '1.3.6.1.5.5.7.48.2',
} as const;

const KEY_USAGE_BIT = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyCertSign: 5,
  cRLSign: 6,
} as const;

// @types/node-forge types valueTagClass as asn1.Class, but forge compares it with asn1.Type.
type TagClass = forge.asn1.Class;
const UTF8 = forge.asn1.Type.UTF8 as unknown as TagClass;
const PRINTABLE = forge.asn1.Type.PRINTABLESTRING as unknown as TagClass;

type Name = forge.pki.CertificateField[];

const TEST_ORG: Name = [
  { type: OID.countryName, value: 'TW', valueTagClass: PRINTABLE },
  { type: OID.organizationName, value: 'Citizen Card Manager TEST', valueTagClass: UTF8 },
  { type: OID.organizationalUnitName, value: 'Virtual card - not MOICA', valueTagClass: UTF8 },
];

const ROOT_NAME = (): Name => [
  ...TEST_ORG.map((a) => ({ ...a })),
  { type: OID.commonName, value: 'CCM TEST Root CA', valueTagClass: UTF8 },
];

const ISSUING_NAME = (): Name => [
  ...TEST_ORG.map((a) => ({ ...a })),
  { type: OID.commonName, value: 'CCM TEST Issuing CA', valueTagClass: UTF8 },
];

const holderName = (holder: HolderIdentity): Name => [
  { type: OID.countryName, value: 'TW', valueTagClass: PRINTABLE },
  { type: OID.commonName, value: holder.name, valueTagClass: UTF8 },
  { type: OID.serialNumber, value: holder.serialNumber, valueTagClass: PRINTABLE },
];

interface Extension {
  id: string;
  critical?: boolean;
  value: Buffer;
}

const ext = (id: string, value: Buffer, critical = false): Extension => ({ id, value, critical });

const uri = (url: string): Buffer => tlv(contextTag(6, false), Buffer.from(url, 'ascii'));

function caExtensions(subject: TestKey, issuer: TestKey, pathLen?: number): Extension[] {
  const constraints =
    pathLen === undefined ? sequence(booleanTrue()) : sequence(booleanTrue(), integer(pathLen));
  return [
    ext(OID.basicConstraints, constraints, true),
    ext(OID.keyUsage, namedBits([KEY_USAGE_BIT.keyCertSign, KEY_USAGE_BIT.cRLSign]), true),
    ext(OID.subjectKeyIdentifier, octetString(subject.keyIdentifier)),
    ext(OID.authorityKeyIdentifier, sequence(tlv(contextTag(0, false), issuer.keyIdentifier))),
  ];
}

function holderExtensions(
  subject: TestKey,
  issuer: TestKey,
  usage: number[],
  urls: RevocationUrls,
): Extension[] {
  const policy = sequence(
    oid(TEST_POLICY_OID),
    sequence(sequence(oid(OID.idQtCps), ia5String(TEST_URLS.cps))),
  );
  const distributionPoint = sequence(
    tlv(contextTag(0, true), tlv(contextTag(0, true), uri(urls.crl))),
  );
  return [
    ext(OID.basicConstraints, sequence(), true),
    ext(OID.keyUsage, namedBits(usage), true),
    ext(OID.subjectKeyIdentifier, octetString(subject.keyIdentifier)),
    ext(OID.authorityKeyIdentifier, sequence(tlv(contextTag(0, false), issuer.keyIdentifier))),
    ext(OID.certificatePolicies, sequence(policy)),
    ext(OID.cRLDistributionPoints, sequence(distributionPoint)),
    ext(
      OID.authorityInfoAccess,
      sequence(
        sequence(oid(OID.idAdOcsp), uri(urls.ocsp)),
        sequence(oid(OID.idAdCaIssuers), uri(urls.caIssuers)),
      ),
    ),
  ];
}

/** Stable for the same inputs (so a cached chain and a fresh one agree), always positive. */
function serialFor(...parts: string[]): string {
  const bytes = createHash('sha256').update(parts.join('\u0000')).digest().subarray(0, 16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString('hex');
}

interface CertificateSpec {
  serial: string;
  subject: Name;
  issuer: Name;
  subjectKey: TestKey;
  issuerKey: TestKey;
  validity: Validity;
  extensions: Extension[];
}

const getTBSCertificate = (
  forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }
).getTBSCertificate;

const forgeKeys = new WeakMap<TestKey, forge.pki.PublicKey>();

function forgePublicKey(key: TestKey): forge.pki.PublicKey {
  let k = forgeKeys.get(key);
  if (!k) forgeKeys.set(key, (k = forge.pki.publicKeyFromPem(key.publicKeyPem)));
  return k;
}

function issue(spec: CertificateSpec): Buffer {
  const cert = forge.pki.createCertificate();
  cert.version = 2;
  cert.serialNumber = spec.serial;
  cert.publicKey = forgePublicKey(spec.subjectKey);
  cert.validity.notBefore = spec.validity.notBefore;
  cert.validity.notAfter = spec.validity.notAfter;
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer);
  cert.setExtensions(
    spec.extensions.map((e) => ({
      id: e.id,
      critical: e.critical,
      value: e.value.toString('binary'),
    })),
  );
  cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption!;
  cert.signatureOid = forge.pki.oids.sha256WithRSAEncryption!;
  const tbs = getTBSCertificate(cert);
  const tbsDer = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
  cert.tbsCertificate = tbs;
  cert.signature = sign('sha256', tbsDer, spec.issuerKey.privateKey).toString('binary');
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

const cache = new Map<string, CertificateSet>();

/**
 * The four certificates for one validity profile on one Taipei day. Signing is cheap but
 * not free, so the chain is built once per (profile, day, holder, keys) and reused.
 */
export function certificatesFor(
  profile: ValidityProfile,
  today: string,
  holder: HolderIdentity,
  keysDir?: string,
  urls: RevocationUrls = DEFAULT_REVOCATION_URLS,
  issuerStatus: IssuerStatus = 'good',
): CertificateSet {
  const cacheKey = JSON.stringify([
    profile,
    today,
    holder.name,
    holder.serialNumber,
    keysDir,
    urls,
    issuerStatus,
  ]);
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const key = (name: KeyName): TestKey => loadTestKey(name, keysDir);
  const root = key('test-root-ca');
  const issuing = key('test-issuing-ca');
  const signingKey = key('holder-signing');
  const exchangeKey = key('holder-key-exchange');
  const validity = holderValidity(profile, today);
  // A suspended or revoked card is another card than a good one: its own serials, so an
  // issuer's answer (and its cache) about one is never taken for the other.
  const serialBase = [profile, today, holder.name, holder.serialNumber];
  if (issuerStatus !== 'good') serialBase.push(issuerStatus);
  const set: CertificateSet = {
    rootCa: issue({
      serial: serialFor('root', today),
      subject: ROOT_NAME(),
      issuer: ROOT_NAME(),
      subjectKey: root,
      issuerKey: root,
      validity: rootCaValidity(today),
      extensions: caExtensions(root, root),
    }),
    issuingCa: issue({
      serial: serialFor('issuing', today),
      subject: ISSUING_NAME(),
      issuer: ROOT_NAME(),
      subjectKey: issuing,
      issuerKey: root,
      validity: issuingCaValidity(today),
      extensions: caExtensions(issuing, root, 0),
    }),
    signing: issue({
      serial: serialFor('signing', ...serialBase),
      subject: holderName(holder),
      issuer: ISSUING_NAME(),
      subjectKey: signingKey,
      issuerKey: issuing,
      validity,
      extensions: holderExtensions(
        signingKey,
        issuing,
        [KEY_USAGE_BIT.digitalSignature, KEY_USAGE_BIT.nonRepudiation],
        urls,
      ),
    }),
    keyExchange: issue({
      serial: serialFor('key-exchange', ...serialBase),
      subject: holderName(holder),
      issuer: ISSUING_NAME(),
      subjectKey: exchangeKey,
      issuerKey: issuing,
      validity,
      extensions: holderExtensions(
        exchangeKey,
        issuing,
        [KEY_USAGE_BIT.keyEncipherment, KEY_USAGE_BIT.dataEncipherment],
        urls,
      ),
    }),
  };
  cache.set(cacheKey, set);
  return set;
}

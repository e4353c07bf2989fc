// Test certificates made here with node-forge, from the virtual card's committed keys or
// from fresh throwaway keys. Nothing in this file comes from another project.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import forge from 'node-forge';

const { asn1, pki } = forge;

export interface KeyPair {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
}

export type KeyName = 'test-root-ca' | 'test-issuing-ca' | 'holder-signing' | 'holder-key-exchange';

const loaded = new Map<KeyName, KeyPair>();

export function committedKey(name: KeyName): KeyPair {
  let pair = loaded.get(name);
  if (!pair) {
    const pem = readFileSync(
      new URL(`../../../resources/virtual-card/keys/${name}.key.pem`, import.meta.url),
      'utf8',
    );
    const privateKey = pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
    pair = { privateKey, publicKey: pki.setRsaPublicKey(privateKey.n, privateKey.e) };
    loaded.set(name, pair);
  }
  return pair;
}

/** A throwaway RSA key (OpenSSL makes it: forge's own generator is far slower). */
export function freshKey(bits = 1024): KeyPair {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  const key = pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { privateKey: key, publicKey: pki.setRsaPublicKey(key.n, key.e) };
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits, lower-case hex. */
export function keyIdOf(publicKey: forge.pki.rsa.PublicKey): string {
  return pki.getPublicKeyFingerprint(publicKey, { encoding: 'hex', md: forge.md.sha1.create() });
}

export interface Attr {
  /** Short name forge knows (CN, C, O, OU, serialNumber) or a dotted OID in `type`. */
  shortName?: string;
  type?: string;
  name?: string;
  value: string;
  valueTagClass?: number;
}

export const UTF8 = asn1.Type.UTF8;
export const BMP = asn1.Type.BMPSTRING;
export const PRINTABLE = asn1.Type.PRINTABLESTRING;

export interface CertSpec {
  subject: Attr[];
  /** Defaults to `subject` (self-issued). */
  issuer?: Attr[];
  key: KeyPair;
  /** Key that signs; defaults to `key` (self-signed). */
  signer?: KeyPair;
  /** Hex, without sign handling (forge writes it as given). */
  serial?: string;
  notBefore: Date;
  notAfter: Date;
  ca?: boolean;
  pathLen?: number;
  keyUsage?: Record<string, boolean>;
  extKeyUsage?: Record<string, boolean>;
  /** Hex; defaults to the key's own identifier. `null` leaves the extension out. */
  subjectKeyId?: string | null;
  /** Hex; defaults to the signer's key identifier. `null` leaves the extension out. */
  authorityKeyId?: string | null;
  policies?: string[];
  crlUrls?: string[];
  ocspUrls?: string[];
  caIssuerUrls?: string[];
  /** Extra raw extensions: { id, critical, value (DER binary string) }. */
  extra?: Array<{ id: string; critical?: boolean; value: string }>;
  md?: 'sha256' | 'sha1' | 'sha512';
}

const oid = (o: string) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(o).getBytes());
const seq = (items: forge.asn1.Asn1[]) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const uri = (u: string) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 6, false, u);
const der = (node: forge.asn1.Asn1) => asn1.toDer(node).getBytes();

export function makeCert(spec: CertSpec): Buffer {
  const cert = pki.createCertificate();
  const signer = spec.signer ?? spec.key;
  cert.publicKey = spec.key.publicKey;
  cert.serialNumber = spec.serial ?? '0123456789abcdef';
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  cert.setSubject(spec.subject as forge.pki.CertificateField[]);
  cert.setIssuer((spec.issuer ?? spec.subject) as forge.pki.CertificateField[]);
  const extensions: object[] = [];
  if (spec.ca !== undefined) {
    extensions.push({
      name: 'basicConstraints',
      critical: true,
      cA: spec.ca,
      ...(spec.pathLen !== undefined ? { pathLenConstraint: spec.pathLen } : {}),
    });
  }
  if (spec.keyUsage) extensions.push({ name: 'keyUsage', critical: true, ...spec.keyUsage });
  if (spec.extKeyUsage) extensions.push({ name: 'extKeyUsage', ...spec.extKeyUsage });
  const ski = spec.subjectKeyId === undefined ? keyIdOf(spec.key.publicKey) : spec.subjectKeyId;
  if (ski !== null) {
    extensions.push({
      id: '2.5.29.14',
      value: der(
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, forge.util.hexToBytes(ski)),
      ),
    });
  }
  const aki = spec.authorityKeyId === undefined ? keyIdOf(signer.publicKey) : spec.authorityKeyId;
  if (aki !== null) {
    extensions.push({
      id: '2.5.29.35',
      value: der(
        seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, forge.util.hexToBytes(aki))]),
      ),
    });
  }
  if (spec.policies) {
    extensions.push({ id: '2.5.29.32', value: der(seq(spec.policies.map((p) => seq([oid(p)])))) });
  }
  if (spec.crlUrls) {
    // DistributionPoint { [0] { [0] fullName GeneralNames } }
    const points = spec.crlUrls.map((u) =>
      seq([
        asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
          asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [uri(u)]),
        ]),
      ]),
    );
    extensions.push({ id: '2.5.29.31', value: der(seq(points)) });
  }
  if (spec.ocspUrls || spec.caIssuerUrls) {
    const access = [
      ...(spec.ocspUrls ?? []).map((u) => seq([oid('1.3.6.1.5.5.7.48.1'), uri(u)])),
      ...(spec.caIssuerUrls ?? []).map((u) => seq([oid('1.3.6.1.5.5.7.48.2'), uri(u)])),
    ];
    extensions.push({ id: '1.3.6.1.5.5.7.1.1', value: der(seq(access)) });
  }
  for (const e of spec.extra ?? []) extensions.push(e);
  cert.setExtensions(extensions);
  cert.sign(signer.privateKey, forge.md[spec.md ?? 'sha256'].create());
  return Buffer.from(der(pki.certificateToAsn1(cert)), 'latin1');
}

const DAY = 86_400_000;

/** A MOICA-like subject: C=TW, CN=<name>, serialNumber=<16 digits>. */
export function holderSubject(name = '王小明', serial = '0000000012345678', tag = UTF8): Attr[] {
  return [
    { shortName: 'C', value: 'TW' },
    { shortName: 'CN', value: name, valueTagClass: tag },
    { type: '2.5.4.5', value: serial },
  ];
}

export const TEST_ROOT_SUBJECT: Attr[] = [
  { shortName: 'C', value: 'TW' },
  { shortName: 'O', value: 'Citizen Card Manager', valueTagClass: UTF8 },
  { shortName: 'CN', value: '虛擬卡測試根憑證 Test Root CA', valueTagClass: UTF8 },
];

export const TEST_ISSUING_SUBJECT: Attr[] = [
  { shortName: 'C', value: 'TW' },
  { shortName: 'O', value: 'Citizen Card Manager', valueTagClass: UTF8 },
  { shortName: 'OU', value: '虛擬卡測試簽發中心', valueTagClass: UTF8 },
];

export interface Chain {
  root: Buffer;
  issuing: Buffer;
  signing: Buffer;
  keyExchange: Buffer;
}

/**
 * The chain the virtual card carries (card-profile.md §5): test root → test issuing CA →
 * the holder's signing and key-exchange certificates, dated around `now`.
 */
export function virtualCardChain(now: Date, keys?: { root?: KeyPair; issuing?: KeyPair }): Chain {
  const rootKey = keys?.root ?? committedKey('test-root-ca');
  const issuingKey = keys?.issuing ?? committedKey('test-issuing-ca');
  const from = new Date(now.getTime() - 30 * DAY);
  const root = makeCert({
    subject: TEST_ROOT_SUBJECT,
    key: rootKey,
    serial: '01',
    notBefore: new Date(now.getTime() - 365 * DAY),
    notAfter: new Date(now.getTime() + 20 * 365 * DAY),
    ca: true,
    keyUsage: { keyCertSign: true, cRLSign: true },
    authorityKeyId: null,
  });
  const issuing = makeCert({
    subject: TEST_ISSUING_SUBJECT,
    issuer: TEST_ROOT_SUBJECT,
    key: issuingKey,
    signer: rootKey,
    serial: '02',
    notBefore: new Date(now.getTime() - 365 * DAY),
    notAfter: new Date(now.getTime() + 10 * 365 * DAY),
    ca: true,
    pathLen: 0,
    keyUsage: { keyCertSign: true, cRLSign: true },
  });
  const holder = (key: KeyPair, usage: Record<string, boolean>, serial: string) =>
    makeCert({
      subject: holderSubject(),
      issuer: TEST_ISSUING_SUBJECT,
      key,
      signer: issuingKey,
      serial,
      notBefore: from,
      notAfter: new Date(from.getTime() + 5 * 365 * DAY),
      ca: false,
      keyUsage: usage,
    });
  return {
    root,
    issuing,
    signing: holder(
      committedKey('holder-signing'),
      { digitalSignature: true, nonRepudiation: true },
      '5a01',
    ),
    keyExchange: holder(
      committedKey('holder-key-exchange'),
      { keyEncipherment: true, dataEncipherment: true },
      '5a02',
    ),
  };
}

export { DAY };

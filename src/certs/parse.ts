import { createHash } from 'node:crypto';
import forge from 'node-forge';
import type { CertificateRole, CertificateSummary } from '../core/model';
import {
  type Asn1,
  binaryToHex,
  bitString,
  children,
  Class,
  decodeDer,
  encode,
  isContext,
  isUniversal,
  MAX_CERTIFICATE_BYTES,
  oidOf,
  primitive,
  smallInteger,
  Type,
} from './der';
import { CertificateParseError } from './errors';
import { decodeExtensions } from './extensions';
import { decodePublicKeyInfo, type PublicKeyInfo } from './key';
import { decodeName, formatName, nameAttribute, type Rdn } from './names';
import {
  OID_COMMON_NAME,
  OID_PKCS7_SIGNED_DATA,
  OID_SERIAL_NUMBER,
  SIGNATURE_ALGORITHMS,
  type KeyUsageName,
} from './oids';
import { certificatesFromPem, pemText } from './pem';
import { classifyRole } from './role';
import { decodeTime, isoInstant } from './time';

/** Everything read from one X.509 certificate; `summary` is what the CLI and UI show. */
export interface ParsedCertificate {
  summary: CertificateSummary;
  der: Buffer;
  /** 1, 2 or 3. */
  version: number;
  notBefore: Date;
  notAfter: Date;
  subject: string;
  issuer: string;
  subjectRdns: Rdn[];
  issuerRdns: Rdn[];
  subjectCN: string | null;
  subjectSerialNumber: string | null;
  /** Upper-case hex of the serial's DER content. */
  serialNumber: string;
  signatureAlgorithm: { oid: string; name: string };
  publicKey: PublicKeyInfo;
  keyUsage: KeyUsageName[];
  /** False when the certificate has no keyUsage extension (which allows every usage). */
  hasKeyUsage: boolean;
  extKeyUsage: string[];
  isCA: boolean;
  pathLen: number | null;
  /** Lower-case hex, no separators. */
  subjectKeyId: string | null;
  authorityKeyId: string | null;
  /** Certificate policy OIDs. */
  policies: string[];
  crlUrls: string[];
  ocspUrls: string[];
  caIssuerUrls: string[];
  criticalExtensions: string[];
  unknownCriticalExtensions: string[];
  /** Same issuer and subject name, and key identifiers (when present) naming its own key. */
  selfSigned: boolean;
  role: CertificateRole;
  /** Lower-case hex SHA-1 / SHA-256 of the DER, and SHA-256 of the SubjectPublicKeyInfo. */
  sha1: string;
  sha256: string;
  spkiSha256: string;
  /** The signed part, the signature value and the key, byte for byte as in `der`. */
  tbs: Buffer;
  signature: Buffer;
  spki: Buffer;
  subjectDer: Buffer;
  issuerDer: Buffer;
}

export interface CertificateMeta {
  id?: string;
  label?: string;
}

// A PEM bundle of a few chains stays far below this.
const MAX_INPUT_BYTES = 4 * MAX_CERTIFICATE_BYTES;

function hash(algorithm: 'sha1' | 'sha256', data: Buffer): string {
  return createHash(algorithm).update(data).digest('hex');
}

/** DER blobs in the input: one for DER, one per certificate block for PEM. */
function certificateDers(input: Buffer | Uint8Array | string): Buffer[] {
  if (input instanceof Uint8Array && !Buffer.isBuffer(input)) {
    input = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  }
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) {
    throw new CertificateParseError('notCertificateData');
  }
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size === 0) throw new CertificateParseError('empty');
  if (size > MAX_INPUT_BYTES) {
    throw new CertificateParseError('tooLarge', { size, max: MAX_INPUT_BYTES });
  }
  const text = pemText(input);
  if (text !== null) {
    if (text.trim() === '') throw new CertificateParseError('empty');
    if (!text.includes('-----BEGIN ')) throw new CertificateParseError('notCertificateData');
    return certificatesFromPem(text);
  }
  const der = input as Buffer;
  if (der.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    throw new CertificateParseError('empty');
  }
  // Every certificate starts with a SEQUENCE tag; anything else is not DER of one.
  if (der[0] !== 0x30) throw new CertificateParseError('notCertificateData');
  return [der];
}

/** The outline every X.509 certificate has; anything else is some other DER object. */
function checkOutline(root: Asn1): void {
  if (!isUniversal(root, Type.SEQUENCE) || !Array.isArray(root.value)) {
    throw new CertificateParseError('notCertificate');
  }
  const top = root.value as Asn1[];
  if (isUniversal(top[0], Type.OID) && top[0].value === PKCS7_SIGNED_DATA) {
    throw new CertificateParseError('pkcs7');
  }
  const shapeOk =
    top.length === 3 &&
    isUniversal(top[0], Type.SEQUENCE) &&
    isUniversal(top[1], Type.SEQUENCE) &&
    isUniversal(top[2], Type.BITSTRING) &&
    Array.isArray(top[0].value);
  if (!shapeOk) throw new CertificateParseError('notCertificate');
  const tbs = top[0]!.value as Asn1[];
  const start = isContext(tbs[0], 0) ? 1 : 0;
  const fixed = [Type.INTEGER, Type.SEQUENCE, Type.SEQUENCE, Type.SEQUENCE, Type.SEQUENCE];
  // After the key come at most [1] issuerUniqueID, [2] subjectUniqueID, [3] extensions.
  const optional = tbs
    .slice(start + 6)
    .map((n) => (n.tagClass === Class.CONTEXT_SPECIFIC ? n.type : -1));
  const outlineOk =
    fixed.every((type, i) => isUniversal(tbs[start + i], type)) &&
    isUniversal(tbs[start + 5], Type.SEQUENCE) &&
    optional.every((tag, k) => tag >= 1 && tag <= 3 && (k === 0 || tag > optional[k - 1]!));
  if (!outlineOk) throw new CertificateParseError('notCertificate');
}

const PKCS7_SIGNED_DATA = forge.asn1.oidToDer(OID_PKCS7_SIGNED_DATA).getBytes();

function algorithm(node: Asn1 | undefined, what: string): { oid: string; name: string } {
  const oid = oidOf(children(node, Type.SEQUENCE, what)[0], what);
  return { oid, name: SIGNATURE_ALGORITHMS[oid]?.name ?? oid };
}

/** Parse one DER certificate (already split out of any PEM). */
export function parseCertificateDer(der: Buffer, meta: CertificateMeta = {}): ParsedCertificate {
  if (der.length > MAX_CERTIFICATE_BYTES) {
    throw new CertificateParseError('tooLarge', { size: der.length, max: MAX_CERTIFICATE_BYTES });
  }
  const root = decodeDer(der, 'certificate');
  checkOutline(root);
  const [tbsNode, outerAlg, sigNode] = root.value as [Asn1, Asn1, Asn1];
  const tbsParts = tbsNode.value as Asn1[];
  let i = 0;
  let version = 1;
  if (isContext(tbsParts[0], 0)) {
    const wrapped = tbsParts[0].value;
    if (!Array.isArray(wrapped) || wrapped.length !== 1) {
      throw new CertificateParseError('badStructure', { what: 'version' });
    }
    version = smallInteger(wrapped[0], 'version') + 1;
    if (version > 3) throw new CertificateParseError('badStructure', { what: 'version' });
    i = 1;
  }
  const serialRaw = primitive(tbsParts[i], Type.INTEGER, 'serialNumber');
  if (serialRaw.length === 0)
    throw new CertificateParseError('badStructure', { what: 'serialNumber' });
  const innerAlg = algorithm(tbsParts[i + 1], 'signature');
  const signatureAlgorithm = algorithm(outerAlg, 'signatureAlgorithm');
  // RFC 5280 §4.1.1.2: the algorithm inside the signed part must match the outer one.
  if (innerAlg.oid !== signatureAlgorithm.oid) {
    throw new CertificateParseError('badStructure', { what: 'signatureAlgorithm' });
  }
  const issuerNode = tbsParts[i + 2]!;
  const issuerRdns = decodeName(issuerNode, 'issuer');
  const validity = children(tbsParts[i + 3], Type.SEQUENCE, 'validity');
  if (validity.length !== 2) throw new CertificateParseError('badStructure', { what: 'validity' });
  const notBefore = decodeTime(validity[0], 'validity notBefore');
  const notAfter = decodeTime(validity[1], 'validity notAfter');
  const subjectNode = tbsParts[i + 4]!;
  const subjectRdns = decodeName(subjectNode, 'subject');
  const spkiNode = tbsParts[i + 5]!;
  const publicKey = decodePublicKeyInfo(spkiNode);
  const extensionsNode = tbsParts.slice(i + 6).find((n) => isContext(n, 3));
  if (extensionsNode && version !== 3) {
    throw new CertificateParseError('badStructure', { what: 'extensions' });
  }
  const ext = decodeExtensions(extensionsNode);
  const signature = bitString(sigNode, 'signatureValue');
  if (signature.unused !== 0) {
    throw new CertificateParseError('badStructure', { what: 'signatureValue' });
  }

  const subjectDer = encode(subjectNode);
  const issuerDer = encode(issuerNode);
  const spki = encode(spkiNode);
  const selfSigned =
    subjectDer.equals(issuerDer) &&
    (ext.authorityKeyId === null ||
      ext.subjectKeyId === null ||
      ext.authorityKeyId === ext.subjectKeyId);
  const isCA = ext.basicConstraints?.cA ?? false;
  const keyUsage = ext.keyUsage ?? [];
  const role = classifyRole({ isCA, selfSigned, keyUsage: ext.keyUsage });
  const subject = formatName(subjectRdns);
  const issuer = formatName(issuerRdns);
  const subjectCN = nameAttribute(subjectRdns, OID_COMMON_NAME);
  const subjectSerialNumber = nameAttribute(subjectRdns, OID_SERIAL_NUMBER);
  const serialNumber = binaryToHex(serialRaw).toUpperCase();
  const sha1 = hash('sha1', der);
  const sha256 = hash('sha256', der);

  const summary: CertificateSummary = {
    id: meta.id ?? sha256.slice(0, 16),
    label: meta.label ?? subjectCN ?? subject,
    role,
    subject,
    subjectCN,
    subjectSerialNumber,
    issuer,
    serialNumber,
    notBefore: isoInstant(notBefore),
    notAfter: isoInstant(notAfter),
    keyUsage: [...keyUsage],
    extKeyUsage: [...ext.extKeyUsage],
    isCA,
    sha1,
    sha256,
    keyType: publicKey.type,
    keySize: publicKey.size,
  };

  return {
    summary,
    der: Buffer.from(der),
    version,
    notBefore,
    notAfter,
    subject,
    issuer,
    subjectRdns,
    issuerRdns,
    subjectCN,
    subjectSerialNumber,
    serialNumber,
    signatureAlgorithm,
    publicKey,
    keyUsage,
    hasKeyUsage: ext.keyUsage !== null,
    extKeyUsage: ext.extKeyUsage,
    isCA,
    pathLen: ext.basicConstraints?.pathLen ?? null,
    subjectKeyId: ext.subjectKeyId,
    authorityKeyId: ext.authorityKeyId,
    policies: ext.policies,
    crlUrls: ext.crlUrls,
    ocspUrls: ext.ocspUrls,
    caIssuerUrls: ext.caIssuerUrls,
    criticalExtensions: ext.critical,
    unknownCriticalExtensions: ext.unknownCritical,
    selfSigned,
    role,
    sha1,
    sha256,
    spkiSha256: hash('sha256', spki),
    tbs: encode(tbsNode),
    signature: Buffer.from(signature.bytes, 'latin1'),
    spki,
    subjectDer,
    issuerDer,
  };
}

/**
 * Parse one certificate, DER or PEM (detected). Throws CertificateParseError for anything
 * that is not exactly one well-formed certificate.
 */
export function parseCertificate(
  input: Buffer | Uint8Array | string,
  meta?: CertificateMeta,
): ParsedCertificate {
  const ders = certificateDers(input);
  if (ders.length > 1) throw new CertificateParseError('pemMultiple', { count: ders.length });
  return parseCertificateDer(ders[0]!, meta);
}

/** Parse every certificate of a PEM bundle (or the one certificate of a DER file). */
export function parseCertificates(input: Buffer | Uint8Array | string): ParsedCertificate[] {
  return certificateDers(input).map((der) => parseCertificateDer(der));
}

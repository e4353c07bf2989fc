import {
  type Asn1,
  binaryToHex,
  bitString,
  children,
  Class,
  contextChildren,
  decodeInner,
  isContext,
  isUniversal,
  oidOf,
  primitive,
  rawValue,
  smallInteger,
  Type,
} from './der';
import { CertificateParseError } from './errors';
import {
  EXT,
  EXT_KEY_USAGES,
  KEY_USAGE_BITS,
  KNOWN_EXTENSIONS,
  OID_CA_ISSUERS,
  OID_OCSP,
  type KeyUsageName,
} from './oids';

export interface DecodedExtensions {
  /** null when the certificate has no keyUsage extension (every usage allowed). */
  keyUsage: KeyUsageName[] | null;
  extKeyUsage: string[];
  /** null when there is no basicConstraints extension. */
  basicConstraints: { cA: boolean; pathLen: number | null } | null;
  subjectKeyId: string | null;
  authorityKeyId: string | null;
  policies: string[];
  crlUrls: string[];
  ocspUrls: string[];
  caIssuerUrls: string[];
  /** OIDs of every extension marked critical. */
  critical: string[];
  /** Critical extensions this module does not know; RFC 5280 says to reject such a chain. */
  unknownCritical: string[];
}

const URI_TAG = 6;

function keyUsage(node: Asn1): KeyUsageName[] {
  const { bytes } = bitString(node, 'keyUsage');
  return KEY_USAGE_BITS.filter((_, bit) => {
    const byte = bytes.charCodeAt(bit >> 3);
    return !Number.isNaN(byte) && (byte & (0x80 >> (bit & 7))) !== 0;
  });
}

function extKeyUsage(node: Asn1): string[] {
  return children(node, Type.SEQUENCE, 'extKeyUsage').map((n) => {
    const oid = oidOf(n, 'extKeyUsage');
    return EXT_KEY_USAGES[oid] ?? oid;
  });
}

function basicConstraints(node: Asn1): { cA: boolean; pathLen: number | null } {
  const parts = children(node, Type.SEQUENCE, 'basicConstraints');
  let i = 0;
  let cA = false;
  if (isUniversal(parts[i], Type.BOOLEAN)) {
    cA = primitive(parts[i], Type.BOOLEAN, 'basicConstraints') !== '\x00';
    i++;
  }
  let pathLen: number | null = null;
  if (parts[i] !== undefined) {
    pathLen = smallInteger(parts[i], 'basicConstraints pathLen');
    i++;
  }
  if (i !== parts.length)
    throw new CertificateParseError('badStructure', { what: 'basicConstraints' });
  return { cA, pathLen };
}

function authorityKeyId(node: Asn1): string | null {
  const parts = children(node, Type.SEQUENCE, 'authorityKeyIdentifier');
  const keyId = parts.find((p) => isContext(p, 0));
  if (!keyId) return null;
  // Some issuers tag it explicitly ([0] { OCTET STRING }) instead of implicitly.
  if (keyId.constructed) {
    const inner = contextChildren(keyId, 'authorityKeyIdentifier');
    return binaryToHex(primitive(inner[0], Type.OCTETSTRING, 'authorityKeyIdentifier'));
  }
  return binaryToHex(rawValue(keyId, 'authorityKeyIdentifier'));
}

function policies(node: Asn1): string[] {
  return children(node, Type.SEQUENCE, 'certificatePolicies').map((info) =>
    oidOf(children(info, Type.SEQUENCE, 'certificatePolicies')[0], 'certificatePolicies'),
  );
}

/** Every uniformResourceIdentifier GeneralName under `node`, however deeply it is wrapped. */
function uris(node: Asn1, what: string, out: string[] = []): string[] {
  if (node.tagClass === Class.CONTEXT_SPECIFIC && node.type === URI_TAG && !node.constructed) {
    out.push(rawValue(node, what));
  } else if (node.constructed && Array.isArray(node.value)) {
    for (const child of node.value as Asn1[]) uris(child, what, out);
  }
  return out;
}

function crlDistributionPoints(node: Asn1): string[] {
  const out: string[] = [];
  for (const point of children(node, Type.SEQUENCE, 'cRLDistributionPoints')) {
    const name = children(point, Type.SEQUENCE, 'cRLDistributionPoints').find((p) =>
      isContext(p, 0),
    );
    if (name) uris(name, 'cRLDistributionPoints', out);
  }
  return out;
}

function authorityInfoAccess(node: Asn1): { ocsp: string[]; caIssuers: string[] } {
  const ocsp: string[] = [];
  const caIssuers: string[] = [];
  for (const desc of children(node, Type.SEQUENCE, 'authorityInfoAccess')) {
    const parts = children(desc, Type.SEQUENCE, 'authorityInfoAccess');
    if (parts.length !== 2) {
      throw new CertificateParseError('badStructure', { what: 'authorityInfoAccess' });
    }
    const method = oidOf(parts[0], 'authorityInfoAccess');
    const location = uris(parts[1]!, 'authorityInfoAccess');
    if (method === OID_OCSP) ocsp.push(...location);
    else if (method === OID_CA_ISSUERS) caIssuers.push(...location);
  }
  return { ocsp, caIssuers };
}

/** Decode the `[3] Extensions` of a TBSCertificate (or nothing, for v1/v2 certificates). */
export function decodeExtensions(wrapper: Asn1 | undefined): DecodedExtensions {
  const result: DecodedExtensions = {
    keyUsage: null,
    extKeyUsage: [],
    basicConstraints: null,
    subjectKeyId: null,
    authorityKeyId: null,
    policies: [],
    crlUrls: [],
    ocspUrls: [],
    caIssuerUrls: [],
    critical: [],
    unknownCritical: [],
  };
  if (!wrapper) return result;
  const inner = contextChildren(wrapper, 'extensions');
  if (inner.length !== 1) throw new CertificateParseError('badStructure', { what: 'extensions' });
  const seen = new Set<string>();
  for (const ext of children(inner[0], Type.SEQUENCE, 'extensions')) {
    const parts = children(ext, Type.SEQUENCE, 'extensions');
    const oid = oidOf(parts[0], 'extensions');
    if (seen.has(oid))
      throw new CertificateParseError('badStructure', { what: `extension ${oid}` });
    seen.add(oid);
    let critical = false;
    let valueIndex = 1;
    if (isUniversal(parts[1], Type.BOOLEAN)) {
      critical = primitive(parts[1], Type.BOOLEAN, 'extensions') !== '\x00';
      valueIndex = 2;
    }
    if (parts.length !== valueIndex + 1) {
      throw new CertificateParseError('badStructure', { what: `extension ${oid}` });
    }
    const bytes = primitive(parts[valueIndex], Type.OCTETSTRING, `extension ${oid}`);
    if (critical) {
      result.critical.push(oid);
      if (!KNOWN_EXTENSIONS.has(oid)) result.unknownCritical.push(oid);
    }
    if (!KNOWN_EXTENSIONS.has(oid)) continue;
    const what = `extension ${oid}`;
    switch (oid) {
      case EXT.keyUsage:
        result.keyUsage = keyUsage(decodeInner(bytes, 'keyUsage'));
        break;
      case EXT.extKeyUsage:
        result.extKeyUsage = extKeyUsage(decodeInner(bytes, 'extKeyUsage'));
        break;
      case EXT.basicConstraints:
        result.basicConstraints = basicConstraints(decodeInner(bytes, 'basicConstraints'));
        break;
      case EXT.subjectKeyIdentifier:
        result.subjectKeyId = binaryToHex(
          primitive(decodeInner(bytes, what), Type.OCTETSTRING, 'subjectKeyIdentifier'),
        );
        break;
      case EXT.authorityKeyIdentifier:
        result.authorityKeyId = authorityKeyId(decodeInner(bytes, what));
        break;
      case EXT.certificatePolicies:
        result.policies = policies(decodeInner(bytes, 'certificatePolicies'));
        break;
      case EXT.crlDistributionPoints:
        result.crlUrls = crlDistributionPoints(decodeInner(bytes, 'cRLDistributionPoints'));
        break;
      case EXT.authorityInfoAccess: {
        const aia = authorityInfoAccess(decodeInner(bytes, 'authorityInfoAccess'));
        result.ocspUrls = aia.ocsp;
        result.caIssuerUrls = aia.caIssuers;
        break;
      }
      default:
        break;
    }
  }
  return result;
}

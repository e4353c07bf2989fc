import { type Asn1, bitString, children, decodeInner, oidOf, primitive, Type } from './der';
import { CertificateParseError } from './errors';
import { CURVES, KEY_ALGORITHMS, OID_EC, OID_RSA } from './oids';

export interface PublicKeyInfo {
  /** 'RSA', 'EC', 'Ed25519'... or the algorithm's OID when unknown. */
  type: string;
  /** Modulus size for RSA, curve size for EC, null when unknown. */
  size: number | null;
  /** Named curve for EC keys. */
  curve: string | null;
  algorithmOid: string;
}

function bitLength(unsignedBigEndian: string): number {
  let i = 0;
  while (i < unsignedBigEndian.length && unsignedBigEndian.charCodeAt(i) === 0) i++;
  if (i === unsignedBigEndian.length) return 0;
  const first = unsignedBigEndian.charCodeAt(i);
  return (unsignedBigEndian.length - i - 1) * 8 + (32 - Math.clz32(first));
}

export function decodePublicKeyInfo(spki: Asn1 | undefined): PublicKeyInfo {
  const what = 'subjectPublicKeyInfo';
  const [algorithm, key, ...rest] = children(spki, Type.SEQUENCE, what);
  const algParts = children(algorithm, Type.SEQUENCE, what);
  const algorithmOid = oidOf(algParts[0], what);
  const { bytes } = bitString(key, what);
  if (rest.length !== 0) throw new CertificateParseError('badStructure', { what });
  const type = KEY_ALGORITHMS[algorithmOid] ?? algorithmOid;
  if (algorithmOid === OID_RSA) {
    const [modulus, exponent] = children(decodeInner(bytes, what), Type.SEQUENCE, what);
    primitive(exponent, Type.INTEGER, what);
    return {
      type,
      size: bitLength(primitive(modulus, Type.INTEGER, what)),
      curve: null,
      algorithmOid,
    };
  }
  if (algorithmOid === OID_EC) {
    const curveOid = algParts[1]?.type === Type.OID ? oidOf(algParts[1], what) : null;
    const curve = curveOid ? CURVES[curveOid] : undefined;
    return { type, size: curve?.bits ?? null, curve: curve?.name ?? curveOid, algorithmOid };
  }
  if (type === 'Ed25519') return { type, size: 256, curve: null, algorithmOid };
  if (type === 'Ed448') return { type, size: 448, curve: null, algorithmOid };
  if (type === 'DSA' && algParts[1]?.type === Type.SEQUENCE) {
    const [p] = children(algParts[1], Type.SEQUENCE, what);
    return { type, size: bitLength(primitive(p, Type.INTEGER, what)), curve: null, algorithmOid };
  }
  return { type, size: null, curve: null, algorithmOid };
}

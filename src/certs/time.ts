import { type Asn1, primitive, Type } from './der';
import { CertificateParseError } from './errors';

// RFC 5280 §4.1.2.5: UTCTime YYMMDDHHMMSSZ (YY ≥ 50 means 19YY), GeneralizedTime
// YYYYMMDDHHMMSSZ, both in UTC. UTCTime without seconds (X.680 allows it, RFC 5280 does
// not) is still read, so that an old card's certificate is not called damaged for it.
const UTC_TIME = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/;
const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?Z$/;

export function decodeTime(node: Asn1 | undefined, what: string): Date {
  let parts: string[] | null;
  let year: number;
  if (node?.type === Type.UTCTIME) {
    parts = UTC_TIME.exec(primitive(node, Type.UTCTIME, what));
    if (!parts) throw new CertificateParseError('badStructure', { what });
    const yy = Number(parts[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else {
    parts = GENERALIZED_TIME.exec(primitive(node, Type.GENERALIZEDTIME, what));
    if (!parts) throw new CertificateParseError('badStructure', { what });
    year = Number(parts[1]);
  }
  const [month, day, hour, minute, second] = parts.slice(2, 7).map((p) => Number(p ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = parts[7] ? Number(parts[7].padEnd(3, '0')) : 0;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  // Date rolls 31 February over to March: refuse any field that did not survive.
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    throw new CertificateParseError('badStructure', { what });
  }
  return date;
}

/** ISO 8601 in UTC with Z, without milliseconds unless the certificate has them. */
export function isoInstant(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

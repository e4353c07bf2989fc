/**
 * Telling from the first bytes of a certificate on the card whether it is one already known.
 *
 * X.509 makes an issuer give each certificate its own serial number, so issuer and serial
 * name a certificate; both sit near the start of the DER (after the outer and TBS headers,
 * the version and the signature algorithm), inside the first 200-byte READ BINARY of a MOICA
 * certificate. The size from the outer header comes with them. A re-read of a remembered
 * card compares these with the certificates it held last time and reads the rest of a
 * certificate only when they differ (docs/card-profile.md §3, "Re-reading a remembered card").
 */
import { peekTlvHeader } from './tlv';

const SEQUENCE = 0x30;
const INTEGER = 0x02;
/** [0] EXPLICIT Version. */
const VERSION = 0xa0;

export interface CertificateIdentity {
  /** Whole DER size, from the outer SEQUENCE header. */
  size: number;
  /** The serialNumber INTEGER, header included. */
  serial: Buffer;
  /** The issuer Name, header included. */
  issuer: Buffer;
}

/**
 * The identity from a certificate's first bytes: 'short' when they end before the issuer
 * does (read more), 'bad' when they are not the start of an X.509 certificate.
 */
export function certificateIdentity(bytes: Buffer): CertificateIdentity | 'short' | 'bad' {
  const outer = peekTlvHeader(bytes, 0);
  if (typeof outer === 'string') return outer;
  if (outer.tag !== SEQUENCE) return 'bad';
  const size = outer.valueStart + outer.length;
  const tbs = peekTlvHeader(bytes, outer.valueStart);
  if (typeof tbs === 'string') return tbs;
  if (tbs.tag !== SEQUENCE) return 'bad';
  const tbsEnd = tbs.valueStart + tbs.length;
  if (tbsEnd > size) return 'bad';

  let pos = tbs.valueStart;
  /** The next field: its bytes when complete, or why not. */
  const field = (tag: number, keep: boolean): Buffer | null | 'short' | 'bad' => {
    const h = peekTlvHeader(bytes, pos);
    if (typeof h === 'string') return h;
    if (h.tag !== tag) return null;
    const end = h.valueStart + h.length;
    if (end > tbsEnd) return 'bad';
    const start = pos;
    pos = end;
    if (!keep) return Buffer.alloc(0);
    return end > bytes.length ? 'short' : bytes.subarray(start, end);
  };

  const version = field(VERSION, false);
  if (version === 'short' || version === 'bad') return version;
  const serial = field(INTEGER, true);
  if (serial === null) return 'bad';
  if (typeof serial === 'string') return serial;
  const algorithm = field(SEQUENCE, false);
  if (algorithm === null) return 'bad';
  if (typeof algorithm === 'string') return algorithm;
  const issuer = field(SEQUENCE, true);
  if (issuer === null) return 'bad';
  if (typeof issuer === 'string') return issuer;
  return { size, serial, issuer };
}

/** Same issuer, same serial, same size. */
export function sameIdentity(a: CertificateIdentity, b: CertificateIdentity): boolean {
  return a.size === b.size && a.serial.equals(b.serial) && a.issuer.equals(b.issuer);
}

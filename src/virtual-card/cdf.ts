/**
 * The certificate directory file (3F00/5030/4104): one PKCS#15 CertificateObject per
 * certificate (PKCS #15 v1.1 / ISO/IEC 7816-15), each pointing into 08F2 with an offset
 * and a length (card-profile.md §3).
 *
 *   CertificateObject ::= SEQUENCE {
 *     CommonObjectAttributes      SEQUENCE { label UTF8String }
 *     CommonCertificateAttributes SEQUENCE { iD OCTET STRING, authority BOOLEAN DEFAULT FALSE }
 *     [1] { X509CertificateAttributes SEQUENCE {
 *             value Path SEQUENCE { path OCTET STRING, index INTEGER, length [0] INTEGER } } } }
 */
import {
  booleanTrue,
  contextTag,
  integer,
  integerContent,
  octetString,
  sequence,
  tlv,
  utf8String,
} from './der';

export interface CdfEntry {
  label: string;
  /** ASCII, e.g. "SIGN". */
  id: string;
  /** A CA certificate (PKCS#15 `authority`). */
  authority: boolean;
  /** Full path of the file holding the certificate, e.g. 3F00 5030 08F2. */
  path: Buffer;
  offset: number;
  length: number;
}

/**
 * 'implicit' is the standard `length [0] IMPLICIT INTEGER` (80 ..); 'explicit' wraps a
 * full INTEGER in [0] (A0 .. 02 ..), the variant public tools report on Taiwanese cards.
 */
export type PathLengthTagging = 'implicit' | 'explicit';

function encodeEntry(entry: CdfEntry, tagging: PathLengthTagging): Buffer {
  const length =
    tagging === 'implicit'
      ? tlv(contextTag(0, false), integerContent(entry.length))
      : tlv(contextTag(0, true), integer(entry.length));
  const certAttributes = [octetString(Buffer.from(entry.id, 'ascii'))];
  if (entry.authority) certAttributes.push(booleanTrue());
  return sequence(
    sequence(utf8String(entry.label)),
    sequence(...certAttributes),
    tlv(
      contextTag(1, true),
      sequence(sequence(octetString(entry.path), integer(entry.offset), length)),
    ),
  );
}

/** The directory padded with FF to `size` bytes, as a card file is after its last object. */
export function encodeCdf(entries: CdfEntry[], size: number, tagging: PathLengthTagging): Buffer {
  const body = Buffer.concat(entries.map((e) => encodeEntry(e, tagging)));
  if (body.length > size) throw new RangeError(`CDF needs ${body.length} bytes, file has ${size}`);
  return Buffer.concat([body, Buffer.alloc(size - body.length, 0xff)]);
}

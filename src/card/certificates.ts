import { MalformedResponseError } from '../core/errors';
import type { CardCertificate } from '../core/model';
import { CardStatusError } from './apdu/errors';
import { compactHex } from './apdu/hex';
import { cdfIsComplete, parseCdf, type CdfEntry } from './cdf';
import {
  certificateIdentity,
  sameIdentity,
  type CertificateIdentity,
} from './certificate-identity';
import { CardReadError } from './errors';
import type { CardFiles } from './files';
import { derElementSize } from './tlv';

export const PKI_DF = '5030';
export const CDF_EF = '4104';
export const CERTIFICATES_EF = '08F2';

/** card-profile.md §3: where a real card keeps its four certificates when the CDF is gone. */
export const FALLBACK_OFFSETS = [0x0000, 0x0700, 0x0e00, 0x1500] as const;

/** A CDF larger than this is not a directory of a handful of certificates. */
const MAX_CDF_BYTES = 0x1000;

function sizeIfSequence(buf: Buffer): number | undefined {
  return buf[0] === 0x30 ? derElementSize(buf) : undefined;
}

/** Reading stops on the first bytes when they are not `30 82 hi lo` (a fallback slot). */
function notACertificateStart(buf: Buffer): boolean {
  return buf.length >= 2 && !(buf[0] === 0x30 && buf[1] === 0x82);
}

/** Only errors that mean "this file is not there or not readable" lead to the fallback. */
function isUnreadable(err: unknown): boolean {
  return err instanceof CardStatusError || err instanceof MalformedResponseError;
}

async function readCdf(files: CardFiles, pkiDf: string[]): Promise<CdfEntry[] | null> {
  try {
    await files.select(pkiDf, CDF_EF);
    const bytes = await files.read({
      offset: 0,
      isComplete: cdfIsComplete,
      maxLength: MAX_CDF_BYTES,
    });
    const { entries } = parseCdf(bytes);
    return entries.length ? entries : null;
  } catch (err) {
    if (isUnreadable(err)) return null;
    throw err;
  }
}

function lastFid(path: Buffer): string {
  return compactHex(path.subarray(path.length - 2));
}

/** A certificate the card held last time, and what names it. */
interface KnownCertificate {
  der: Buffer;
  identity: CertificateIdentity;
}

function knownCertificates(ders: readonly Buffer[]): KnownCertificate[] {
  const out: KnownCertificate[] = [];
  for (const der of ders) {
    const identity = certificateIdentity(der);
    if (typeof identity === 'object' && identity.size === der.length) out.push({ der, identity });
  }
  return out;
}

/**
 * A listed certificate when the card is remembered: its first bytes, up to the end of the
 * issuer (one 200-byte read on a MOICA card). A remembered certificate with the same issuer,
 * serial and size, whose first bytes are also the ones just read, is used as it is; anything
 * else is read to the end as on a card seen for the first time.
 */
async function readKnowing(
  files: CardFiles,
  entry: CdfEntry,
  known: KnownCertificate[],
): Promise<{ der: Buffer; reused: boolean }> {
  const head = await files.read({
    offset: entry.offset,
    length: entry.length,
    sizeFromContent: sizeIfSequence,
    isComplete: (soFar) => certificateIdentity(soFar) !== 'short',
  });
  const identity = certificateIdentity(head);
  if (typeof identity === 'object') {
    const match = known.find(
      (k) => sameIdentity(k.identity, identity) && k.der.subarray(0, head.length).equals(head),
    );
    if (match) return { der: match.der, reused: true };
  }
  // Where a first-time read would have stopped: the CDF's length, the DER's own size, or
  // (neither known: not a certificate) the bytes already read.
  const total = Math.min(
    entry.length ?? Number.POSITIVE_INFINITY,
    sizeIfSequence(head) ?? entry.length ?? head.length,
  );
  if (head.length >= total) return { der: head, reused: false };
  const rest = await files.read({
    offset: entry.offset + head.length,
    length: total - head.length,
  });
  return { der: Buffer.concat([head, rest]), reused: false };
}

async function readListed(
  files: CardFiles,
  pkiDf: string[],
  entries: CdfEntry[],
  known: KnownCertificate[],
): Promise<CertificatesRead> {
  const out: CardCertificate[] = [];
  let reused = 0;
  for (const entry of entries) {
    // The CDF names files inside the PKI directory; absolute and relative paths end alike.
    await files.select(pkiDf, lastFid(entry.path));
    let der: Buffer;
    if (known.length) {
      const read = await readKnowing(files, entry, known);
      der = read.der;
      if (read.reused) reused++;
    } else {
      der = await files.read({
        offset: entry.offset,
        length: entry.length,
        sizeFromContent: sizeIfSequence,
      });
    }
    const size = sizeIfSequence(der);
    if (size === undefined || der.length < size) {
      throw new MalformedResponseError(
        'certificate',
        `certificate ${entry.id} is not complete DER`,
      );
    }
    out.push({ id: entry.id, label: entry.label, der: Buffer.from(der.subarray(0, size)) });
  }
  return { certificates: out, reused };
}

async function scanForCertificates(files: CardFiles, pkiDf: string[]): Promise<CardCertificate[]> {
  await files.select(pkiDf, CERTIFICATES_EF);
  const out: CardCertificate[] = [];
  for (const offset of FALLBACK_OFFSETS) {
    const bytes = await files.read({
      offset,
      sizeFromContent: (b) => (notACertificateStart(b) ? undefined : sizeIfSequence(b)),
      isComplete: notACertificateStart,
    });
    // Nothing at all: the file ends before this slot, and before the later ones too.
    if (bytes.length === 0) break;
    const size = notACertificateStart(bytes) ? undefined : sizeIfSequence(bytes);
    if (size === undefined || bytes.length < size) continue;
    const position = offset.toString(16).padStart(4, '0').toUpperCase();
    out.push({
      id: `${CERTIFICATES_EF}@${position}`,
      label: `${CERTIFICATES_EF} @ 0x${position}`,
      der: Buffer.from(bytes.subarray(0, size)),
    });
  }
  return out;
}

export interface CertificatesRead {
  certificates: CardCertificate[];
  /** How many were recognised as ones the card held last time and not read again. */
  reused: number;
}

/**
 * Every certificate on the card: through the CDF when it can be read, else by scanning
 * 08F2 at the offsets real cards use (card-profile.md §3). `pkiDf` is the PKI directory
 * as file IDs from the MF (["3F00", "5030"] or, gen 2, ["3F00", "7FFF", "5030"]).
 *
 * `known`: the DER of the certificates this card held when it was last read (a remembered
 * card). Each certificate the CDF lists is then recognised from its first bytes and not
 * read again when it is one of them. Without a CDF the card is read as if new.
 */
export async function readCardCertificates(
  files: CardFiles,
  pkiDf: string[],
  known: readonly Buffer[] = [],
): Promise<CertificatesRead> {
  try {
    const listed = await readCdf(files, pkiDf);
    if (listed) {
      try {
        return await readListed(files, pkiDf, listed, knownCertificates(known));
      } catch (err) {
        // A CDF whose pointers lead to no certificate is as good as no CDF.
        if (!(err instanceof MalformedResponseError)) throw err;
      }
    }
    return { certificates: await scanForCertificates(files, pkiDf), reused: 0 };
  } catch (err) {
    if (err instanceof CardStatusError)
      throw new CardReadError('certificates', err.sw, err.message);
    throw err;
  }
}

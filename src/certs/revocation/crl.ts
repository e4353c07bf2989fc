/**
 * A CRL (RFC 5280 §5) read from a file, for one certificate: is its serial listed, and does
 * the list count (signed with the issuing CA's key, naming that CA, current)? MOICA's full
 * CRL runs to tens of megabytes, so the list is walked through a small window: asn1js
 * decodes each header and each small element, pkijs each entry that matters, and the
 * signature is checked while the signed part streams past. Memory stays at the window's
 * size whatever the list's (docs/revocation.md has the figures).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { RevocationReason } from '../../core/model';
import type { CertificatePair } from './certificate-pair';
import { FileWindow } from './file-window';
import { RevocationFailure } from './failure';
import { checkTimes, REASONS, type IssuerAnswer } from './ocsp';
import { verifySigned } from './signed-data';

const OID_REASON_CODE = '2.5.29.21';
const OID_DELTA_CRL = '2.5.29.27';
/** Extensions a complete CRL may mark critical that this reader understands or may ignore. */
const KNOWN_CRL_EXTENSIONS = new Set([
  '2.5.29.20', // cRLNumber
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.28', // issuingDistributionPoint: the list came from the address the certificate names
  '2.5.29.18', // issuerAltName
]);
/** An element other than the entries (names, algorithms, extensions) is never this long. */
const MAX_ELEMENT = 64 * 1024;
const UNIVERSAL = 1;
const CONTEXT = 3;

interface Header {
  tagClass: number;
  tagNumber: number;
  constructed: boolean;
  /** Bytes of tag and length. */
  headerLength: number;
  length: number;
  start: number;
  end: number;
}

/** One reusable asn1js block whose identification and length decoders read each header. */
const probe = new asn1js.Sequence();

async function header(file: FileWindow, pos: number, limit: number): Promise<Header> {
  const view = await file.bytes(pos, Math.min(12, limit - pos));
  const afterId = probe.idBlock.fromBER(view, 0, view.length);
  if (afterId === -1) throw new RevocationFailure('malformed', `tag at ${pos}`);
  const afterLength = probe.lenBlock.fromBER(view, afterId, view.length - afterId);
  if (afterLength === -1 || probe.lenBlock.isIndefiniteForm) {
    throw new RevocationFailure('malformed', `length at ${pos}`);
  }
  const h: Header = {
    tagClass: probe.idBlock.tagClass,
    tagNumber: probe.idBlock.tagNumber,
    constructed: probe.idBlock.isConstructed,
    headerLength: afterLength,
    length: probe.lenBlock.length,
    start: pos,
    end: pos + afterLength + probe.lenBlock.length,
  };
  if (h.end > limit)
    throw new RevocationFailure('malformed', `element at ${pos} runs past its end`);
  return h;
}

function is(h: Header, tagClass: number, tagNumber: number): boolean {
  return h.tagClass === tagClass && h.tagNumber === tagNumber;
}

/** A small element's bytes, copied out of the window, and its asn1js decoding. */
async function element(
  file: FileWindow,
  h: Header,
): Promise<{ der: Buffer; block: asn1js.AsnType }> {
  const size = h.end - h.start;
  if (size > MAX_ELEMENT || size > file.capacity) {
    throw new RevocationFailure('malformed', `element at ${h.start} is ${size} bytes`);
  }
  const der = Buffer.from(await file.bytes(h.start, size));
  const decoded = asn1js.fromBER(der);
  if (decoded.offset !== der.length)
    throw new RevocationFailure('malformed', `element at ${h.start}`);
  return { der, block: decoded.result };
}

function timeOf(block: asn1js.AsnType, what: string): Date {
  if (block instanceof asn1js.UTCTime || block instanceof asn1js.GeneralizedTime) {
    return block.toDate();
  }
  throw new RevocationFailure('malformed', what);
}

function isTime(h: Header): boolean {
  return is(h, UNIVERSAL, 23) || is(h, UNIVERSAL, 24);
}

/** The matching entry, decoded in full by pkijs. */
async function readEntry(
  file: FileWindow,
  h: Header,
): Promise<{ revokedAt: Date; reason: RevocationReason | null }> {
  const { block } = await element(file, h);
  let entry: pkijs.RevokedCertificate;
  try {
    entry = new pkijs.RevokedCertificate({ schema: block });
  } catch (err) {
    throw new RevocationFailure('malformed', `entry: ${(err as Error).message}`);
  }
  const ext = entry.crlEntryExtensions?.extensions.find((e) => e.extnID === OID_REASON_CODE);
  const value = ext?.parsedValue as asn1js.Enumerated | undefined;
  const reason =
    value instanceof asn1js.Enumerated
      ? (REASONS[value.valueBlock.valueDec] ?? 'unspecified')
      : null;
  return { revokedAt: entry.revocationDate.value, reason };
}

export interface CrlScan {
  answer: IssuerAnswer;
  /** How many entries the list holds (the benchmark reports it). */
  entries: number;
}

/**
 * Reads the CRL at `path` and answers for the pair's certificate. Throws RevocationFailure
 * when the file is not a CRL, is not the issuer's, is not signed by its key, or is out of date.
 */
export async function scanCrlFile(
  path: string,
  pair: CertificatePair,
  now: Date,
): Promise<CrlScan> {
  const file = await FileWindow.open(path);
  try {
    return await scan(file, pair, now);
  } finally {
    await file.close();
  }
}

async function scan(file: FileWindow, pair: CertificatePair, now: Date): Promise<CrlScan> {
  if (file.size === 0) throw new RevocationFailure('malformed', 'empty file');
  const outer = await header(file, 0, file.size);
  if (!is(outer, UNIVERSAL, 16) || outer.end !== file.size) {
    throw new RevocationFailure('malformed', 'not one CertificateList');
  }
  const tbs = await header(file, outer.headerLength, outer.end);
  if (!is(tbs, UNIVERSAL, 16)) throw new RevocationFailure('malformed', 'tbsCertList');

  let pos = tbs.start + tbs.headerLength;
  let h = await header(file, pos, tbs.end);
  if (is(h, UNIVERSAL, 2)) {
    pos = h.end; // version
    h = await header(file, pos, tbs.end);
  }
  const innerAlgorithm = (await element(file, h)).der;
  pos = h.end;
  h = await header(file, pos, tbs.end);
  const issuer = (await element(file, h)).der;
  if (!issuer.equals(pair.issuerName)) {
    throw new RevocationFailure('wrong-certificate', 'the CRL names another issuer');
  }
  pos = h.end;
  h = await header(file, pos, tbs.end);
  const thisUpdate = timeOf((await element(file, h)).block, 'thisUpdate');
  pos = h.end;
  let nextUpdate: Date | null = null;
  let entries = 0;
  let listed: { revokedAt: Date; reason: RevocationReason | null } | null = null;
  while (pos < tbs.end) {
    h = await header(file, pos, tbs.end);
    if (isTime(h) && nextUpdate === null && entries === 0) {
      nextUpdate = timeOf((await element(file, h)).block, 'nextUpdate');
    } else if (is(h, UNIVERSAL, 16)) {
      // revokedCertificates: each entry is SEQUENCE { serial INTEGER, date, extensions }.
      for (let at = h.start + h.headerLength; at < h.end;) {
        const entry = await header(file, at, h.end);
        const serial = await header(file, entry.start + entry.headerLength, entry.end);
        if (!is(entry, UNIVERSAL, 16) || !is(serial, UNIVERSAL, 2)) {
          throw new RevocationFailure('malformed', `entry at ${at}`);
        }
        entries++;
        if (listed === null && serial.length === pair.serial.length) {
          const bytes = await file.bytes(serial.start + serial.headerLength, serial.length);
          if (bytes.equals(pair.serial)) listed = await readEntry(file, entry);
        }
        at = entry.end;
      }
    } else if (is(h, CONTEXT, 0)) {
      checkExtensions((await element(file, h)).block);
    } else {
      throw new RevocationFailure('malformed', `unexpected element at ${pos}`);
    }
    pos = h.end;
  }

  const algorithmHeader = await header(file, tbs.end, outer.end);
  const algorithm = await element(file, algorithmHeader);
  if (!algorithm.der.equals(innerAlgorithm)) {
    throw new RevocationFailure('malformed', 'the two signature algorithms differ');
  }
  const signatureHeader = await header(file, algorithmHeader.end, outer.end);
  const signature = (await element(file, signatureHeader)).block;
  if (!(signature instanceof asn1js.BitString) || signatureHeader.end !== outer.end) {
    throw new RevocationFailure('malformed', 'signatureValue');
  }
  const verified = await verifySigned(
    file.range(tbs.start, tbs.end),
    {
      algorithm: new pkijs.AlgorithmIdentifier({ schema: algorithm.block }),
      signature: signature.valueBlock.valueHexView,
    },
    pair.issuerSpki,
  );
  if (!verified) throw new RevocationFailure('bad-signature', 'CRL signature');
  checkTimes(thisUpdate, nextUpdate, now);

  const base = { thisUpdate, nextUpdate };
  if (!listed)
    return { entries, answer: { ...base, status: 'good', revokedAt: null, reason: null } };
  return {
    entries,
    answer: {
      ...base,
      status: listed.reason === 'certificateHold' ? 'suspended' : 'revoked',
      revokedAt: listed.revokedAt,
      reason: listed.reason,
    },
  };
}

/** A delta CRL is not the whole story, and a critical extension not understood voids the list. */
function checkExtensions(block: asn1js.AsnType): void {
  let extensions: pkijs.Extensions;
  try {
    const inner = (block as asn1js.Constructed).valueBlock.value[0];
    extensions = new pkijs.Extensions({ schema: inner });
  } catch (err) {
    throw new RevocationFailure('malformed', `crlExtensions: ${(err as Error).message}`);
  }
  for (const ext of extensions.extensions) {
    if (ext.extnID === OID_DELTA_CRL) throw new RevocationFailure('unsupported', 'delta CRL');
    if (ext.critical && !KNOWN_CRL_EXTENSIONS.has(ext.extnID)) {
      throw new RevocationFailure('unsupported', `critical CRL extension ${ext.extnID}`);
    }
  }
}

/**
 * The card's files (card-profile.md §3): the card number and OS version under 3F00/0900,
 * the certificate directory and the certificates under 3F00/5030. The offsets in 08F2 are
 * the ones seen on a real MOICA card (0x0000, 0x0700, 0x0E00, 0x1500), with gaps between.
 */
import { encodeCdf, type CdfEntry, type PathLengthTagging } from './cdf';
import type { CertificateSet } from './certificates';

export const FID = {
  MF: 0x3f00,
  IDENTITY_DF: 0x0900,
  CARD_NUMBER: 0x0903,
  OS_VERSION: 0x0905,
  PKI_DF: 0x5030,
  CDF: 0x4104,
  CERTIFICATES: 0x08f2,
} as const;

export interface CertificateSlot {
  key: keyof CertificateSet;
  id: string;
  label: string;
  authority: boolean;
  offset: number;
}

export const CERTIFICATE_SLOTS: readonly CertificateSlot[] = [
  { key: 'signing', id: 'SIGN', label: 'Signature certificate', authority: false, offset: 0x0000 },
  {
    key: 'keyExchange',
    id: 'KEYX',
    label: 'Key exchange certificate',
    authority: false,
    offset: 0x0700,
  },
  {
    key: 'issuingCa',
    id: 'CA',
    label: 'TEST issuing CA certificate',
    authority: true,
    offset: 0x0e00,
  },
  { key: 'rootCa', id: 'ROOT', label: 'TEST root CA certificate', authority: true, offset: 0x1500 },
];

/** Room for each certificate before the next slot; 08F2 ends one slot after the last. */
export const SLOT_SIZE = 0x0700;
export const CERTIFICATE_FILE_SIZE = 0x1500 + SLOT_SIZE;
export const CDF_FILE_SIZE = 0x0200;

export interface CardFile {
  fid: number;
  kind: 'DF' | 'EF';
  parent: CardFile | null;
  children: CardFile[];
  data: Buffer;
}

export interface CardContent {
  cardNumber: string;
  osVersion: string;
  certificates: CertificateSet;
  hasCdf: boolean;
  cdfTagging: PathLengthTagging;
}

function df(fid: number, children: CardFile[]): CardFile {
  const dir: CardFile = { fid, kind: 'DF', parent: null, children, data: Buffer.alloc(0) };
  for (const child of children) child.parent = dir;
  return dir;
}

function ef(fid: number, data: Buffer): CardFile {
  return { fid, kind: 'EF', parent: null, children: [], data };
}

/** 08F2: each certificate at its slot, erased (FF) bytes in between. */
export function certificateFileImage(certs: CertificateSet): Buffer {
  const image = Buffer.alloc(CERTIFICATE_FILE_SIZE, 0xff);
  for (const slot of CERTIFICATE_SLOTS) {
    const der = certs[slot.key];
    if (der.length > SLOT_SIZE) throw new RangeError(`${slot.id} certificate too large`);
    der.copy(image, slot.offset);
  }
  return image;
}

export function cdfEntries(certs: CertificateSet): CdfEntry[] {
  const path = Buffer.from([0x3f, 0x00, 0x50, 0x30, 0x08, 0xf2]);
  return CERTIFICATE_SLOTS.map((slot) => ({
    label: slot.label,
    id: slot.id,
    authority: slot.authority,
    path,
    offset: slot.offset,
    length: certs[slot.key].length,
  }));
}

export function buildFileSystem(content: CardContent): CardFile {
  const pki: CardFile[] = [ef(FID.CERTIFICATES, certificateFileImage(content.certificates))];
  if (content.hasCdf) {
    const cdf = encodeCdf(cdfEntries(content.certificates), CDF_FILE_SIZE, content.cdfTagging);
    pki.unshift(ef(FID.CDF, cdf));
  }
  return df(FID.MF, [
    df(FID.IDENTITY_DF, [
      ef(FID.CARD_NUMBER, Buffer.from(content.cardNumber, 'ascii')),
      ef(FID.OS_VERSION, Buffer.from(content.osVersion, 'ascii')),
    ]),
    df(FID.PKI_DF, pki),
  ]);
}

/**
 * SELECT by file ID from `current` (ISO/IEC 7816-4 §11.2.2, P1 00): the MF from anywhere,
 * else a child of the current DF, the current DF itself, its parent, or a sibling DF.
 */
export function selectByFid(mf: CardFile, current: CardFile, fid: number): CardFile | undefined {
  if (fid === FID.MF) return mf;
  const dir = current.kind === 'DF' ? current : (current.parent ?? mf);
  const candidates = [
    ...dir.children,
    dir,
    ...(dir.parent ? [dir.parent, ...dir.parent.children] : []),
  ];
  return candidates.find((f) => f.fid === fid);
}

/** A complete card image for the fake card: the files of card-profile.md §3. */
import { cdf, fakeCertificate, type CdfStyle, type TestCdfEntry } from './der';

export const CARD_NUMBER = 'TP03000012345678';
export const OS_VERSION = 'CHT V32N';

export const CERTS = {
  SIGN: fakeCertificate(1218, 0x11),
  KEYX: fakeCertificate(1216, 0x22),
  CA: fakeCertificate(1300, 0x33),
  ROOT: fakeCertificate(1380, 0x44),
};

export const SLOTS: Array<{
  id: keyof typeof CERTS;
  label: string;
  offset: number;
  authority?: boolean;
}> = [
  { id: 'SIGN', label: 'Signature', offset: 0x0000 },
  { id: 'KEYX', label: 'Key exchange', offset: 0x0700 },
  { id: 'CA', label: 'Issuing CA', offset: 0x0e00, authority: true },
  { id: 'ROOT', label: 'Root CA', offset: 0x1500, authority: true },
];

export function certificateFile(fill = 0xff): Buffer {
  const image = Buffer.alloc(0x1c00, fill);
  for (const s of SLOTS) CERTS[s.id].copy(image, s.offset);
  return image;
}

export function cdfFile(
  style: CdfStyle = {},
  pad = 0xff,
  withLength = true,
  padTo = 0x200,
): Buffer {
  const entries: TestCdfEntry[] = SLOTS.map((s) => ({
    id: s.id,
    label: s.label,
    authority: s.authority,
    offset: s.offset,
    length: withLength ? CERTS[s.id].length : undefined,
  }));
  return cdf(entries, style, pad, padTo);
}

export function standardFiles(
  root: '3F00' | '3F00/7FFF' = '3F00',
  opts: { cdf?: Buffer | null } = {},
): Record<string, Buffer> {
  const files: Record<string, Buffer> = {
    '3F00/0900/0903': Buffer.from(CARD_NUMBER, 'latin1'),
    '3F00/0900/0905': Buffer.from(OS_VERSION, 'latin1'),
    [`${root}/5030/08F2`]: certificateFile(),
  };
  const dir = opts.cdf === undefined ? cdfFile() : opts.cdf;
  if (dir) files[`${root}/5030/4104`] = dir;
  return files;
}

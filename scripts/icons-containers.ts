/**
 * Windows .ico and macOS .icns files built from PNG images. Both formats can hold PNG data
 * as is (ICO since Windows Vista, ICNS since OS X 10.7), so packing is a matter of headers.
 * Layouts: ICONDIR/ICONDIRENTRY as Microsoft documents them ("Icons", Win32 docs), and the
 * ICNS element table Apple's `iconutil` writes (each element: OSType + big-endian length).
 */

export interface SizedPng {
  size: number;
  png: Buffer;
}

/** The sizes an .ico carries: the ones Explorer, the taskbar and the installer ask for. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

/** ICNS element types for PNG data, by pixel size; @2x elements reuse a larger image. */
export const ICNS_TYPES: ReadonlyArray<readonly [type: string, pixels: number]> = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32], // 16 pt @2x
  ['icp6', 64],
  ['ic12', 64], // 32 pt @2x
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256], // 128 pt @2x
  ['ic09', 512],
  ['ic14', 512], // 256 pt @2x
  ['ic10', 1024], // 512 pt @2x
];

function pick(images: readonly SizedPng[], size: number): Buffer {
  const found = images.find((image) => image.size === size);
  if (!found) throw new Error(`no ${size}x${size} image to pack`);
  return found.png;
}

export function buildIco(images: readonly SizedPng[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(ICO_SIZES.length, 4);
  const entries: Buffer[] = [];
  const data: Buffer[] = [];
  let offset = header.length + 16 * ICO_SIZES.length;
  for (const size of ICO_SIZES) {
    const png = pick(images, size);
    const entry = Buffer.alloc(16);
    // A width or height of 256 does not fit a byte and is written as 0.
    entry.writeUInt8(size % 256, 0);
    entry.writeUInt8(size % 256, 1);
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    entries.push(entry);
    data.push(png);
    offset += png.length;
  }
  return Buffer.concat([header, ...entries, ...data]);
}

export function buildIcns(images: readonly SizedPng[]): Buffer {
  const elements = ICNS_TYPES.map(([type, pixels]) => {
    const png = pick(images, pixels);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(elements);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

export interface PackedImage {
  /** ICO: the size the directory entry claims; ICNS: the element type. */
  label: string;
  claimedSize: number | null;
  png: Buffer;
}

/** Reads an .ico back: what Windows would see in its directory. */
export function readIco(file: Buffer): PackedImage[] {
  if (file.readUInt16LE(0) !== 0 || file.readUInt16LE(2) !== 1) throw new Error('not an .ico');
  const count = file.readUInt16LE(4);
  const images: PackedImage[] = [];
  for (let i = 0; i < count; i++) {
    const at = 6 + 16 * i;
    const width = file.readUInt8(at) || 256;
    const length = file.readUInt32LE(at + 8);
    const offset = file.readUInt32LE(at + 12);
    images.push({
      label: `${width}`,
      claimedSize: width,
      png: file.subarray(offset, offset + length),
    });
  }
  return images;
}

/** Reads an .icns back: its element types and their PNG data. */
export function readIcns(file: Buffer): PackedImage[] {
  if (file.toString('latin1', 0, 4) !== 'icns') throw new Error('not an .icns');
  if (file.readUInt32BE(4) !== file.length) throw new Error('.icns length does not match');
  const images: PackedImage[] = [];
  for (let at = 8; at < file.length;) {
    const type = file.toString('latin1', at, at + 4);
    const length = file.readUInt32BE(at + 4);
    if (length < 8 || at + length > file.length) throw new Error(`bad .icns element ${type}`);
    const pixels = ICNS_TYPES.find(([t]) => t === type)?.[1] ?? null;
    images.push({ label: type, claimedSize: pixels, png: file.subarray(at + 8, at + length) });
    at += length;
  }
  return images;
}

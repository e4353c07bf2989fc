/**
 * Just enough of a PNG reader to look at the icons: the header, and the pixels of 8-bit
 * RGB/RGBA non-interlaced images (what Chromium's screenshots are). PNG layout and filters
 * per the PNG specification (W3C, 2nd ed., §11 chunks, §9 filtering).
 */
import { inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

export interface Png extends PngHeader {
  /** RGBA, 4 bytes a pixel, row after row. */
  pixel(x: number, y: number): [number, number, number, number];
}

export function isPng(data: Buffer): boolean {
  return data.length > 33 && data.subarray(0, 8).equals(SIGNATURE);
}

export function readPngHeader(data: Buffer): PngHeader {
  if (!isPng(data) || data.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return {
    width: data.readUInt32BE(16),
    height: data.readUInt32BE(20),
    bitDepth: data.readUInt8(24),
    colorType: data.readUInt8(25),
    interlace: data.readUInt8(28),
  };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(data: Buffer): Png {
  const header = readPngHeader(data);
  const channels = header.colorType === 6 ? 4 : header.colorType === 2 ? 3 : 0;
  if (!channels || header.bitDepth !== 8 || header.interlace !== 0) {
    throw new Error(`unsupported PNG layout ${JSON.stringify(header)}`);
  }
  const idat: Buffer[] = [];
  for (let at = 8; at < data.length;) {
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(data.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = header.width * channels;
  const pixels = Buffer.alloc(stride * header.height);
  for (let y = 0; y < header.height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? pixels[y * stride + i - channels]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const upLeft = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels]! : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter}`);
      pixels[y * stride + i] = (line[i]! + predictor) & 0xff;
    }
  }
  return {
    ...header,
    pixel(x, y) {
      const at = y * stride + x * channels;
      return [
        pixels[at]!,
        pixels[at + 1]!,
        pixels[at + 2]!,
        channels === 4 ? pixels[at + 3]! : 255,
      ];
    },
  };
}

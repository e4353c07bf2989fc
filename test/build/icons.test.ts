/**
 * The committed icons are what `npm run icons` makes from resources/icons/app.svg: every
 * size is there at its size, the .ico and .icns carry those same images, and they were
 * rendered from the SVG as it is now (its colours where the SVG puts them).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICO_SIZES, ICNS_TYPES, readIcns, readIco } from '../../scripts/icons-containers';
import { decodePng, readPngHeader } from './png';

const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path));
const svgText = read('resources/icons/app.svg').toString('utf8');
const record = JSON.parse(read('build/icon-source.json').toString('utf8')) as {
  source: string;
  sha256: string;
  sizes: number[];
};
const iconFile = (size: number) => `build/icons/${size}x${size}.png`;

function hex(colour: string): [number, number, number] {
  const n = parseInt(colour.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The SVG's filled shapes in drawing order, with their geometry in viewBox units. */
function shapes() {
  const rects = [...svgText.matchAll(/<rect ([^>]*)\/>/g)].map((m) => {
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]+)"`).exec(m[1]!)?.[1] ?? '';
    return {
      x: Number(attr('x')),
      y: Number(attr('y')),
      width: Number(attr('width')),
      height: Number(attr('height')),
      fill: attr('fill'),
    };
  });
  const circle = /<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)" fill="([^"]+)"/.exec(svgText);
  return { rects, circle };
}

describe('app icons', () => {
  it('were rendered from the current resources/icons/app.svg (else run npm run icons)', () => {
    expect(record.source).toBe('resources/icons/app.svg');
    const sha = createHash('sha256').update(read(record.source)).digest('hex');
    expect(sha).toBe(record.sha256);
  });

  it('start from a square source, so no size is distorted', () => {
    const viewBox = /viewBox="([^"]+)"/.exec(svgText)?.[1]?.split(/\s+/).map(Number);
    expect(viewBox).toHaveLength(4);
    expect(viewBox![2]).toBe(viewBox![3]);
  });

  it('exist from 16 to 1024 px, each a square RGBA PNG of its size', () => {
    expect(record.sizes).toEqual(expect.arrayContaining([16, 32, 48, 64, 128, 256, 512, 1024]));
    for (const size of record.sizes) {
      const header = readPngHeader(read(iconFile(size)));
      expect([header.width, header.height], iconFile(size)).toEqual([size, size]);
      expect(header.colorType, `${iconFile(size)} has alpha`).toBe(6);
    }
    expect(read('build/icon.png').equals(read(iconFile(1024)))).toBe(true);
  });

  it("show the source's shapes in the source's colours at every size from 64 px", () => {
    const { rects, circle } = shapes();
    const [background, card, chip] = rects;
    expect(background && card && chip && circle).toBeTruthy();
    const viewBox = Number(/viewBox="0 0 (\d+)/.exec(svgText)![1]);
    for (const size of record.sizes.filter((s) => s >= 64)) {
      const png = decodePng(read(iconFile(size)));
      const at = (x: number, y: number) =>
        png.pixel(Math.floor((x / viewBox) * size), Math.floor((y / viewBox) * size));
      const close = (pixel: number[], colour: string) => {
        const want = hex(colour);
        return want.every((c, i) => Math.abs(c - pixel[i]!) <= 12) && pixel[3]! >= 240;
      };
      // Outside the rounded background: transparent.
      expect(at(1, 1)[3], `${size}px corner`).toBeLessThan(16);
      // Inside the background, left of the card; inside the card, right of the chip; the chip.
      const bgPoint = at(background!.x + 6, background!.y + background!.height / 2);
      expect(close(bgPoint, background!.fill), `${size}px background`).toBe(true);
      expect(close(at(card!.x + card!.width / 2, card!.y + 6), card!.fill), `${size}px card`).toBe(
        true,
      );
      expect(close(at(chip!.x + 38, chip!.y + 8), chip!.fill), `${size}px chip`).toBe(true);
      const [cx, cy, r, fill] = [
        Number(circle![1]),
        Number(circle![2]),
        Number(circle![3]),
        circle![4]!,
      ];
      expect(close(at(cx, cy - r * 0.75), fill), `${size}px seal`).toBe(true);
    }
  });

  it('pack the same images into build/icon.ico for Windows (16 to 256 px)', () => {
    const images = readIco(read('build/icon.ico'));
    expect(images.map((image) => image.claimedSize)).toEqual([...ICO_SIZES]);
    for (const image of images) {
      const header = readPngHeader(image.png);
      expect([header.width, header.height]).toEqual([image.claimedSize, image.claimedSize]);
      expect(image.png.equals(read(iconFile(image.claimedSize!)))).toBe(true);
    }
  });

  it('pack the same images into build/icon.icns for macOS, @2x variants included', () => {
    const images = readIcns(read('build/icon.icns'));
    expect(images.map((image) => image.label)).toEqual(ICNS_TYPES.map(([type]) => type));
    for (const image of images) {
      const header = readPngHeader(image.png);
      expect([header.width, header.height], image.label).toEqual([
        image.claimedSize,
        image.claimedSize,
      ]);
      expect(image.png.equals(read(iconFile(image.claimedSize!)))).toBe(true);
    }
  });
});

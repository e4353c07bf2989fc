/**
 * `npm run icons`: renders resources/icons/app.svg, the one source image, to every icon the
 * installers need, and records which source it rendered. The output is committed, so
 * packaging never needs a renderer; run this again after changing the SVG (a test compares
 * the recorded hash with the SVG).
 *
 * The renderer is headless Chromium (Debian's `chromium`, or CHROME_PATH) driven by
 * playwright-core, both already part of the project's tooling.
 *
 * Output (electron-builder's buildResources folder, build/):
 *   icons/<n>x<n>.png  n = 16 … 1024, Linux's hicolor set (linux.icon)
 *   icon.png           1024 px
 *   icon.ico           16 … 256 px, PNG entries (win.icon)
 *   icon.icns          16 … 1024 px incl. @2x, PNG elements (mac.icon)
 *   icon-source.json   the SVG's SHA-256 and the sizes written
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildIcns, buildIco, type SizedPng } from './icons-containers';

export const ICON_SIZES = [16, 24, 32, 48, 64, 96, 128, 256, 512, 1024] as const;

const root = fileURLToPath(new URL('..', import.meta.url));
export const SOURCE = 'resources/icons/app.svg';
export const OUT_DIR = 'build';

function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path): path is string => !!path && existsSync(path));
}

async function render(svg: Buffer, sizes: readonly number[]): Promise<SizedPng[]> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    // Root in a container cannot use Chromium's sandbox; the page is our own SVG.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const src = `data:image/svg+xml;base64,${svg.toString('base64')}`;
    const images: SizedPng[] = [];
    for (const size of sizes) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<!doctype html><html><body style="margin:0;background:transparent">` +
          `<img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`,
      );
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      const png = await page.screenshot({
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size },
      });
      images.push({ size, png });
    }
    return images;
  } finally {
    await browser.close();
  }
}

export async function generateIcons(base = root): Promise<string[]> {
  const svg = readFileSync(join(base, SOURCE));
  const images = await render(svg, ICON_SIZES);
  const outDir = join(base, OUT_DIR);
  mkdirSync(join(outDir, 'icons'), { recursive: true });
  const written: string[] = [];
  const write = (name: string, data: Buffer | string) => {
    writeFileSync(join(outDir, name), data);
    written.push(`${OUT_DIR}/${name}`);
  };
  for (const { size, png } of images) write(`icons/${size}x${size}.png`, png);
  write('icon.png', images.find((image) => image.size === 1024)!.png);
  write('icon.ico', buildIco(images));
  write('icon.icns', buildIcns(images));
  // Written the way Prettier lays it out, so `npm run lint` stays clean after a run.
  const record = [
    `  "source": ${JSON.stringify(SOURCE)}`,
    `  "sha256": "${createHash('sha256').update(svg).digest('hex')}"`,
    `  "sizes": [${ICON_SIZES.join(', ')}]`,
  ];
  write('icon-source.json', `{\n${record.join(',\n')}\n}\n`);
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  generateIcons().then(
    (files) => console.log(files.join('\n')),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      console.error(
        '需要 Chromium（Debian: apt-get install chromium，或設定 CHROME_PATH）。\n' +
          'Needs Chromium (Debian: apt-get install chromium, or set CHROME_PATH).',
      );
      process.exitCode = 1;
    },
  );
}

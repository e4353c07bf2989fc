/**
 * The fewest APDUs card-profile.md allows for one full status read of a given card, worked
 * out from the card's own files (an in-process copy of the same virtual card, so nothing
 * here is counted against the app). The derivation is written out in README "Benchmark":
 *
 *   probe        SELECT gen-2 applet (refused), SELECT MF with CLA 80, and SELECT MF again
 *                with CLA 00 when CLA 80 is refused                        2 or 3
 *   identity     SELECT 0900, SELECT 0903, READ, SELECT 0905, READ               5
 *   directory    SELECT 3F00, SELECT 5030, SELECT 4104, then 200-byte reads up to and
 *                including the first padding byte: ceil((cdf + 1) / 200)    3 + r
 *   certificates SELECT 08F2, then ceil(size / 200) reads for each one      1 + Σ
 *   tries        empty VERIFY for the PIN and for the user code                 2
 */
import { readTlv } from '../src/card';
import type { VirtualCard } from '../src/virtual-card';

const CHUNK = 200;

export interface MinimumBreakdown {
  probe: number;
  identity: number;
  directory: number;
  certificates: number;
  tries: number;
  total: number;
  cdfBytes: number;
  certificateBytes: number[];
}

async function send(card: VirtualCard, hex: string): Promise<{ data: Buffer; sw: number }> {
  const out = await card.process(Buffer.from(hex.replace(/ /g, ''), 'hex'));
  return { data: out.subarray(0, out.length - 2), sw: out.readUInt16BE(out.length - 2) };
}

/** The CDF's used length: top-level objects up to the first 00/FF padding byte. */
function cdfContentLength(file: Buffer): number {
  let pos = 0;
  while (pos < file.length && file[pos] !== 0x00 && file[pos] !== 0xff)
    pos = readTlv(file, pos).end;
  return pos;
}

async function readWholeFile(card: VirtualCard, cla: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let offset = 0; ; offset += CHUNK) {
    const p1p2 = offset.toString(16).padStart(4, '0');
    const { data, sw } = await send(card, `${cla} B0 ${p1p2} ${CHUNK.toString(16)}`);
    parts.push(data);
    if (sw !== 0x9000 || data.length < CHUNK) return Buffer.concat(parts);
  }
}

/** `card` must be a fresh copy of the benchmarked card (same scenario), used only here. */
export async function minimumApdus(
  card: VirtualCard,
  pinCommands: boolean,
): Promise<MinimumBreakdown> {
  card.powerOn();
  const cla80 = (await send(card, '80 A4 00 00 02 3F 00')).sw === 0x9000;
  const cla = cla80 ? '80' : '00';
  await send(card, `${cla} A4 00 00 02 3F 00`);
  await send(card, `${cla} A4 00 00 02 50 30`);
  await send(card, `${cla} A4 00 00 02 41 04`);
  const cdfBytes = cdfContentLength(await readWholeFile(card, cla));
  const certificateBytes = Object.values(card.certificates).map((der: Buffer) => der.length);
  const probe = cla80 ? 2 : 3;
  const identity = 5;
  const directory = 3 + Math.ceil((cdfBytes + 1) / CHUNK);
  const certificates = 1 + certificateBytes.reduce((n, size) => n + Math.ceil(size / CHUNK), 0);
  const tries = pinCommands ? 2 : 0;
  return {
    probe,
    identity,
    directory,
    certificates,
    tries,
    total: probe + identity + directory + certificates + tries,
    cdfBytes,
    certificateBytes,
  };
}

import { expect } from 'vitest';
import type { SimulatedCard } from '../../../src/virtual-card';

/** "00 A4 00 00 02 3F 00" → bytes. */
export const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

export interface Reply {
  data: Buffer;
  /** Status word as upper-case hex, e.g. "9000", "63C2". */
  sw: string;
}

export async function send(card: SimulatedCard, command: string | Buffer): Promise<Reply> {
  const response = await card.process(typeof command === 'string' ? hex(command) : command);
  expect(response.length).toBeGreaterThanOrEqual(2);
  return {
    data: response.subarray(0, -2),
    sw: response.subarray(-2).toString('hex').toUpperCase(),
  };
}

const fid = (f: number): string => f.toString(16).padStart(4, '0');

/** SELECT each FID of `path` in turn from the MF, expecting 9000 each time. */
export async function selectPath(card: SimulatedCard, path: number[], cla = 0x00): Promise<void> {
  for (const f of path) {
    const r = await send(card, `${cla.toString(16).padStart(2, '0')} A4 00 00 02 ${fid(f)}`);
    expect(r.sw, `select ${fid(f)}`).toBe('9000');
  }
}

export function readBinary(
  card: SimulatedCard,
  offset: number,
  le: number,
  cla = 0x00,
): Promise<Reply> {
  const apdu = Buffer.from([cla, 0xb0, offset >> 8, offset & 0xff, le & 0xff]);
  return send(card, apdu);
}

/** The PIN or user code as the profile sends it: ASCII right-padded with FF. */
export function padded(secret: string, size: number): string {
  const b = Buffer.alloc(size, 0xff);
  b.write(secret, 'ascii');
  return b.toString('hex');
}

export const verifyApdu = (pin: string, cla = '00'): string =>
  `${cla} 20 00 01 08 ${padded(pin, 8)}`;
export const changeApdu = (oldPin: string, newPin: string): string =>
  `00 24 00 01 10 ${padded(oldPin, 8)}${padded(newPin, 8)}`;
export const unblockApdu = (userCode: string, newPin: string): string =>
  `00 2C 00 01 12 ${padded(userCode, 10)}${padded(newPin, 8)}`;

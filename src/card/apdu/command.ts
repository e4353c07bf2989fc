import { ApduEncodingError } from './errors';

/**
 * A short command APDU (ISO 7816-4 §5.1). `data` absent or empty and `le` absent is
 * Case 1; `le` alone Case 2; `data` alone Case 3; both Case 4. `le` is the number of
 * bytes expected, 1..256 (256 is written as 00).
 */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Buffer;
  le?: number;
}

export type ApduCase = 1 | 2 | 3 | 4;

/** Short APDUs carry at most 255 data bytes and ask for at most 256. */
export const MAX_LC = 255;
export const MAX_LE = 256;

function checkByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new ApduEncodingError(`${name} must be a byte, got ${value}`);
  }
}

export function apduCase(cmd: CommandApdu): ApduCase {
  const hasData = cmd.data !== undefined && cmd.data.length > 0;
  const hasLe = cmd.le !== undefined;
  if (hasData) return hasLe ? 4 : 3;
  return hasLe ? 2 : 1;
}

export function encodeCommand(cmd: CommandApdu): Buffer {
  checkByte('CLA', cmd.cla);
  checkByte('INS', cmd.ins);
  checkByte('P1', cmd.p1);
  checkByte('P2', cmd.p2);
  const data = cmd.data ?? Buffer.alloc(0);
  if (data.length > MAX_LC) {
    throw new ApduEncodingError(`data is ${data.length} bytes; short APDUs carry ${MAX_LC}`);
  }
  if (cmd.le !== undefined && (!Number.isInteger(cmd.le) || cmd.le < 1 || cmd.le > MAX_LE)) {
    throw new ApduEncodingError(`Le must be 1..${MAX_LE}, got ${cmd.le}`);
  }
  const header = [cmd.cla, cmd.ins, cmd.p1, cmd.p2];
  const out = Buffer.alloc(
    4 + (data.length > 0 ? 1 + data.length : 0) + (cmd.le !== undefined ? 1 : 0),
  );
  out.set(header, 0);
  let pos = 4;
  if (data.length > 0) {
    out[pos++] = data.length;
    data.copy(out, pos);
    pos += data.length;
  }
  if (cmd.le !== undefined) out[pos] = cmd.le & 0xff;
  return out;
}

/** The inverse of encodeCommand, for traces, fakes and tests. */
export function decodeCommand(raw: Buffer): CommandApdu {
  if (raw.length < 4)
    throw new ApduEncodingError(`a command has at least 4 bytes, got ${raw.length}`);
  const [cla, ins, p1, p2] = [raw[0]!, raw[1]!, raw[2]!, raw[3]!];
  if (raw.length === 4) return { cla, ins, p1, p2 };
  const b4 = raw[4]!;
  if (raw.length === 5) return { cla, ins, p1, p2, le: b4 === 0 ? 256 : b4 };
  // Lc = 00 would announce an extended APDU, which this layer does not speak.
  if (b4 === 0) throw new ApduEncodingError('extended APDUs are not supported');
  const data = Buffer.from(raw.subarray(5, 5 + b4));
  if (raw.length === 5 + b4) return { cla, ins, p1, p2, data };
  if (raw.length === 6 + b4) {
    const le = raw[5 + b4]!;
    return { cla, ins, p1, p2, data, le: le === 0 ? 256 : le };
  }
  throw new ApduEncodingError(`Lc ${b4} does not match a ${raw.length}-byte command`);
}

/** Short command APDUs (ISO/IEC 7816-4 §5.1), the only kind the card profile uses. */

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data (Lc bytes), or null when the command has none. */
  data: Buffer | null;
  /** Expected length 1..256 (Le 00 = 256), or null when the command expects no data. */
  le: number | null;
}

/** null for anything that is not a well-formed short APDU (extended lengths included). */
export function parseCommandApdu(bytes: Buffer): CommandApdu | null {
  if (bytes.length < 4) return null;
  const [cla = 0, ins = 0, p1 = 0, p2 = 0] = bytes;
  const head = { cla, ins, p1, p2 };
  if (bytes.length === 4) return { ...head, data: null, le: null };
  const b4 = bytes[4]!;
  if (bytes.length === 5) return { ...head, data: null, le: b4 === 0 ? 256 : b4 };
  if (b4 === 0) return null;
  const data = bytes.subarray(5, 5 + b4);
  if (bytes.length === 5 + b4) return { ...head, data, le: null };
  if (bytes.length === 6 + b4) {
    const le = bytes[5 + b4]!;
    return { ...head, data, le: le === 0 ? 256 : le };
  }
  return null;
}

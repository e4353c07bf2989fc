import { MalformedResponseError } from '../core/errors';
import type { AtrInfo } from '../core/model';
import { compactHex } from './apdu/hex';

/** Interface bytes of one group i (TAi, TBi, TCi, TDi), ISO 7816-3 §8.2.2. */
export interface InterfaceByteGroup {
  ta?: number;
  tb?: number;
  tc?: number;
  td?: number;
}

export interface ParsedAtr extends AtrInfo {
  /** 0x3B direct convention, 0x3F inverse. */
  ts: number;
  t0: number;
  interfaceBytes: InterfaceByteGroup[];
  historicalBytes: Buffer;
  /** TCK is present whenever a protocol other than T=0 is indicated. */
  tck: number | null;
  /** XOR of T0..TCK is zero; null when there is no TCK to check. */
  tckValid: boolean | null;
  /** Why the ATR could not be split into its parts (describeAtr only); null when it could. */
  problem: string | null;
}

/** Historical bytes as text: printable ASCII kept, every other byte shown as '.'. */
export function printableAscii(bytes: Buffer): string {
  return Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
}

/**
 * Split an ATR into its parts (ISO 7816-3 §8.2). A too-short or unknown-convention ATR
 * is a MalformedResponseError; a wrong TCK is reported (tckValid false), not thrown,
 * because the reader already accepted the card and the ATR is still worth showing.
 */
export function parseAtr(atr: Buffer): ParsedAtr {
  const fail = (detail: string): never => {
    throw new MalformedResponseError('ATR', `ATR ${compactHex(atr)}: ${detail}`);
  };
  if (atr.length < 2) fail('shorter than TS T0');
  const ts = atr[0]!;
  if (ts !== 0x3b && ts !== 0x3f) fail(`TS ${ts.toString(16)} is neither 3B nor 3F`);
  const t0 = atr[1]!;
  const historicalLength = t0 & 0x0f;
  const groups: InterfaceByteGroup[] = [];
  const protocols: number[] = [];
  let y = t0 >> 4;
  let pos = 2;
  const next = (): number => {
    if (pos >= atr.length) fail('ends inside the interface bytes');
    return atr[pos++]!;
  };
  while (true) {
    const group: InterfaceByteGroup = {};
    if (y & 0x1) group.ta = next();
    if (y & 0x2) group.tb = next();
    if (y & 0x4) group.tc = next();
    if (y & 0x8) group.td = next();
    groups.push(group);
    if (group.td === undefined) break;
    protocols.push(group.td & 0x0f);
    y = group.td >> 4;
  }
  if (pos + historicalLength > atr.length) fail('ends inside the historical bytes');
  const historicalBytes = Buffer.from(atr.subarray(pos, pos + historicalLength));
  pos += historicalLength;
  // No TDi means T=0 only; T=15 announces global bytes, not a protocol.
  const offered = protocols.length ? protocols.filter((t) => t !== 15) : [0];
  const unique = [...new Set(offered.length ? offered : [0])];
  const needsTck = protocols.some((t) => t !== 0);
  let tck: number | null = null;
  let tckValid: boolean | null = null;
  if (needsTck) {
    if (pos >= atr.length) fail('TCK missing');
    tck = atr[pos++]!;
    let x = 0;
    for (const b of atr.subarray(1, pos)) x ^= b;
    tckValid = x === 0;
  }
  if (pos !== atr.length) fail(`${atr.length - pos} bytes after the end`);
  return {
    hex: compactHex(atr),
    historicalBytesHex: compactHex(historicalBytes),
    historicalBytesAscii: printableAscii(historicalBytes),
    protocols: unique.map((t) => `T=${t}` as const),
    ts,
    t0,
    interfaceBytes: groups,
    historicalBytes,
    tck,
    tckValid,
    problem: null,
  };
}

/**
 * parseAtr for display and matching: a card that is present but sends a garbled ATR
 * still gets a report with the raw bytes, as an unknown (read-only) card.
 */
export function describeAtr(atr: Buffer): ParsedAtr {
  try {
    return parseAtr(atr);
  } catch (err) {
    if (!(err instanceof MalformedResponseError)) throw err;
    return {
      hex: compactHex(atr),
      historicalBytesHex: '',
      historicalBytesAscii: '',
      protocols: [],
      ts: atr[0] ?? 0,
      t0: atr[1] ?? 0,
      interfaceBytes: [],
      historicalBytes: Buffer.alloc(0),
      tck: null,
      tckValid: null,
      problem: err.message,
    };
  }
}

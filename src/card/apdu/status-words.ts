import type { MessageParams } from '../../core/errors';
import { swHex } from './hex';

/**
 * Every status word card-profile.md §4 says a layer must name. `pattern` is how the
 * spec writes it; `x` digits are data (a byte count or a tries counter). Message keys
 * live in resources/locales/<lang>/card.json as `sw.<pattern>`.
 */
export interface StatusWordInfo {
  pattern: string;
  /** Short English name for traces and logs. */
  name: string;
  /** Warnings and success: the data that came with them is good. */
  kind: 'ok' | 'warning' | 'error';
}

interface Entry extends StatusWordInfo {
  mask: number;
  value: number;
}

const entry = (
  pattern: string,
  name: string,
  kind: StatusWordInfo['kind'],
  mask = 0xffff,
): Entry => ({
  pattern,
  name,
  kind,
  mask,
  value: parseInt(pattern.replace(/x/gi, '0'), 16),
});

const CATALOGUE: readonly Entry[] = [
  entry('9000', 'OK', 'ok'),
  entry('61xx', 'MORE_DATA', 'ok', 0xff00),
  entry('6282', 'END_OF_FILE', 'warning'),
  entry('6283', 'FILE_DEACTIVATED', 'warning'),
  entry('6300', 'VERIFY_FAILED', 'error'),
  entry('63Cx', 'VERIFY_FAILED_TRIES_LEFT', 'error', 0xfff0),
  entry('6581', 'MEMORY_FAILURE', 'error'),
  entry('6Cxx', 'WRONG_LE', 'error', 0xff00),
  entry('6700', 'WRONG_LENGTH', 'error'),
  entry('6982', 'SECURITY_STATUS_NOT_SATISFIED', 'error'),
  entry('6983', 'AUTH_METHOD_BLOCKED', 'error'),
  entry('6984', 'REFERENCE_DATA_INVALID', 'error'),
  entry('6985', 'CONDITIONS_NOT_SATISFIED', 'error'),
  entry('6986', 'COMMAND_NOT_ALLOWED', 'error'),
  entry('6987', 'SM_DATA_MISSING', 'error'),
  entry('6988', 'SM_DATA_INCORRECT', 'error'),
  entry('6A80', 'WRONG_DATA', 'error'),
  entry('6A81', 'FUNCTION_NOT_SUPPORTED', 'error'),
  entry('6A82', 'FILE_NOT_FOUND', 'error'),
  entry('6A86', 'WRONG_P1P2', 'error'),
  entry('6A88', 'REFERENCE_NOT_FOUND', 'error'),
  entry('6B00', 'OFFSET_OUT_OF_RANGE', 'error'),
  entry('6D00', 'INS_NOT_SUPPORTED', 'error'),
  entry('6E00', 'CLA_NOT_SUPPORTED', 'error'),
  entry('6F00', 'NO_PRECISE_DIAGNOSIS', 'error'),
];

/** Every pattern the catalogue names, in the order card-profile.md §4 lists them. */
export const KNOWN_STATUS_PATTERNS: readonly string[] = CATALOGUE.map((e) => e.pattern);

function find(sw: number): Entry | undefined {
  return CATALOGUE.find((e) => (sw & e.mask) === e.value);
}

/** What the catalogue knows about `sw`, or null for a status word outside §4. */
export function statusWordInfo(sw: number): StatusWordInfo | null {
  const e = find(sw);
  return e ? { pattern: e.pattern, name: e.name, kind: e.kind } : null;
}

/**
 * The locale key and parameters describing `sw`. `count` is the xx / x part (bytes
 * available, tries left); xx = 00 in 61xx / 6Cxx means 256 bytes.
 */
export function statusWordMessage(sw: number): { key: string; params: MessageParams } {
  const e = find(sw);
  const params: MessageParams = { sw: swHex(sw) };
  if (!e) return { key: 'sw.unknown', params };
  if (e.mask === 0xff00) params.count = (sw & 0xff) === 0 ? 256 : sw & 0xff;
  if (e.mask === 0xfff0) params.count = sw & 0x0f;
  return { key: `sw.${e.pattern}`, params };
}

/** "6A82 FILE_NOT_FOUND" style label for traces; unknown words show as hex only. */
export function statusWordLabel(sw: number): string {
  const e = find(sw);
  return e ? `${swHex(sw)} ${e.name}` : swHex(sw);
}

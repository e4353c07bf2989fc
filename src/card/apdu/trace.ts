import { spacedHex } from './hex';

/**
 * One line of an APDU trace. Traces end up in diagnostic reports, so PIN and user-code
 * bytes never reach them: the sender marks such commands secret and their data bytes
 * are written as `**` (card-profile.md §1.5).
 */
export interface ApduTraceEvent {
  direction: 'command' | 'response';
  /** Upper-case hex bytes separated by spaces; secret data bytes appear as `**`. */
  hex: string;
  /** Response only: SW1 SW2 as four hex digits. Absent when the card sent no status. */
  sw?: string;
  /** Response only: milliseconds from sending the command to this response. */
  durationMs?: number;
  /** Response only: why no status word came back. */
  failure?: 'card-removed' | 'timeout';
  /** Milliseconds on a monotonic clock (performance.now()), to order and space events. */
  atMs: number;
}

export type ApduTraceHook = (event: ApduTraceEvent) => void;

/** Hex of a raw command with its data field (bytes 5..5+Lc) hidden when it is secret. */
export function commandTraceHex(raw: Buffer, secret: boolean): string {
  if (!secret || raw.length <= 5) return spacedHex(raw);
  const lc = raw[4]!;
  const head = spacedHex(raw.subarray(0, 5));
  const hidden = Array.from({ length: Math.min(lc, raw.length - 5) }, () => '**').join(' ');
  const tail = raw.length > 5 + lc ? ' ' + spacedHex(raw.subarray(5 + lc)) : '';
  return `${head} ${hidden}${tail}`;
}

/**
 * Call a trace hook without letting a faulty hook break card I/O. Callers check for a hook
 * first, so no event (or closure) is built when nobody listens: formatting hex for every
 * APDU was most of the driver's own cost.
 */
export function emitTrace(hook: ApduTraceHook, event: () => ApduTraceEvent): void {
  try {
    hook(event());
  } catch {
    // A diagnostic aid must never turn into a failed card operation.
  }
}

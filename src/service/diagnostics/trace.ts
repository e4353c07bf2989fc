/**
 * The APDU trace a report can carry. It is fed by the driver's trace hook, which already
 * writes PIN and user-code bytes as `**`; this recorder checks that again (a trace ends up
 * in tickets), and in a masked report it also hides what the card answered, because the
 * answers hold the card number and the certificates with the holder's name.
 */
import type { ApduTraceEvent, ApduTraceHook } from '../../card/apdu/trace';
import type { TraceEntry } from './types';

/** VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER: their data field is a secret. */
const SECRET_INS = new Set([0x20, 0x24, 0x2c]);

/** Upper-case hex separated by spaces, as the driver's trace writes it. */
function bytesOf(hex: string): string[] {
  return hex.trim() === '' ? [] : hex.trim().split(/\s+/);
}

/** A command whose INS carries a secret keeps its header and Lc; its data becomes `**`. */
export function redactSecretCommand(hex: string): string {
  const bytes = bytesOf(hex);
  if (bytes.length <= 5) return hex;
  const ins = parseInt(bytes[1]!, 16);
  if (!SECRET_INS.has(ins)) return hex;
  const lc = parseInt(bytes[4]!, 16);
  const end = Math.min(5 + lc, bytes.length);
  return [...bytes.slice(0, 5), ...bytes.slice(5, end).map(() => '**'), ...bytes.slice(end)].join(
    ' ',
  );
}

/** Keeps the status word; the data in front of it becomes a byte count. */
export function hideResponseData(hex: string): string {
  const bytes = bytesOf(hex);
  if (bytes.length <= 2) return hex;
  return `[${bytes.length - 2} bytes hidden] ${bytes.slice(-2).join(' ')}`;
}

export interface TraceRecorder {
  /** A hook for one reader's driver. */
  hookFor(reader: string): ApduTraceHook;
  entries(): TraceEntry[];
}

export function createTraceRecorder(options: { hideResponses: boolean }): TraceRecorder {
  const entries: TraceEntry[] = [];
  // Times relative to the first event: a monotonic clock's origin means nothing in a ticket.
  let origin: number | null = null;
  return {
    hookFor(reader) {
      return (event: ApduTraceEvent) => {
        origin ??= event.atMs;
        const hex =
          event.direction === 'command'
            ? redactSecretCommand(event.hex)
            : options.hideResponses
              ? hideResponseData(event.hex)
              : event.hex;
        const entry: TraceEntry = { ...event, hex, atMs: round(event.atMs - origin), reader };
        if (entry.durationMs !== undefined) entry.durationMs = round(entry.durationMs);
        entries.push(entry);
      };
    },
    entries: () => entries.map((e) => ({ ...e })),
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** The trace as lines for the text report: `> ` commands, `< ` answers. */
export function traceLines(entries: TraceEntry[]): string[] {
  return entries.map((e) => {
    const at = e.atMs.toFixed(1).padStart(9);
    if (e.direction === 'command') return `${at} ms  ${e.reader}  > ${e.hex}`;
    const tail = e.failure ? `(${e.failure})` : e.hex;
    const took = e.durationMs !== undefined ? `  [${e.durationMs.toFixed(1)} ms]` : '';
    return `${at} ms  ${e.reader}  < ${tail}${took}`;
  });
}

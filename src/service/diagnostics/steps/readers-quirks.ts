/**
 * Readers whose driver is known to misbehave, from resources/reader-quirks.json (each entry
 * with its public source). Matched on the PC/SC reader name only: nothing is sent to the
 * reader or the card to find out.
 */
import quirks from '../../../../resources/reader-quirks.json' with { type: 'json' };
import { finding, msg } from '../deps';
import type { RawFinding } from '../types';

export interface ReaderQuirk {
  match: string;
  /** readerQuirk.<problem>.cause / .remedy */
  problem: string;
  source: string;
}

export interface ReaderQuirkTable {
  version: number;
  readers: ReaderQuirk[];
}

export const defaultReaderQuirks: ReaderQuirkTable = quirks as ReaderQuirkTable;

export function quirkOf(reader: string, table = defaultReaderQuirks): ReaderQuirk | null {
  const name = reader.toLowerCase();
  return table.readers.find((q) => name.includes(q.match.toLowerCase())) ?? null;
}

export function readerQuirkFindings(readers: string[], table = defaultReaderQuirks): RawFinding[] {
  return readers.flatMap((reader) => {
    const quirk = quirkOf(reader, table);
    if (!quirk) return [];
    return [
      finding('reader.quirk', 'warning', {
        reader,
        title: [msg('readerQuirk.title', { reader })],
        cause: [msg(`readerQuirk.${quirk.problem}.cause`)],
        remedy: [msg(`readerQuirk.${quirk.problem}.remedy`)],
        data: { match: quirk.match, problem: quirk.problem, source: quirk.source },
      }),
    ];
  });
}

import table from '../../resources/atr-table.json' with { type: 'json' };
import type { CardFamily, PinChannel } from '../core/model';
import { fromHex } from './apdu/hex';
import type { ParsedAtr } from './atr';

/** One row of resources/atr-table.json. */
export interface AtrRule {
  family: CardFamily;
  pinChannel: PinChannel;
  atr?: string;
  historicalPrefixAscii?: string;
  historicalLength?: number;
  note?: string;
  source?: string;
}

export interface AtrTable {
  version: number;
  families: AtrRule[];
}

export interface FamilyMatch {
  family: CardFamily;
  pinChannel: PinChannel;
  /** The table row that matched; null for 'unknown'. */
  rule: AtrRule | null;
}

export const defaultAtrTable: AtrTable = table as AtrTable;

function matches(rule: AtrRule, atr: ParsedAtr): boolean {
  if (rule.atr !== undefined) return fromHex(rule.atr).toString('hex').toUpperCase() === atr.hex;
  if (rule.historicalPrefixAscii !== undefined) {
    const prefix = Buffer.from(rule.historicalPrefixAscii, 'latin1');
    const hist = atr.historicalBytes;
    if (rule.historicalLength !== undefined && hist.length !== rule.historicalLength) return false;
    return hist.subarray(0, prefix.length).equals(prefix);
  }
  return false;
}

/**
 * The family an ATR belongs to. Anything the table does not name is 'unknown' with
 * pinChannel 'none': such a card gets read-only functions (card-profile.md §1.4).
 */
export function matchFamily(atr: ParsedAtr, atrTable: AtrTable = defaultAtrTable): FamilyMatch {
  const rule = atr.problem === null ? atrTable.families.find((r) => matches(r, atr)) : undefined;
  if (!rule) return { family: 'unknown', pinChannel: 'none', rule: null };
  return { family: rule.family, pinChannel: rule.pinChannel, rule };
}

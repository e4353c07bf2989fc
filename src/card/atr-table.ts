import table from '../../resources/atr-table.json' with { type: 'json' };
import type { CardFamily, OtherCardKind, PinChannel } from '../core/model';
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
  /** Family `other` only: which card this ATR belongs to (card-profile.md §7). */
  otherCard?: OtherCardKind;
  /** false: other cards share this ATR (a generic chip or OS), so "probably". Default true. */
  certain?: boolean;
}

/**
 * A read-only SELECT of a public AID, sent only to cards whose ATR matched nothing
 * (card-profile.md §7): 9000 says which card it is.
 */
export interface AidProbe {
  otherCard: OtherCardKind;
  /** The SELECT's data field (a DF name), hex; sent as `00 A4 04 00 Lc <aid>`. */
  aid: string;
  /** Le to send (256 = 00), when the published command has one. */
  le?: number;
  note?: string;
  source: string;
}

export interface AtrTable {
  version: number;
  families: AtrRule[];
  aidProbes?: AidProbe[];
}

export interface FamilyMatch {
  family: CardFamily;
  pinChannel: PinChannel;
  /** Family `other`: the card it is instead, told by its ATR. */
  otherCard?: { kind: OtherCardKind; how: 'atr'; certain: boolean };
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
  if (rule.family === 'other' && rule.otherCard) {
    const otherCard = {
      kind: rule.otherCard,
      how: 'atr' as const,
      certain: rule.certain !== false,
    };
    // Whatever the row says, a card that is not a 自然人憑證 gets no PIN command (§7).
    return { family: 'other', pinChannel: 'none', rule, otherCard };
  }
  return { family: rule.family, pinChannel: rule.pinChannel, rule };
}

/**
 * Answers-to-reset the virtual card can present. The byte values of the MOICA gen-1 ATR
 * come from public ATR lists (card-profile.md §2); the others are this project's own.
 */

/** XOR of every byte after TS (ISO/IEC 7816-3 §8.2.5); required whenever T=1 is offered. */
export function atrCheckByte(withoutTck: Buffer): number {
  let x = 0;
  for (let i = 1; i < withoutTck.length; i++) x ^= withoutTck[i]!;
  return x;
}

/**
 * TS 3B (direct convention), T0 8x (TD1 present, x historical bytes), TD1 80 (T=0, TD2
 * present), TD2 01 (T=1), then the historical bytes and TCK.
 */
export function buildAtr(historical: Buffer): Buffer {
  if (historical.length > 15) throw new RangeError('at most 15 historical bytes');
  const head = Buffer.from([0x3b, 0x80 | historical.length, 0x80, 0x01]);
  const body = Buffer.concat([head, historical]);
  return Buffer.concat([body, Buffer.from([atrCheckByte(body)])]);
}

/** Version byte after "CCM-VCARD": bump when the card's behaviour changes incompatibly. */
export const VIRTUAL_CARD_VERSION = 0x01;

/** The virtual family: historical bytes "CCM-VCARD" + version (card-profile.md §2). */
export const VIRTUAL_ATR = buildAtr(
  Buffer.concat([Buffer.from('CCM-VCARD', 'ascii'), Buffer.from([VIRTUAL_CARD_VERSION])]),
);

/** moica-gen1, historical bytes "CHTMOICA" (card-profile.md §2, from public ATR lists). */
export const MOICA_GEN1_ATR = Buffer.from('3BB813008131FA524348544D4F494341A5', 'hex');

/** A card no family claims: historical bytes "OTHERPKI". */
export const OTHER_PKI_ATR = buildAtr(Buffer.from('OTHERPKI', 'ascii'));

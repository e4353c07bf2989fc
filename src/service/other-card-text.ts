/**
 * "這是你的健保卡，不是自然人憑證": the words for a card that is not a 自然人憑證
 * (card-profile.md §7), the same in `citizen-card status`, the diagnosis and the Card
 * screen. Pure: the page imports it too.
 */
import { t, type Lang } from '../core/i18n';
import type { OtherCard } from '../core/model';

export interface OtherCardText {
  /** "This is (probably) your …, not your 自然人憑證." */
  statement: string;
  /** How the app told, in one sentence. */
  how: string;
  remedy: string;
}

export function otherCardText(
  other: OtherCard,
  lang: Lang,
  cardNumber: string | null = null,
): OtherCardText {
  const name = t(lang, `otherCard.name.${other.kind}`);
  return {
    statement: t(lang, other.certain ? 'otherCard.is' : 'otherCard.probably', { name }),
    how: t(lang, `otherCard.how.${other.how}`, { cardNumber: cardNumber ?? '' }),
    remedy: t(lang, other.kind === 'gpki' ? 'otherCard.remedy.gpki' : 'otherCard.remedy'),
  };
}

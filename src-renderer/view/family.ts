import { t, type Lang } from '../../src/core/i18n';
import type { CardFamily, PinChannel } from '../../src/core/model';

export function familyText(family: CardFamily, lang: Lang): string {
  return t(lang, `ui.family.${family}`);
}

export function pinChannelText(channel: PinChannel, lang: Lang): string {
  return t(lang, `ui.pinChannel.${channel}`);
}

/** What a ReadProblem's `item` names, in words ('certificate:SIGN' names one certificate). */
export function readProblemItemText(item: string, lang: Lang): string {
  if (item.startsWith('certificate:')) {
    return t(lang, 'ui.card.problem.certificate', { id: item.slice('certificate:'.length) });
  }
  const key = `ui.card.problem.${item}`;
  const text = t(lang, key);
  return text === key ? item : text;
}

/**
 * The MOICA pages an answer points to, as lines for text output (CLI, diagnostic report);
 * the app shows the same links as buttons.
 */
import { t, type Lang } from '../core/i18n';
import { isMoicaLinkId, moicaLink, type MoicaLinkId } from '../core/moica-links';

/** The link IDs of a data entry; an unknown ID is a data error caught by the tests. */
export function linkIds(ids: readonly string[] | undefined): MoicaLinkId[] {
  return (ids ?? []).filter(isMoicaLinkId);
}

export function linkLine(id: MoicaLinkId, lang: Lang): string {
  const link = moicaLink(id);
  const params = { label: link.label[lang], url: link.url };
  return link.where
    ? t(lang, 'guide.link.lineWhere', { ...params, where: link.where[lang] })
    : t(lang, 'guide.link.line', params);
}

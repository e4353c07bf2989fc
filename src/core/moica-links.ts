/**
 * Where on MOICA's website a citizen does each thing the app advises (extend, renew online,
 * unlock, suspend or resume, look the certificate up, download HiCOS or the web component):
 * one table kept as data with the date it was checked (resources/moica-links.json,
 * docs/sources.md). The UI's buttons, the CLI's lines and the list of sites the app may
 * open all come from it, so a page that moves is changed in one place.
 */
import data from '../../resources/moica-links.json' with { type: 'json' };
import type { Lang } from './i18n';
import type { TaipeiDate } from './calendar';

export type MoicaLinkId = keyof typeof data.links;

export interface MoicaLink {
  id: MoicaLinkId;
  /** An https page on one of `MOICA_SITES`. */
  url: string;
  label: Record<Lang, string>;
  /**
   * The menu path on the site, when no address of the operation's own page could be
   * confirmed and `url` is the home page.
   */
  where: Record<Lang, string> | null;
  /** Where the address was confirmed (for maintainers; docs/sources.md). */
  source: string;
}

/** The day the addresses were last checked. */
export const MOICA_LINKS_AS_OF: TaipeiDate = data.asOf;

/** The sites the app hands to the system browser (the openExternal allow-list). */
export const MOICA_SITES: readonly string[] = Object.freeze([...data.sites]);

const LINKS = data.links as Record<MoicaLinkId, Omit<MoicaLink, 'id'>>;

export function isMoicaLinkId(id: string): id is MoicaLinkId {
  return Object.hasOwn(LINKS, id);
}

export function moicaLink(id: MoicaLinkId): MoicaLink {
  return { id, ...LINKS[id] };
}

export function allMoicaLinks(): MoicaLink[] {
  return (Object.keys(LINKS) as MoicaLinkId[]).map(moicaLink);
}

/**
 * Facts MOICA can change (fees, hotline, hours, default-PIN format), kept as data with the
 * date they were last checked and the MOICA page a citizen can check them on, so every text
 * that uses one can say "as of <date>" and where the latest word is (citizen-rules.md,
 * "Facts that change"). Where each fact was found is the maintainers' business:
 * docs/sources.md.
 */
import factsData from '../../resources/advisor/facts.json' with { type: 'json' };
import { t, type Lang } from '../core/i18n';
import { formatDate, type TaipeiDate } from '../core/calendar';
import { moicaLink, type MoicaLinkId } from '../core/moica-links';

export type FactId = keyof typeof factsData;

export interface Fact {
  id: FactId;
  /** Machine-readable value (a number of NT$, a phone number, opening periods...). */
  value: unknown;
  unit?: string;
  text: Record<Lang, string>;
  rules: string[];
  asOf: TaipeiDate;
  /** The MOICA page that has the current value. */
  link: MoicaLinkId;
}

export const FACTS: Record<FactId, Fact> = Object.fromEntries(
  Object.entries(factsData).map(([id, f]) => [id, { id, ...f } as Fact]),
) as Record<FactId, Fact>;

export function isFactId(id: string): id is FactId {
  return Object.hasOwn(FACTS, id);
}

export function fact(id: FactId): Fact {
  return FACTS[id];
}

/** `{name}` placeholders of a template, in order of appearance. */
function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}

/** The facts a template mentions. */
export function factsIn(template: string): FactId[] {
  return placeholders(template).filter(isFactId);
}

/**
 * Fill a template: facts by their text in `lang`, anything else from `params`.
 * Placeholders with no value are left as they are, so a gap shows instead of vanishing.
 */
export function fill(template: string, lang: Lang, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    if (isFactId(name)) return FACTS[name].text[lang];
    return Object.hasOwn(params, name) ? (params[name] as string) : m;
  });
}

/** "As of" lines for some facts, one per distinct date and page. */
export function asOfLines(ids: Iterable<FactId>, lang: Lang): string[] {
  const lines = new Set<string>();
  for (const id of ids) {
    const f = FACTS[id];
    const link = moicaLink(f.link);
    lines.add(
      t(lang, 'advisor.asOf', {
        date: formatDate(f.asOf, lang),
        site: link.label[lang],
        url: link.url,
      }),
    );
  }
  return [...lines];
}

/** How a list of rule IDs is shown next to advice. */
export function rulesLine(rules: readonly string[], lang: Lang): string {
  return t(lang, 'advisor.rules', { rules: rules.join(t(lang, 'advisor.listSeparator')) });
}

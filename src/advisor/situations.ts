/**
 * Answers for situations beyond expiry (locked PIN, lost card, what to bring...), kept as
 * data in resources/advisor so the UI, the CLI and the diagnostic report say the same thing,
 * and action texts for the advisor's result. Every answer carries its rule IDs and the
 * "as of" date of each changeable fact it mentions.
 */
import actionsData from '../../resources/advisor/actions.json' with { type: 'json' };
import situationsData from '../../resources/advisor/situations.json' with { type: 'json' };
import { AppError } from '../core/errors';
import { t, type Lang } from '../core/i18n';
import type { AdvisorAction, AdvisorResult } from '../core/model';
import { addYears, formatDate } from '../core/calendar';
import { LATE_RENEWAL_YEARS } from './advise';
import { checkRocDate, defaultPinFromRocBirthDate, type RocDate } from './default-pin';
import type { MoicaLinkId } from '../core/moica-links';
import { asOfLines, factsIn, fill, FACTS, rulesLine, type Fact, type FactId } from './facts';
import { linkIds, linkLine } from './links';

type Localized = Record<Lang, string>;

interface SituationData {
  id: string;
  rules: string[];
  title: Localized;
  steps: Record<Lang, string[]>;
  /** MOICA pages where the person does what the steps say (resources/moica-links.json). */
  links?: string[];
}

interface ActionData {
  text: Localized;
  /** Same advice with the result's dates; used only when a result is given. */
  when?: Localized;
  links?: string[];
}

const SITUATIONS = situationsData as SituationData[];
const ACTION_TEXTS = actionsData as Record<string, ActionData>;

export class UnknownAdviceError extends AppError {
  constructor(kind: 'situation' | 'action', id: string) {
    super('not-found', `advisor.error.unknown.${kind}`, { id });
  }
}

export interface FactReference {
  id: FactId;
  asOf: string;
  /** The MOICA page with the current value. */
  link: MoicaLinkId;
}

export interface SituationAnswer {
  id: string;
  title: string;
  steps: string[];
  rules: string[];
  facts: FactReference[];
  /** One "as of <date>" line per distinct date and page; empty if no fact is used. */
  asOf: string[];
  /** Where on MOICA's website to do it. */
  links: MoicaLinkId[];
  /** Title, numbered steps, links, rules and as-of lines, ready to print. */
  text: string;
}

export interface SituationOptions {
  /** For `default-pin`: adds the default computed from this birth date (R-PIN-DEFAULT). */
  rocBirthDate?: RocDate;
}

export function listSituations(): Array<{ id: string; rules: string[]; title: Localized }> {
  return SITUATIONS.map((s) => ({ id: s.id, rules: [...s.rules], title: { ...s.title } }));
}

function factRefs(ids: FactId[]): FactReference[] {
  return ids.map((id) => {
    const f: Fact = FACTS[id];
    return { id, asOf: f.asOf, link: f.link };
  });
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function birthDateStep(date: RocDate, lang: Lang): string {
  checkRocDate(date);
  const gregorian = `${String(date.year + 1911).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
  const pin = defaultPinFromRocBirthDate(date);
  const birth = formatDate(gregorian, lang);
  return pin === null
    ? t(lang, 'advisor.defaultPin.noFormat', { birth })
    : t(lang, 'advisor.defaultPin.computed', { birth, pin });
}

export function situation(id: string, lang: Lang, options: SituationOptions = {}): SituationAnswer {
  const data = SITUATIONS.find((s) => s.id === id);
  if (!data) throw new UnknownAdviceError('situation', id);
  const templates = data.steps[lang];
  const steps = templates.map((s) => fill(s, lang));
  if (id === 'default-pin' && options.rocBirthDate) {
    steps.splice(1, 0, birthDateStep(options.rocBirthDate, lang));
  }
  const used = unique(templates.flatMap(factsIn));
  const asOf = asOfLines(used, lang);
  const title = data.title[lang];
  const links = linkIds(data.links);
  const text = [
    title,
    ...steps.map((s, i) => `${i + 1}. ${s}`),
    ...links.map((l) => linkLine(l, lang)),
    rulesLine(data.rules, lang),
    ...asOf,
  ].join('\n');
  return {
    id,
    title,
    steps,
    rules: [...data.rules],
    facts: factRefs(used),
    asOf,
    links,
    text,
  };
}

/** Dates an action's `when` line may mention, each in both calendars (C-ROC). */
function resultDates(result: AdvisorResult, lang: Lang): Record<string, string> {
  const dates: Record<string, string | undefined> = {
    today: result.today,
    expiresOn: result.expiresOn,
    finalExpiresOn: result.finalExpiresOn,
    extensionFrom: result.windows.extension?.from,
    extensionTo: result.windows.extension?.to,
    renewalFrom: result.windows.onlineRenewal.from,
    renewalTo: result.windows.onlineRenewal.to,
    lateUntil: addYears(result.finalExpiresOn, LATE_RENEWAL_YEARS),
  };
  return Object.fromEntries(
    Object.entries(dates)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([k, v]) => [k, formatDate(v, lang)]),
  );
}

export interface ActionAnswer {
  id: string;
  text: string;
  /** The result's dates for this action; null without a result. */
  when: string | null;
  rules: string[];
  facts: FactReference[];
  asOf: string[];
  links: MoicaLinkId[];
}

export function renderAction(
  action: AdvisorAction,
  lang: Lang,
  result?: AdvisorResult,
): ActionAnswer {
  const data = Object.hasOwn(ACTION_TEXTS, action.id) ? ACTION_TEXTS[action.id] : undefined;
  if (!data) throw new UnknownAdviceError('action', action.id);
  const params = result ? resultDates(result, lang) : {};
  let when: string | null = null;
  if (result && data.when) {
    const filled = fill(data.when[lang], lang, params);
    // A window the result does not have (extension of an extended certificate) leaves a gap.
    when = /\{\w+\}/.test(filled) ? null : filled;
  }
  const used = unique(factsIn(data.text[lang]));
  return {
    id: action.id,
    text: fill(data.text[lang], lang),
    when,
    rules: [...action.rules],
    facts: factRefs(used),
    asOf: asOfLines(used, lang),
    links: linkIds(data.links),
  };
}

/**
 * An action as text: what to do, its dates when a result is given, where on MOICA's site,
 * its rules, "as of" lines.
 */
export function actionText(action: AdvisorAction, lang: Lang, result?: AdvisorResult): string {
  const a = renderAction(action, lang, result);
  return [
    a.text,
    ...(a.when ? [a.when] : []),
    ...a.links.map((l) => linkLine(l, lang)),
    rulesLine(a.rules, lang),
    ...a.asOf,
  ].join('\n');
}

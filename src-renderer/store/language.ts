import { ensureCatalog, isCatalogLoaded, LANGS, type Lang } from '../../src/core/i18n';

/** Only the language choice is ever persisted: never a PIN, a card number or a name. */
export const LANG_STORAGE_KEY = 'citizen-card-manager.lang';

export type LangStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** zh-TW unless the person switched before (the product speaks Traditional Chinese first). */
export function loadLang(storage: LangStorage | null): Lang {
  let saved: string | null = null;
  try {
    saved = storage?.getItem(LANG_STORAGE_KEY) ?? null;
  } catch {
    // Storage can be disabled (private mode, file:// pages): fall back to the default.
  }
  return (LANGS as readonly string[]).includes(saved ?? '') ? (saved as Lang) : 'zh-TW';
}

export function saveLang(storage: LangStorage | null, lang: Lang): void {
  try {
    storage?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Not persisting a language choice is harmless.
  }
}

/** The page's `lang` attribute for each UI language (screen readers pick voices by it). */
export function htmlLang(lang: Lang): string {
  return lang === 'zh-TW' ? 'zh-Hant-TW' : 'en';
}

/**
 * Where the page's messages come from. In the built page each language is fetched when
 * first shown (src-renderer/i18n/catalog-on-demand.ts); tests pass their own.
 */
export interface MessageLoader {
  ensureCatalog(lang: Lang): Promise<void>;
  isCatalogLoaded(lang: Lang): boolean;
}

export const pageMessages: MessageLoader = { ensureCatalog, isCatalogLoaded };

/**
 * The language to open the page in: the saved one once its messages are in, else the first
 * other one that loads, so the first screen never shows bare message keys. Rejects when
 * none loads (the page's own files are gone).
 */
export async function firstLanguage(saved: Lang, messages: MessageLoader): Promise<Lang> {
  let failure: unknown;
  for (const lang of [saved, ...LANGS.filter((l) => l !== saved)]) {
    try {
      await messages.ensureCatalog(lang);
      return lang;
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

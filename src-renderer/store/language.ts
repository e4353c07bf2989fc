import { LANGS, type Lang } from '../../src/core/i18n';

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

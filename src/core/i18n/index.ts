import { AppError, type MessageParams } from '../errors';
import { catalogs, ensureCatalog, isCatalogLoaded, LANGS, type Lang } from './catalog';

export { ensureCatalog, isCatalogLoaded, LANGS, type Lang };

/** Look a message up; `{name}` placeholders are filled from params. Missing keys show the key. */
export function t(lang: Lang, key: string, params: MessageParams = {}): string {
  const text = catalogs[lang][key] ?? catalogs.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

/**
 * Whether every language has `key`. Not for the page: it holds only the languages it has
 * shown (src-renderer/i18n/catalog-on-demand.ts), so ask t() there.
 */
export function hasMessage(key: string): boolean {
  return LANGS.every((lang) => key in catalogs[lang]);
}

/** The message a person sees for any thrown value, in their language. */
export function localizeError(err: unknown, lang: Lang): string {
  if (err instanceof AppError) return t(lang, err.messageKey, err.params);
  const detail = err instanceof Error ? err.message : String(err);
  return t(lang, 'error.internal', { detail });
}

/** zh-TW for any Chinese locale (zh_TW.UTF-8, zh_HK, zh), English for any other. */
export function langFromLocale(locale: string | undefined): Lang {
  // Unset means no preference: the product speaks zh-TW first.
  if (!locale) return 'zh-TW';
  return locale.toLowerCase().startsWith('zh') ? 'zh-TW' : 'en';
}

export function parseLang(value: string): Lang | undefined {
  const v = value.toLowerCase();
  if (v === 'zh-tw' || v === 'zh' || v === 'zh_tw') return 'zh-TW';
  if (v === 'en' || v.startsWith('en-') || v.startsWith('en_')) return 'en';
  return undefined;
}

/**
 * Every language's messages, loaded from the start: what the CLI, the main process and the
 * tests use. The renderer build swaps this module for src-renderer/i18n/catalog-on-demand.ts
 * (an alias in electron.vite.config.ts), which has the same exports but loads a language only
 * when the page is about to show it.
 */
import { messages as en } from './catalog-en';
import { messages as zhTW } from './catalog-zh-TW';
import { LANGS, type Catalog, type Lang } from './langs';

export { LANGS, type Catalog, type Lang };

export const catalogs: Record<Lang, Catalog> = { 'zh-TW': zhTW, en };

/** Resolves once `lang`'s messages are in `catalogs`: here they always are. */
export function ensureCatalog(_lang: Lang): Promise<void> {
  return Promise.resolve();
}

/** Whether `lang`'s messages are in `catalogs` now, so a switch to it need not wait. */
export function isCatalogLoaded(_lang: Lang): boolean {
  return true;
}

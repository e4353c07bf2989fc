/**
 * The renderer build's src/core/i18n/catalog.ts (an alias in electron.vite.config.ts): the
 * same exports, but each language's messages are a chunk of their own, loaded when the page
 * is about to show that language. The page shows one language at a time, and the two
 * together were about a third of what loaded before the first screen (docs/benchmark.md,
 * Renderer size).
 *
 * `catalogs` starts empty and is filled in place, so src/core/i18n's t() sees a language as
 * soon as it is in. The page must not show a language before ensureCatalog() has resolved
 * for it: t() would show keys (src-renderer/main.tsx, and setLang in the card store, wait).
 */
import { LANGS, type Catalog, type Lang } from '../../src/core/i18n/langs';

export { LANGS, type Catalog, type Lang };

export interface CatalogLoader {
  catalogs: Record<Lang, Catalog>;
  ensureCatalog(lang: Lang): Promise<void>;
  isCatalogLoaded(lang: Lang): boolean;
}

/** A loader over `load`, which fetches one language's messages (tests pass their own). */
export function catalogLoader(load: Record<Lang, () => Promise<Catalog>>): CatalogLoader {
  const catalogs = Object.fromEntries(LANGS.map((lang) => [lang, {}])) as Record<Lang, Catalog>;
  const loading = new Map<Lang, Promise<void>>();
  const loaded = new Set<Lang>();

  function ensureCatalog(lang: Lang): Promise<void> {
    let pending = loading.get(lang);
    if (!pending) {
      pending = load[lang]().then(
        (messages) => {
          Object.assign(catalogs[lang], messages);
          loaded.add(lang);
        },
        (error: unknown) => {
          // Forget the failure, so a later switch (the host back, say) tries again.
          loading.delete(lang);
          throw error;
        },
      );
      loading.set(lang, pending);
    }
    return pending;
  }

  return { catalogs, ensureCatalog, isCatalogLoaded: (lang) => loaded.has(lang) };
}

// Each import() is a chunk of its own in the build.
const onDemand = catalogLoader({
  'zh-TW': () => import('../../src/core/i18n/catalog-zh-TW').then((m) => m.messages),
  en: () => import('../../src/core/i18n/catalog-en').then((m) => m.messages),
});

export const { catalogs, ensureCatalog, isCatalogLoaded } = onDemand;

/**
 * The built page's catalogue (src-renderer/i18n/catalog-on-demand.ts, swapped in for
 * src/core/i18n/catalog.ts by the renderer build): a language is fetched once, when first
 * asked for, into the object t() reads; and the page opens in a language whose messages
 * came (src-renderer/store/language.ts).
 */
import { describe, expect, it } from 'vitest';
import * as core from '../../../src/core/i18n/catalog';
import * as onDemand from '../../../src-renderer/i18n/catalog-on-demand';
import { catalogLoader } from '../../../src-renderer/i18n/catalog-on-demand';
import { firstLanguage, type MessageLoader } from '../../../src-renderer/store/language';
import type { Lang } from '../../../src/core/i18n';

function counting(fail: Lang[] = []) {
  const calls: Lang[] = [];
  const load = (lang: Lang) => async () => {
    calls.push(lang);
    if (fail.includes(lang)) throw new Error('host gone');
    return { 'x.hello': `hello in ${lang}` };
  };
  return { calls, loader: catalogLoader({ 'zh-TW': load('zh-TW'), en: load('en') }) };
}

describe('the on-demand catalogue', () => {
  it('starts with every language empty and loads one only when asked, once', async () => {
    const { calls, loader } = counting();
    const enCatalog = loader.catalogs.en;
    expect(loader.catalogs).toEqual({ 'zh-TW': {}, en: {} });
    expect(loader.isCatalogLoaded('en')).toBe(false);

    await Promise.all([loader.ensureCatalog('en'), loader.ensureCatalog('en')]);
    await loader.ensureCatalog('en');
    expect(calls).toEqual(['en']);
    expect(loader.isCatalogLoaded('en')).toBe(true);
    // Filled in place: whoever holds the object (core t()) sees the messages.
    expect(loader.catalogs.en).toBe(enCatalog);
    expect(enCatalog).toEqual({ 'x.hello': 'hello in en' });
    expect(loader.catalogs['zh-TW']).toEqual({});
  });

  it('rejects a failed load and tries again on the next request', async () => {
    const { calls, loader } = counting(['en']);
    await expect(loader.ensureCatalog('en')).rejects.toThrow('host gone');
    expect(loader.isCatalogLoaded('en')).toBe(false);
    await expect(loader.ensureCatalog('en')).rejects.toThrow('host gone');
    expect(calls).toEqual(['en', 'en']);
  });

  it('imports each language’s own module, the same messages the core has', async () => {
    expect(onDemand.LANGS).toEqual(core.LANGS);
    expect(onDemand.catalogs.en).toEqual({});
    await onDemand.ensureCatalog('en');
    expect(onDemand.isCatalogLoaded('en')).toBe(true);
    expect(onDemand.catalogs.en).toEqual(core.catalogs.en);
    expect(onDemand.catalogs['zh-TW']).toEqual({});
  });
});

describe('the first language', () => {
  it('is the saved one once its messages are in, else the first other one that loads', async () => {
    const ok = counting();
    await expect(firstLanguage('en', ok.loader)).resolves.toBe('en');
    expect(ok.calls).toEqual(['en']);

    const noEnglish = counting(['en']);
    await expect(firstLanguage('en', noEnglish.loader)).resolves.toBe('zh-TW');

    const nothing: MessageLoader = counting(['en', 'zh-TW']).loader;
    await expect(firstLanguage('zh-TW', nothing)).rejects.toThrow('host gone');
  });
});

import { describe, expect, it } from 'vitest';
import { catalogs } from '../../../src/core/i18n/catalog';
import { langFromLocale, localizeError, t } from '../../../src/core/i18n';
import { WrongSecretError } from '../../../src/core/errors';

describe('locale catalogues', () => {
  it('have the same keys in zh-TW and English, none empty', () => {
    const zh = Object.keys(catalogs['zh-TW']).sort();
    const en = Object.keys(catalogs.en).sort();
    expect(zh).toEqual(en);
    for (const lang of ['zh-TW', 'en'] as const) {
      for (const [key, text] of Object.entries(catalogs[lang])) {
        expect(text.trim(), `${lang} ${key}`).not.toBe('');
      }
    }
  });

  it('fill placeholders and translate typed errors', () => {
    expect(localizeError(new WrongSecretError('pin', 2), 'en')).toBe('Wrong PIN - 2 tries left.');
    expect(localizeError(new WrongSecretError('pin', 2), 'zh-TW')).toContain('還剩 2 次');
    expect(t('en', 'no.such.key')).toBe('no.such.key');
  });

  it('follow the locale: Chinese locales get zh-TW, others English', () => {
    expect(langFromLocale('zh_TW.UTF-8')).toBe('zh-TW');
    expect(langFromLocale('en_US.UTF-8')).toBe('en');
    expect(langFromLocale('C.UTF-8')).toBe('en');
  });
});

import { LANGS } from '../../src/core/i18n';
import { useActions, useT } from '../store/use-card';

const NAMES = { 'zh-TW': '中文', en: 'English' } as const;

export function LanguageSwitch() {
  const { lang, tr } = useT();
  const { setLang } = useActions();
  return (
    <div className="lang-switch" role="group" aria-label={tr('ui.lang.label')}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l === 'zh-TW' ? 'zh-Hant-TW' : 'en'}
          aria-pressed={lang === l}
          onClick={() => void setLang(l)}
        >
          {NAMES[l]}
        </button>
      ))}
    </div>
  );
}

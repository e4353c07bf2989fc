import { useEffect, type ComponentType } from 'react';
import { t } from '../src/core/i18n';
import { AdviceBanner } from './components/AdviceBanner';
import { DemoBanner } from './components/live/DemoBanner';
import { DisconnectedPage } from './components/live/DisconnectedPage';
import { LanguageSwitch } from './components/LanguageSwitch';
import { LiveNotice } from './components/LiveNotice';
import { Logo } from './components/Logo';
import { NavTabs, PANEL_ID, tabId } from './components/NavTabs';
import { ReaderPicker } from './components/ReaderPicker';
import { ReminderNotice } from './components/ReminderNotice';
import { CardScreen } from './screens/CardScreen';
import { CertificatesScreen } from './screens/CertificatesScreen';
import { DiagnoseScreen } from './screens/DiagnoseScreen';
import { ExpiryScreen } from './screens/ExpiryScreen';
import { HelpScreen } from './screens/HelpScreen';
import { KnownCardsScreen } from './screens/KnownCardsScreen';
import { PinScreen } from './screens/PinScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { htmlLang } from './store/language';
import type { Screen } from './store/card-store';
import { useCard, useT } from './store/use-card';
import { isDemo } from './view/card-view';

const SCREEN_VIEWS: Record<Screen, ComponentType> = {
  card: CardScreen,
  pin: PinScreen,
  certs: CertificatesScreen,
  expiry: ExpiryScreen,
  cards: KnownCardsScreen,
  help: HelpScreen,
  diagnose: DiagnoseScreen,
  settings: SettingsScreen,
};

function DemoBadge() {
  const demo = useCard((s) => isDemo(s));
  const scenario = useCard((s) => s.info?.demoScenario ?? null);
  const { tr } = useT();
  if (!demo) return null;
  return (
    <span
      className="badge badge-demo"
      title={scenario ? tr('ui.demo.scenario', { scenario }) : tr('ui.demo.virtual')}
      data-testid="demo-badge"
    >
      {tr('ui.demo.badge')}
    </span>
  );
}

export function App() {
  const screen = useCard((s) => s.screen);
  const info = useCard((s) => s.info);
  const host = useCard((s) => s.host);
  const { lang, tr } = useT();

  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
    document.title = t(lang, 'ui.app.title');
  }, [lang]);

  const View = SCREEN_VIEWS[screen];
  return (
    <div className="app">
      <a className="skip-link" href={`#${PANEL_ID}`}>
        {tr('ui.skipToContent')}
      </a>
      <header className="app-header">
        <Logo />
        <h1>{tr('ui.app.title')}</h1>
        <DemoBadge />
        <div className="header-tools">
          {host !== 'disconnected' && <ReaderPicker />}
          <LanguageSwitch />
        </div>
      </header>
      {host === 'disconnected' ? (
        <DisconnectedPage />
      ) : (
        <>
          <DemoBanner />
          <AdviceBanner />
          <ReminderNotice />
          <div className="layout">
            <nav className="side-nav" aria-label={tr('ui.nav.label')}>
              <NavTabs />
            </nav>
            <main className="screen">
              <div id={PANEL_ID} role="tabpanel" aria-labelledby={tabId(screen)} tabIndex={-1}>
                <View />
              </div>
            </main>
          </div>
        </>
      )}
      <LiveNotice />
      <footer className="app-footer">
        {info &&
          tr('ui.footer', { version: info.version, runtime: tr(`ui.runtime.${info.runtime}`) })}
      </footer>
    </div>
  );
}

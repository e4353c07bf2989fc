import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getBridgeConnection, getCardApi } from './api/get-api';
import { createCardStore } from './store/card-store';
import { createKnownCardsStore, KnownCardsStoreContext } from './store/known-cards-store';
import { firstLanguage, loadLang, pageMessages } from './store/language';
import { CardStoreContext } from './store/use-card';
import { downloadBase64 } from './view/download';
import './app.css';

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const storage = safeLocalStorage();
const saved = loadLang(storage);
const store = createCardStore({
  api: getCardApi(),
  storage,
  download: downloadBase64,
  connection: getBridgeConnection(),
});

const knownCards = createKnownCardsStore({ api: getCardApi(), download: downloadBase64 });

/** The page, once the messages of its first language are in: t() would show bare keys. */
function show(): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <CardStoreContext.Provider value={store}>
        <KnownCardsStoreContext.Provider value={knownCards}>
          <App />
        </KnownCardsStoreContext.Provider>
      </CardStoreContext.Provider>
    </StrictMode>,
  );
  void store.getState().start();
}

firstLanguage(saved, pageMessages).then(
  (lang) => {
    if (lang !== saved) store.setState({ lang });
    show();
  },
  // No language came (the host stopped that very instant): a page of keys beats a blank one.
  show,
);

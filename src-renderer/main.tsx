import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getBridgeConnection, getCardApi } from './api/get-api';
import { createCardStore } from './store/card-store';
import { createKnownCardsStore, KnownCardsStoreContext } from './store/known-cards-store';
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

const store = createCardStore({
  api: getCardApi(),
  storage: safeLocalStorage(),
  download: downloadBase64,
  connection: getBridgeConnection(),
});

const knownCards = createKnownCardsStore({ api: getCardApi(), download: downloadBase64 });

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

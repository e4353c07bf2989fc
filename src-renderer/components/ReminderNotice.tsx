import { useEffect, useState } from 'react';
import { reminderText } from '../../src/service/known-cards/reminder-text';
import { useProvidedKnownCards, useProvidedKnownCardsStore } from '../store/known-cards-store';
import { useActions, useCard, useT } from '../store/use-card';

/**
 * In the browser there are no system notifications: reminders due today for remembered cards
 * (window open, closing within 14 days, passed) are shown here once the page opens. The
 * desktop app shows them as system notifications instead (src-main/electron/reminders.ts).
 */
export function ReminderNotice() {
  const runtime = useCard((s) => s.info?.runtime ?? null);
  // My cards shows the same, card by card: no notice on top of it.
  const onCards = useCard((s) => s.screen === 'cards');
  // Only the page's own store: a screen rendered alone (tests) has no notice.
  const store = useProvidedKnownCardsStore();
  const view = useProvidedKnownCards(store, (s) => s.view, null);
  const { setScreen } = useActions();
  const { lang, tr } = useT();
  const [dismissed, setDismissed] = useState(false);
  const inBrowser = runtime === 'browser';
  useEffect(() => {
    if (inBrowser && store) void store.getState().load();
  }, [inBrowser, store]);
  if (!inBrowser || dismissed || onCards || !view) return null;
  const due = view.cards.flatMap((card) => reminderText(card, lang) ?? []);
  if (due.length === 0) return null;
  return (
    <aside
      className="message reminder-notice"
      role="status"
      aria-labelledby="reminder-notice-title"
      data-testid="reminder-notice"
    >
      <strong id="reminder-notice-title">{tr('knownCards.notify.title')}</strong>
      <ul>
        {due.map((r, i) => (
          <li key={i}>{r.body}</li>
        ))}
      </ul>
      <p className="hint">{tr('knownCards.ui.reminderBrowser')}</p>
      <button type="button" onClick={() => setScreen('cards')}>
        {tr('knownCards.ui.openCards')}
      </button>{' '}
      <button type="button" onClick={() => setDismissed(true)}>
        {tr('knownCards.ui.dismiss')}
      </button>
    </aside>
  );
}

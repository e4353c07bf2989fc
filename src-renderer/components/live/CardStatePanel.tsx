import { useActions, useCard, useT } from '../../store/use-card';
import type { CardViewState } from '../../view/card-view';
import { pcscRemedyKey } from '../../view/live-text';
import './live.css';

/** The message of each state without card data (docs/app.md "Card states"). */
const STATE_TEXT: Partial<Record<CardViewState, string>> = {
  starting: 'live.state.starting',
  'no-reader': 'ui.card.state.noReader',
  'no-card': 'ui.card.state.noCard',
  removed: 'live.state.removed',
  mute: 'ui.card.state.mute',
  reading: 'live.state.reading',
  'unknown-card': 'live.state.unknownCard',
};

/** Where there is no card to show, the demo card is offered: never instead of a card. */
const DEMO_OFFERED: ReadonlySet<CardViewState> = new Set<CardViewState>([
  'pcsc-down',
  'no-reader',
  'no-card',
  'removed',
]);

/** "Try the demo card": shown only where there is nothing real to look at. */
export function TryDemoButton() {
  const { tryDemo } = useActions();
  const busy = useCard((s) => s.switchBusy);
  const { tr } = useT();
  return (
    <p className="try-demo">
      <button type="button" disabled={busy} onClick={() => void tryDemo()} data-testid="try-demo">
        {tr('live.demo.try')}
      </button>{' '}
      <span className="muted">{tr('live.demo.tryHint')}</span>
    </p>
  );
}

/**
 * What the card screen says while it has no card to show, or about the card it shows: the
 * smart-card service missing (with the remedy for this computer's system), no reader, an
 * empty reader, a card just pulled out, being read, mute or not recognised. Every state
 * changes by itself as the service, readers and cards come and go.
 */
export function CardStatePanel({ view }: { view: CardViewState }) {
  const reader = useCard((s) => s.selectedReader ?? '');
  const platform = useCard((s) => s.info?.platform ?? '');
  const demo = useCard((s) => !!s.info?.demoScenario);
  const { refreshReaders } = useActions();
  const { tr } = useT();

  if (view === 'ready' || view === 'error') return null;
  const busy = view === 'starting' || view === 'reading';
  const tone = view === 'pcsc-down' || view === 'unknown-card' ? 'message-warning' : '';
  return (
    <div
      className={`message message-empty live-state ${tone}`}
      data-testid="card-state"
      data-state={view}
      role={view === 'pcsc-down' ? 'alert' : undefined}
      aria-busy={busy || undefined}
    >
      {view === 'pcsc-down' ? (
        <>
          <p className="live-state-title">{tr('live.state.pcscDown.title')}</p>
          <p data-testid="pcsc-remedy">{tr(pcscRemedyKey(platform))}</p>
          <p className="muted">{tr('live.state.pcscDown.auto')}</p>
        </>
      ) : (
        <p>{tr(STATE_TEXT[view]!, { reader })}</p>
      )}
      {(view === 'pcsc-down' || view === 'no-reader') && (
        <button type="button" onClick={() => void refreshReaders()}>
          {tr('ui.action.retry')}
        </button>
      )}
      {DEMO_OFFERED.has(view) && !demo && <TryDemoButton />}
    </div>
  );
}

import { useEffect, useState } from 'react';
import type { MessageParams } from '../../src/core/errors';
import type { Lang } from '../../src/core/i18n';
import type { KnownCardView, RevealedCard } from '../../src/service/contract';
import { useKnownCards } from '../store/known-cards-store';
import { useActions, useCard, useT } from '../store/use-card';
import { dateText, daysLeftText, instantText } from '../view/dates';
import './known-cards.css';

function windowText(card: KnownCardView, lang: Lang, tr: (k: string, p?: MessageParams) => string) {
  const w = card.nextWindow;
  if (!w) return tr('knownCards.ui.noWindow');
  const state =
    w.state === 'upcoming'
      ? tr('knownCards.window.opensIn', { days: w.daysToOpen })
      : w.state === 'passed'
        ? tr('knownCards.window.passed')
        : w.daysToClose === 0
          ? tr('knownCards.window.closesToday')
          : tr('knownCards.window.closesIn', { days: w.daysToClose });
  return tr('knownCards.ui.windowLine', {
    window: tr(`advisor.window.${w.kind}`),
    from: dateText(w.from, lang),
    to: dateText(w.to, lang),
    state,
  });
}

function KnownCardItem({
  card,
  index,
  revealed,
}: {
  card: KnownCardView;
  index: number;
  revealed: RevealedCard | undefined;
}) {
  const { lang, tr } = useT();
  const busy = useKnownCards((s) => s.busy);
  const reveal = useKnownCards((s) => s.reveal);
  const hide = useKnownCards((s) => s.hide);
  const forget = useKnownCards((s) => s.forget);
  const titleId = `known-card-${index}-title`;
  const number = revealed?.cardNumber ?? card.cardNumber;
  const holder = revealed ? revealed.holderName : card.holderName;
  return (
    <li
      className={`known-card urgency-${card.urgency}`}
      aria-labelledby={titleId}
      data-testid={`known-card-${index}`}
      data-urgency={card.urgency}
    >
      <div className="known-card-head">
        <h3 id={titleId}>
          <span className="mono" data-testid={`known-card-${index}-number`}>
            {number}
          </span>{' '}
          <span data-testid={`known-card-${index}-holder`}>
            {holder ?? tr('knownCards.noHolder')}
          </span>
        </h3>
        {card.family === 'virtual' && (
          <span className="badge badge-demo">{tr('ui.demo.badge')}</span>
        )}
        <span className={`badge urgency-badge urgency-${card.urgency}`}>
          {tr(`knownCards.urgency.${card.urgency}`)}
        </span>
        <button
          type="button"
          className="link-button"
          aria-pressed={!!revealed}
          onClick={() => (revealed ? hide(card.id) : void reveal(card.id))}
          data-testid={`known-card-${index}-reveal`}
        >
          {tr(revealed ? 'knownCards.ui.hide' : 'knownCards.ui.show')}
        </button>
      </div>
      <dl className="facts">
        <dt>{tr('knownCards.ui.expires')}</dt>
        <dd data-testid={`known-card-${index}-expires`}>
          {card.expiresOn && card.daysLeft !== null
            ? tr('knownCards.ui.expiresLine', {
                date: card.notAfter
                  ? instantText(card.notAfter, lang)
                  : dateText(card.expiresOn, lang),
                left: daysLeftText(card.daysLeft, lang),
              })
            : tr('knownCards.urgency.unknown')}
        </dd>
        <dt>{tr('knownCards.ui.status')}</dt>
        <dd data-testid={`known-card-${index}-status`}>
          {card.status ? tr(`advisor.status.${card.status}`) : tr('knownCards.urgency.unknown')}
        </dd>
        <dt>{tr('knownCards.ui.window')}</dt>
        <dd data-testid={`known-card-${index}-window`}>{windowText(card, lang, tr)}</dd>
        <dt>{tr('knownCards.ui.lastSeen')}</dt>
        <dd>{instantText(card.lastSeen, lang, true)}</dd>
      </dl>
      <button
        type="button"
        disabled={busy}
        onClick={() => void forget(card.id)}
        data-testid={`known-card-${index}-forget`}
      >
        {tr('knownCards.ui.forget')}
      </button>
    </li>
  );
}

/** The `rememberCards` setting, the same switch as on the Settings screen. */
function RememberSwitch() {
  const { tr } = useT();
  const settings = useCard((s) => s.settings);
  const { changeSettings } = useActions();
  return (
    <div className="panel known-intro">
      <label className="checkbox">
        <input
          type="checkbox"
          role="switch"
          checked={settings?.rememberCards ?? false}
          disabled={!settings}
          onChange={(e) => void changeSettings({ rememberCards: e.target.checked })}
          data-testid="remember-switch"
        />
        <span>{tr('knownCards.ui.switch')}</span>
      </label>
      <p className="hint">{tr('knownCards.ui.switchHelp')}</p>
      <p className="hint" data-testid="known-cards-privacy">
        {tr('knownCards.ui.privacy')}
      </p>
    </div>
  );
}

function ForgetAll({ count }: { count: number }) {
  const { tr } = useT();
  const [confirming, setConfirming] = useState(false);
  const busy = useKnownCards((s) => s.busy);
  const forgetAll = useKnownCards((s) => s.forgetAll);
  if (!confirming) {
    return (
      <button
        type="button"
        disabled={busy}
        onClick={() => setConfirming(true)}
        data-testid="forget-all"
      >
        {tr('knownCards.ui.forgetAll')}
      </button>
    );
  }
  return (
    <div className="message message-error" role="alertdialog" aria-labelledby="forget-all-q">
      <p id="forget-all-q">{tr('knownCards.ui.forgetAllConfirm', { count })}</p>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setConfirming(false);
          void forgetAll();
        }}
        data-testid="forget-all-confirm"
      >
        {tr('knownCards.ui.forgetAllYes')}
      </button>{' '}
      <button type="button" onClick={() => setConfirming(false)}>
        {tr('knownCards.ui.cancel')}
      </button>
    </div>
  );
}

export function KnownCardsScreen() {
  const { lang, tr } = useT();
  const view = useKnownCards((s) => s.view);
  const error = useKnownCards((s) => s.error);
  const revealed = useKnownCards((s) => s.revealed);
  const outcome = useKnownCards((s) => s.outcome);
  const busy = useKnownCards((s) => s.busy);
  const load = useKnownCards((s) => s.load);
  const calendar = useKnownCards((s) => s.calendar);
  const remembering = useCard((s) => s.settings?.rememberCards ?? false);
  // A card read while this screen is open may just have been remembered.
  const readCard = useCard((s) => (s.status ? `${s.status.cardNumber}` : null));
  useEffect(() => {
    void load();
  }, [load, readCard]);

  const cards = view?.cards ?? [];
  return (
    <section aria-labelledby="known-cards-title" aria-busy={view === null}>
      <h2 id="known-cards-title">{tr('knownCards.ui.title')}</h2>
      <RememberSwitch />
      {error && (
        <p className="message message-error" role="alert">
          {tr(error.messageKey, error.params)}
        </p>
      )}
      {view?.error && (
        <p className="message message-error" role="alert" data-testid="known-cards-error">
          {tr(view.error.messageKey, view.error.params)}
        </p>
      )}
      {view?.problem && (
        <p className="message message-error" role="alert" data-testid="known-cards-problem">
          {tr('knownCards.problem', {
            reason: tr(`knownCards.damaged.${view.problem.reason}`),
            movedTo: view.problem.movedTo,
            kept: view.problem.kept,
            dropped: view.problem.dropped,
          })}
        </p>
      )}
      {outcome && (
        <p
          className={`message ${outcome.ok ? 'message-ok' : 'message-error'}`}
          role="status"
          data-testid="known-cards-outcome"
        >
          {tr(outcome.key, outcome.params)}
        </p>
      )}
      {view && cards.length === 0 && (
        <p className="message message-empty" data-testid="known-cards-empty">
          {tr(remembering ? 'knownCards.ui.empty.on' : 'knownCards.ui.empty.off')}
        </p>
      )}
      {cards.length > 0 && (
        <>
          <p className="muted">{tr('knownCards.ui.sorted', { count: cards.length })}</p>
          <ul className="known-cards" data-testid="known-cards">
            {cards.map((card, i) => (
              <KnownCardItem key={card.id} card={card} index={i} revealed={revealed[card.id]} />
            ))}
          </ul>
          <div className="known-actions panel" data-testid="known-cards-actions">
            <div>
              <button
                type="button"
                disabled={busy}
                onClick={() => void calendar(lang)}
                data-testid="add-to-calendar"
              >
                {tr('knownCards.ui.calendar')}
              </button>
              <p className="hint">{tr('knownCards.ui.calendarHelp')}</p>
            </div>
            <ForgetAll count={cards.length} />
          </div>
        </>
      )}
    </section>
  );
}

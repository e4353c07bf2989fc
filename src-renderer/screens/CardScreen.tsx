import type { CardStatusView } from '../../src/service/contract';
import { IssuerStatus } from '../components/IssuerStatus';
import { CardStatePanel } from '../components/live/CardStatePanel';
import { TriesBadge } from '../components/TriesBadge';
import { useActions, useCard, useT } from '../store/use-card';
import { cardViewState } from '../view/card-view';
import { familyText, pinChannelText, readProblemItemText } from '../view/family';
import { OtherCardNotice } from './card/OtherCardNotice';

function UnknownCardReport({ status }: { status: CardStatusView }) {
  const { tr } = useT();
  const report = [
    `reader: ${status.reader}`,
    `atr: ${status.atr}`,
    `family: ${status.family}`,
    `pinChannel: ${status.pinChannel}`,
  ].join('\n');
  return (
    <section className="panel" aria-labelledby="unknown-card-title">
      <h3 id="unknown-card-title">{tr('ui.card.unknown.title')}</h3>
      <p>{tr('ui.card.unknown.body')}</p>
      <label className="report">
        <span>{tr('ui.card.unknown.report')}</span>
        <textarea readOnly rows={4} value={report} data-testid="unknown-card-report" />
      </label>
      <button
        type="button"
        onClick={() => void navigator.clipboard?.writeText(report).catch(() => undefined)}
      >
        {tr('ui.action.copy')}
      </button>
    </section>
  );
}

function CardDetails({ status }: { status: CardStatusView }) {
  const { lang, tr } = useT();
  const notAvailable = tr('ui.value.none');
  return (
    <>
      <OtherCardNotice status={status} />
      <dl className="facts panel" data-testid="card-facts">
        <dt>{tr('ui.card.reader')}</dt>
        <dd data-testid="card-reader">{status.reader}</dd>
        <dt>{tr('ui.card.presence')}</dt>
        <dd data-testid="card-presence">{tr('ui.card.present')}</dd>
        <dt>{tr('ui.card.family')}</dt>
        <dd data-testid="card-family">{familyText(status.family, lang)}</dd>
        <dt>{tr('ui.card.number')}</dt>
        <dd data-testid="card-number" className="mono">
          {status.cardNumber ?? notAvailable}
        </dd>
        <dt>{tr('ui.card.holder')}</dt>
        <dd data-testid="card-holder">{status.holderName ?? notAvailable}</dd>
        <dt>{tr('ui.card.pinTries')}</dt>
        <dd>
          <TriesBadge status={status.pin} secret="pin" testId="pin-tries" />
        </dd>
        <dt>{tr('ui.card.userCodeTries')}</dt>
        <dd>
          <TriesBadge status={status.userCode} secret="userCode" testId="user-code-tries" />
        </dd>
        <dt>{tr('ui.card.pinChannel')}</dt>
        <dd>{pinChannelText(status.pinChannel, lang)}</dd>
        <dt>{tr('ui.card.osVersion')}</dt>
        <dd className="mono">{status.osVersion ?? notAvailable}</dd>
        <dt>{tr('ui.card.atr')}</dt>
        <dd className="mono break">{status.atr}</dd>
      </dl>
      <IssuerStatus />
      {status.problems && status.problems.length > 0 && (
        <section className="message message-error" aria-labelledby="read-problems-title">
          <h3 id="read-problems-title">{tr('ui.card.problem.title')}</h3>
          <ul data-testid="read-problems">
            {status.problems.map((p) => (
              <li key={p.item}>
                {readProblemItemText(p.item, lang)}: {tr(p.messageKey, p.params)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {status.family === 'unknown' && <UnknownCardReport status={status} />}
    </>
  );
}

export function CardScreen() {
  const state = useCard((s) => s);
  const { refreshStatus } = useActions();
  const { tr } = useT();
  const view = cardViewState(state);

  return (
    <section aria-labelledby="card-title" aria-busy={view === 'starting' || view === 'reading'}>
      <h2 id="card-title">{tr('ui.card.title')}</h2>
      <CardStatePanel view={view} />
      {view === 'error' && state.error && (
        <div className="message message-error" role="alert" data-testid="card-state">
          <p>{tr(state.error.messageKey, state.error.params)}</p>
          <button type="button" onClick={() => void refreshStatus()}>
            {tr('ui.action.retry')}
          </button>
        </div>
      )}
      {(view === 'ready' || view === 'unknown-card') && state.status && (
        <CardDetails status={state.status} />
      )}
    </section>
  );
}

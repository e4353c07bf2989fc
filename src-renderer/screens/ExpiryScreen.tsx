import { IssuerStatus } from '../components/IssuerStatus';
import { TimelineBar } from '../components/TimelineBar';
import { statusKey } from '../../src/advisor/revocation-text';
import { useActions, useCard, useT } from '../store/use-card';
import { AsOf } from '../components/AsOf';
import { MoicaLinks } from '../components/MoicaLinks';
import { RichText } from '../components/RichText';
import { actionAnswer } from '../view/advice-text';
import { dateText, daysLeftText, hasExactTime, instantText } from '../view/dates';
import { holderCertificate } from '../../src/certs/holder';

type KindChoice = 'auto' | 'original' | 'extended';

function ExtendedToggle() {
  const stated = useCard((s) => s.extendedStated);
  const advice = useCard((s) => s.advice);
  const loading = useCard((s) => s.adviceLoading);
  const { setExtended } = useActions();
  const { tr } = useT();
  if (!advice) return null;
  const current: KindChoice = stated === null ? 'auto' : stated ? 'extended' : 'original';
  const choose = (c: KindChoice) => void setExtended(c === 'auto' ? null : c === 'extended');
  const inference = tr(
    `ui.expiry.kind.${advice.extended ? 'extended' : 'original'}.${advice.extendedSource}`,
  );
  return (
    <fieldset className="panel kind-toggle" aria-busy={loading} data-testid="extended-toggle">
      <legend>{tr('ui.expiry.kind.legend')}</legend>
      <p data-testid="extended-inference">{inference}</p>
      {(['auto', 'original', 'extended'] as const).map((c) => (
        <label key={c} className="radio">
          <input
            type="radio"
            name="certificate-kind"
            value={c}
            checked={current === c}
            onChange={() => choose(c)}
          />
          <span>{tr(`ui.expiry.kind.choice.${c}`)}</span>
        </label>
      ))}
      <p className="hint">{tr('ui.expiry.kind.why')}</p>
    </fieldset>
  );
}

export function ExpiryScreen() {
  const advice = useCard((s) => s.advice);
  const status = useCard((s) => s.status);
  const adviceError = useCard((s) => s.adviceError);
  const { lang, tr } = useT();

  if (!status) {
    return (
      <section aria-labelledby="expiry-title">
        <h2 id="expiry-title">{tr('ui.expiry.title')}</h2>
        <p className="message message-empty">{tr('ui.expiry.noCard')}</p>
      </section>
    );
  }
  // The certificate the advice is about (never a CA's), as the backend chose it.
  const holder = holderCertificate(status.certificates);

  return (
    <section aria-labelledby="expiry-title">
      <h2 id="expiry-title">{tr('ui.expiry.title')}</h2>
      {adviceError && (
        <p className="message message-error" role="alert">
          {tr(adviceError.messageKey, adviceError.params)}
        </p>
      )}
      {!advice && <p className="message message-empty">{tr('ui.expiry.noAdvice')}</p>}
      {advice && (
        <>
          <div className="expiry-summary panel">
            <p className={`days-left status-${advice.status}`} data-testid="days-left">
              {daysLeftText(advice.daysLeft, lang)}
            </p>
            <p className="status-meaning" data-testid="advice-status">
              {tr(`ui.expiry.status.${statusKey(advice)}`)}
            </p>
            <dl className="facts">
              <dt>{tr('ui.expiry.expiresOn')}</dt>
              <dd data-testid="expires-on">{dateText(advice.expiresOn, lang)}</dd>
              {holder && hasExactTime(holder.notAfter) && (
                <>
                  <dt>{tr('ui.expiry.exactTime')}</dt>
                  <dd data-testid="expires-at">{instantText(holder.notAfter, lang)}</dd>
                </>
              )}
              <dt>{tr('ui.expiry.finalExpiresOn')}</dt>
              <dd data-testid="final-expires-on">{dateText(advice.finalExpiresOn, lang)}</dd>
              <dt>{tr('ui.expiry.today')}</dt>
              <dd>{dateText(advice.today, lang)}</dd>
            </dl>
          </div>
          <IssuerStatus testId="expiry-issuer-status" />
          <TimelineBar advice={advice} />
          <ExtendedToggle />
          <section className="panel" aria-labelledby="next-steps-title">
            <h3 id="next-steps-title">{tr('ui.expiry.nextSteps')}</h3>
            <ol className="actions-list" data-testid="advice-actions">
              {advice.actions.map((a) => {
                const answer = actionAnswer(a, lang, advice);
                return (
                  <li key={a.id} data-action={a.id}>
                    <p>
                      <RichText text={answer?.text ?? a.id} />
                    </p>
                    {answer?.when && (
                      <p className="advice-when">
                        <RichText text={answer.when} />
                      </p>
                    )}
                    {answer && <MoicaLinks ids={answer.links} />}
                    {answer && <AsOf facts={answer.facts} />}
                    <p className="rules">{tr('ui.rules', { rules: a.rules.join(' · ') })}</p>
                  </li>
                );
              })}
            </ol>
          </section>
        </>
      )}
    </section>
  );
}

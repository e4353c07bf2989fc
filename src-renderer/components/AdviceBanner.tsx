import { useActions, useCard, useT } from '../store/use-card';
import { actionAnswer } from '../view/advice-text';
import { advicePrompt, headlineKey } from '../view/advice-prompt';

/**
 * The advisor's next step on every screen while a window is open or the certificate is
 * expired, so nobody misses an extension or renewal deadline.
 */
export function AdviceBanner() {
  const advice = useCard((s) => s.advice);
  const screen = useCard((s) => s.screen);
  const { setScreen } = useActions();
  const { lang, tr } = useT();
  const prompt = advicePrompt(advice);
  if (!advice || !prompt) return null;
  const first = advice.actions[0];
  const answer = first ? actionAnswer(first, lang, advice) : null;
  return (
    <section
      className={`advice-banner advice-${prompt.urgency}`}
      role={prompt.urgency}
      aria-labelledby="advice-banner-title"
      data-testid="advice-banner"
    >
      <h2 id="advice-banner-title">
        {tr(headlineKey(prompt.status, advice.daysLeft), { days: Math.abs(advice.daysLeft) })}
      </h2>
      {answer && <p>{answer.text}</p>}
      {answer?.when && <p className="advice-when">{answer.when}</p>}
      {screen !== 'expiry' && (
        <button type="button" className="banner-button" onClick={() => setScreen('expiry')}>
          {tr('ui.advice.details')}
        </button>
      )}
    </section>
  );
}

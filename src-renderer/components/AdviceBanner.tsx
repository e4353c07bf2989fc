import { useState } from 'react';
import { useActions, useCard, useT } from '../store/use-card';
import { actionAnswer } from '../view/advice-text';
import { advicePrompt, headlineKey } from '../view/advice-prompt';
import { pageStorage, readFold, saveFold } from '../view/banner-fold';
import { MoicaLinkButton } from './MoicaLinks';

/**
 * The advisor's next step on every screen while a window is open or the certificate is
 * expired, so nobody misses an extension or renewal deadline: the deadline in one line,
 * the button that does it on MOICA's site, and the way to the details. The person can fold
 * it to its headline; it stays folded for the same advice.
 */
export function AdviceBanner() {
  const advice = useCard((s) => s.advice);
  const screen = useCard((s) => s.screen);
  const { setScreen } = useActions();
  const { lang, tr } = useT();
  const [foldedFor, setFoldedFor] = useState(() => readFold(pageStorage()));
  const prompt = advicePrompt(advice);
  if (!advice || !prompt) return null;
  const first = advice.actions[0];
  const link = first ? actionAnswer(first, lang, advice)?.links[0] : undefined;
  const folded = foldedFor === prompt.status;
  const toggle = () => {
    const next = folded ? '' : prompt.status;
    saveFold(pageStorage(), next);
    setFoldedFor(next);
  };
  return (
    <section
      className={`advice-banner advice-${prompt.urgency}${folded ? ' folded' : ''}`}
      role={prompt.urgency}
      aria-labelledby="advice-banner-title"
      data-testid="advice-banner"
    >
      <h2 id="advice-banner-title">
        {tr(headlineKey(prompt.status, advice.daysLeft), { days: Math.abs(advice.daysLeft) })}
      </h2>
      <div className="advice-buttons" id="advice-banner-actions" hidden={folded}>
        {link && <MoicaLinkButton id={link} primary />}
        {screen !== 'expiry' && (
          <button type="button" className="banner-button" onClick={() => setScreen('expiry')}>
            {tr('ui.advice.details')}
          </button>
        )}
      </div>
      <button
        type="button"
        className="link-button fold-button"
        aria-expanded={!folded}
        aria-controls="advice-banner-actions"
        onClick={toggle}
        data-testid="advice-banner-fold"
      >
        {tr(folded ? 'guide.banner.unfold' : 'guide.banner.fold')}
      </button>
    </section>
  );
}

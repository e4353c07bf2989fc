import { listSituations } from '../../src/advisor/situations';
import { AboutInfo } from '../components/AboutInfo';
import { SituationView } from '../components/SituationView';
import type { CardStatusView } from '../../src/service/contract';
import { useCard, useT } from '../store/use-card';

/** Situations that match what the card says, opened first. */
export function suggestedSituations(status: CardStatusView | null): string[] {
  if (!status) return [];
  if (status.userCode?.blocked) return ['user-code-blocked'];
  if (status.pin?.blocked) return ['pin-locked-remembers-user-code', 'pin-locked-forgot-user-code'];
  return [];
}

export function HelpScreen() {
  const status = useCard((s) => s.status);
  const { lang, tr } = useT();
  const suggested = suggestedSituations(status);
  const all = listSituations();
  const ordered = [
    ...all.filter((s) => suggested.includes(s.id)),
    ...all.filter((s) => !suggested.includes(s.id)),
  ];
  return (
    <section aria-labelledby="help-title">
      <h2 id="help-title">{tr('ui.help.title')}</h2>
      <p className="muted">{tr('ui.help.intro')}</p>
      <div className="situations">
        {ordered.map((s) => (
          <details
            key={s.id}
            className="panel situation-item"
            open={suggested.includes(s.id)}
            data-testid={`help-${s.id}`}
          >
            <summary>
              <span className="situation-title">{s.title[lang]}</span>
            </summary>
            <SituationView id={s.id} headingLevel={null} />
          </details>
        ))}
      </div>
      <AboutInfo />
    </section>
  );
}

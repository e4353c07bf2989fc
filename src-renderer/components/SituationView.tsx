import { situation } from '../../src/advisor/situations';
import { useT } from '../store/use-card';
import { AsOf } from './AsOf';
import { MoicaLinks } from './MoicaLinks';
import { RichText } from './RichText';

/**
 * One of the advisor's situations: title, numbered steps, buttons to the MOICA pages where
 * they are done, "as of" lines, and the rule IDs (small, for helpdesks).
 */
export function SituationView({
  id,
  headingLevel = 3,
}: {
  id: string;
  /** null when the surrounding element (a <summary>) already shows the title. */
  headingLevel?: 3 | 4 | null;
}) {
  const { lang, tr } = useT();
  let answer;
  try {
    answer = situation(id, lang);
  } catch {
    return null;
  }
  const Heading = headingLevel === 4 ? 'h4' : 'h3';
  return (
    <article
      className="situation"
      aria-label={headingLevel === null ? answer.title : undefined}
      aria-labelledby={headingLevel === null ? undefined : `situation-${id}`}
      data-testid={`situation-${id}`}
    >
      {headingLevel !== null && <Heading id={`situation-${id}`}>{answer.title}</Heading>}
      <ol>
        {answer.steps.map((step, i) => (
          <li key={i}>
            <RichText text={step} />
          </li>
        ))}
      </ol>
      <MoicaLinks ids={answer.links} />
      <AsOf facts={answer.facts} />
      <p className="rules">{tr('ui.rules', { rules: answer.rules.join(' · ') })}</p>
    </article>
  );
}

import { situation } from '../../src/advisor/situations';
import { useT } from '../store/use-card';
import { asOfTexts } from '../view/advice-text';

/** One of the advisor's situations: title, numbered steps, rule IDs and "as of" lines. */
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
  // Facts that change (fees, hours, hotline) carry the date they were last checked.
  const asOfLines = asOfTexts(answer.facts, lang);
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
          <li key={i}>{step}</li>
        ))}
      </ol>
      <p className="rules">{tr('ui.rules', { rules: answer.rules.join(', ') })}</p>
      {asOfLines.map((line) => (
        <p className="as-of" key={line}>
          {line}
        </p>
      ))}
    </article>
  );
}

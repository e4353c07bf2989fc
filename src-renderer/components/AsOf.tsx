import type { FactReference } from '../../src/advisor/situations';
import { moicaLink } from '../../src/core/moica-links';
import { useT } from '../store/use-card';
import { asOfLines } from '../view/advice-text';

/**
 * When the fees, hours or numbers in the text above were last checked, and the MOICA page
 * that has the current ones (citizen-rules.md, "Facts that change"); where they were found
 * is for maintainers (docs/sources.md).
 */
export function AsOf({ facts }: { facts: FactReference[] }) {
  const { lang } = useT();
  return (
    <>
      {asOfLines(facts, lang).map((line) => (
        <p className="as-of" key={`${line.text}-${line.link}`} data-testid="as-of">
          {line.text}
          {' · '}
          <a href={moicaLink(line.link).url} target="_blank" rel="noopener noreferrer">
            {moicaLink(line.link).label[lang]}
          </a>
        </p>
      ))}
    </>
  );
}

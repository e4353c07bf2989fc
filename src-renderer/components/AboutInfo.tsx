import { FACTS } from '../../src/advisor/facts';
import { allMoicaLinks, MOICA_LINKS_AS_OF, moicaLink } from '../../src/core/moica-links';
import { useT } from '../store/use-card';
import { dateText } from '../view/dates';
import { MoicaLinkButton } from './MoicaLinks';
import { RichText } from './RichText';

/**
 * "About this information": every fact that can change with the date it was checked and
 * the page that has the current value, the MOICA pages the app links to, and what the rule
 * IDs are for. Where each fact was found is in docs/sources.md, for maintainers.
 */
export function AboutInfo() {
  const { lang, tr } = useT();
  const facts = Object.values(FACTS);
  return (
    <section
      className="panel about-info"
      aria-labelledby="about-info-title"
      data-testid="about-info"
    >
      <h3 id="about-info-title">{tr('guide.about.title')}</h3>
      <p>{tr('guide.about.intro')}</p>
      <dl className="facts about-facts">
        {facts.map((f) => (
          <div key={f.id} className="about-fact" data-testid={`fact-${f.id}`}>
            <dt>{tr(`guide.fact.${f.id}`)}</dt>
            <dd>
              <RichText text={f.text[lang]} />
              <span className="as-of">
                {' '}
                {tr('ui.asOf', { date: dateText(f.asOf, lang) })} ·{' '}
                <a href={moicaLink(f.link).url} target="_blank" rel="noopener noreferrer">
                  {moicaLink(f.link).label[lang]}
                </a>
              </span>
            </dd>
          </div>
        ))}
      </dl>
      <h4>{tr('guide.about.linksTitle')}</h4>
      <p className="as-of">{tr('ui.asOf', { date: dateText(MOICA_LINKS_AS_OF, lang) })}</p>
      <div className="moica-links about-links">
        {allMoicaLinks().map((l) => (
          <MoicaLinkButton key={l.id} id={l.id} />
        ))}
      </div>
      <h4>{tr('guide.about.rulesTitle')}</h4>
      <p>{tr('guide.about.rules')}</p>
    </section>
  );
}

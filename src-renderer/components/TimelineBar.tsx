import type { AdvisorResult } from '../../src/core/model';
import { useT } from '../store/use-card';
import { dateText } from '../view/dates';
import { buildTimeline, type TimelineSegment } from '../view/timeline';
import { RichText } from './RichText';

function windowState(
  seg: TimelineSegment,
  advice: AdvisorResult,
): 'open' | 'notYet' | 'ended' | 'afterExtension' {
  if (seg.open) return 'open';
  // Online renewal is for certificates valid up to the 8-year limit (R-RENEW-ONLINE).
  if (seg.kind === 'onlineRenewal' && !advice.extended) return 'afterExtension';
  return advice.today < seg.from ? 'notYet' : 'ended';
}

/**
 * The extension and online-renewal windows on one bar. Drawn with SVG attributes (no
 * style attributes, which the page's CSP forbids); the list below it says the same in words.
 */
export function TimelineBar({ advice }: { advice: AdvisorResult }) {
  const { lang, tr } = useT();
  const tl = buildTimeline(advice);
  return (
    <figure className="timeline" aria-labelledby="timeline-caption">
      <svg
        className="timeline-bar"
        viewBox="0 0 100 24"
        preserveAspectRatio="none"
        role="img"
        aria-labelledby="timeline-caption"
        data-testid="timeline"
      >
        <rect x="0" y="9" width="100" height="6" className="tl-track" />
        {tl.segments.map((s) => (
          <rect
            key={s.kind}
            x={s.x}
            y={s.kind === 'extension' ? 6 : 12}
            width={Math.max(s.width, 0.5)}
            height="6"
            className={`tl-${s.kind}${s.open ? ' tl-open' : ''}`}
          />
        ))}
        {tl.markers.map((m) => (
          <rect
            key={m.kind}
            x={Math.max(0, m.x - 0.25)}
            y={m.kind === 'today' ? 0 : 3}
            width="0.5"
            height={m.kind === 'today' ? 24 : 18}
            className={`tl-marker tl-${m.kind}`}
          />
        ))}
      </svg>
      <figcaption id="timeline-caption">{tr('ui.expiry.timeline.caption')}</figcaption>
      <ul className="timeline-legend" data-testid="timeline-text">
        {tl.segments.map((s) => (
          <li key={s.kind} className={`legend-${s.kind}${s.open ? ' legend-open' : ''}`}>
            <span className="swatch" aria-hidden="true" />
            <RichText
              text={tr('guide.timeline.window', {
                label: tr(`ui.expiry.window.${s.kind}`),
                from: dateText(s.from, lang),
                to: dateText(s.to, lang),
                state: tr(`ui.expiry.window.state.${windowState(s, advice)}`),
              })}
            />
          </li>
        ))}
        {tl.markers.map((m) => (
          <li key={m.kind} className={`legend-${m.kind}`}>
            <span className="swatch" aria-hidden="true" />
            <RichText
              text={tr('guide.timeline.marker', {
                label: tr(`ui.expiry.marker.${m.kind}`),
                date: dateText(m.date, lang),
              })}
            />
          </li>
        ))}
      </ul>
    </figure>
  );
}

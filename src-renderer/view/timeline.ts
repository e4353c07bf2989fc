import { daysBetween } from '../../src/core/calendar';
import type { AdvisorResult } from '../../src/core/model';

export interface TimelineSegment {
  kind: 'extension' | 'onlineRenewal';
  from: string;
  to: string;
  open: boolean;
  /** Percent of the bar's width. */
  x: number;
  width: number;
}

export interface TimelineMarker {
  kind: 'today' | 'expiresOn' | 'finalExpiresOn';
  date: string;
  x: number;
}

export interface Timeline {
  start: string;
  end: string;
  segments: TimelineSegment[];
  markers: TimelineMarker[];
}

/** Days of margin either side, so a marker on the edge stays visible. */
const MARGIN_DAYS = 30;

function clampPercent(n: number): number {
  return Math.min(100, Math.max(0, Math.round(n * 10) / 10));
}

/**
 * Where the advisor's windows and dates fall on one bar, from the earliest of them to the
 * latest. Pure, so the drawing (SVG) and its text equivalent come from the same numbers.
 */
export function buildTimeline(advice: AdvisorResult): Timeline {
  const windows = [
    advice.windows.extension
      ? { kind: 'extension' as const, ...advice.windows.extension }
      : undefined,
    { kind: 'onlineRenewal' as const, ...advice.windows.onlineRenewal },
  ].filter((w) => w !== undefined);
  const dates = [
    advice.today,
    advice.expiresOn,
    advice.finalExpiresOn,
    ...windows.flatMap((w) => [w.from, w.to]),
  ].sort();
  const first = dates[0] as string;
  const last = dates[dates.length - 1] as string;
  const span = daysBetween(first, last) + 2 * MARGIN_DAYS;
  const at = (date: string) =>
    clampPercent(((daysBetween(first, date) + MARGIN_DAYS) / span) * 100);
  return {
    start: first,
    end: last,
    segments: windows.map((w) => {
      const x = at(w.from);
      // A window covers its last day too (C-DAYS, inclusive bounds).
      const end = clampPercent(((daysBetween(first, w.to) + 1 + MARGIN_DAYS) / span) * 100);
      return { kind: w.kind, from: w.from, to: w.to, open: w.open, x, width: end - x };
    }),
    markers: [
      { kind: 'expiresOn' as const, date: advice.expiresOn, x: at(advice.expiresOn) },
      ...(advice.finalExpiresOn !== advice.expiresOn
        ? [
            {
              kind: 'finalExpiresOn' as const,
              date: advice.finalExpiresOn,
              x: at(advice.finalExpiresOn),
            },
          ]
        : []),
      { kind: 'today' as const, date: advice.today, x: at(advice.today) },
    ],
  };
}

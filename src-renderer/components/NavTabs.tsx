import { useRef, type KeyboardEvent } from 'react';
import { SCREENS, type Screen } from '../store/card-store';
import { useActions, useCard, useT } from '../store/use-card';

export function tabId(screen: Screen): string {
  return `tab-${screen}`;
}

export const PANEL_ID = 'screen-panel';

/** WAI-ARIA tabs: one tab stop, arrows move between screens, Home/End jump to the ends. */
export function NavTabs() {
  const screen = useCard((s) => s.screen);
  const { setScreen } = useActions();
  const { tr } = useT();
  const refs = useRef<Partial<Record<Screen, HTMLButtonElement | null>>>({});

  const move = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = SCREENS.indexOf(screen);
    const next: Record<string, number> = {
      ArrowDown: (i + 1) % SCREENS.length,
      ArrowRight: (i + 1) % SCREENS.length,
      ArrowUp: (i - 1 + SCREENS.length) % SCREENS.length,
      ArrowLeft: (i - 1 + SCREENS.length) % SCREENS.length,
      Home: 0,
      End: SCREENS.length - 1,
    };
    const target = next[e.key];
    if (target === undefined) return;
    e.preventDefault();
    const to = SCREENS[target] as Screen;
    setScreen(to);
    refs.current[to]?.focus();
  };

  return (
    <div
      className="nav-tabs"
      role="tablist"
      aria-orientation="vertical"
      aria-label={tr('ui.nav.label')}
      onKeyDown={move}
    >
      {SCREENS.map((s) => (
        <button
          key={s}
          ref={(el) => {
            refs.current[s] = el;
          }}
          id={tabId(s)}
          type="button"
          role="tab"
          aria-selected={s === screen}
          aria-controls={PANEL_ID}
          tabIndex={s === screen ? 0 : -1}
          onClick={() => setScreen(s)}
          data-testid={`tab-${s}`}
        >
          {tr(`ui.nav.${s}`)}
        </button>
      ))}
    </div>
  );
}

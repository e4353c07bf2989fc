import { useActions, useCard, useT } from '../../store/use-card';
import './live.css';

/**
 * On every screen while the demo card runs: what is on screen is not the person's card,
 * and one click goes back to real cards.
 */
export function DemoBanner() {
  const scenario = useCard((s) => s.info?.demoScenario ?? null);
  const busy = useCard((s) => s.switchBusy);
  const { leaveDemo } = useActions();
  const { tr } = useT();
  if (!scenario) return null;
  return (
    <div
      className="demo-banner"
      role="region"
      aria-label={tr('ui.demo.badge')}
      data-testid="demo-banner"
    >
      <p>{tr('live.demo.banner', { scenario })}</p>
      <button
        type="button"
        disabled={busy}
        onClick={() => void leaveDemo()}
        data-testid="demo-exit"
      >
        {tr('live.demo.exit')}
      </button>
    </div>
  );
}

import { useT } from '../../store/use-card';
import './live.css';

/**
 * Shown instead of the screens once the page has lost the app (the browser host stopped):
 * no card, counter or button that would only fail. The page keeps reconnecting and goes
 * back to the screens by itself when the app answers again.
 */
export function DisconnectedPage() {
  const { tr } = useT();
  return (
    <main className="disconnected" role="alert" data-testid="disconnected">
      <h2>{tr('live.disconnected.title')}</h2>
      <p>{tr('live.disconnected.body')}</p>
      <p className="muted" aria-busy="true">
        {tr('live.disconnected.retrying')}
      </p>
      <p className="muted">{tr('live.disconnected.hint')}</p>
    </main>
  );
}

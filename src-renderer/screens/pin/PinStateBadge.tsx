import type { SecretStatus } from '../../../src/core/model';
import { useT } from '../../store/use-card';
import { pinStateView } from './pin-state';

/** The module-reported PIN state in words; a blocked PIN is announced as an alert. */
export function PinStateBadge(props: { status: SecretStatus | null; testId: string }) {
  const { tr } = useT();
  const view = pinStateView(props.status);
  return (
    <span
      className={`tries tries-${view.tone}`}
      role={view.tone === 'blocked' ? 'alert' : undefined}
      data-testid={props.testId}
      data-state={view.tone}
    >
      {tr(view.key)}
    </span>
  );
}

import { useT } from '../../store/use-card';

/**
 * card-profile.md §1.2: with one try left the person must tick this box before the
 * button works; the form cannot be sent without it.
 */
export function LastTryConfirm(props: {
  id: string;
  secret: 'pin' | 'userCode';
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const { tr } = useT();
  const name = tr(props.secret === 'pin' ? 'ui.secret.pin' : 'ui.secret.userCode');
  return (
    <div className="last-try" data-testid={`${props.id}-last-try`}>
      <p id={`${props.id}-last-try-warning`} className="last-try-warning">
        {tr(
          props.secret === 'pin' ? 'ui.pin.lastTry.warningPin' : 'ui.pin.lastTry.warningUserCode',
        )}
      </p>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={props.checked}
          aria-describedby={`${props.id}-last-try-warning`}
          onChange={(e) => props.onChange(e.target.checked)}
          data-testid={`${props.id}-confirm-last-try`}
        />
        <span>{tr('ui.pin.lastTry.confirm', { secret: name })}</span>
      </label>
    </div>
  );
}

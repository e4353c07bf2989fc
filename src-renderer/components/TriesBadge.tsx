import type { SecretStatus } from '../../src/core/model';
import { useT } from '../store/use-card';
import { triesView } from '../view/tries';

/** A PIN or user-code counter; a blocked or last-try counter also says so out loud. */
export function TriesBadge(props: {
  status: SecretStatus | null;
  secret: 'pin' | 'userCode';
  testId: string;
  onPinScreen?: boolean;
}) {
  const { lang } = useT();
  const view = triesView(props.status, props.secret, lang, props.onPinScreen);
  return (
    <>
      <span className={`tries tries-${view.tone}`} data-testid={props.testId}>
        {view.text}
      </span>
      {view.alert && (
        <span
          className={`tries-alert tries-alert-${view.tone}`}
          role={view.tone === 'blocked' ? 'alert' : undefined}
          data-testid={`${props.testId}-alert`}
        >
          {view.alert}
        </span>
      )}
    </>
  );
}

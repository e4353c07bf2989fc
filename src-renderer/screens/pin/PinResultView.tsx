import { useCard, useT } from '../../store/use-card';
import { triesView } from '../../view/tries';

/** What the last attempt did, with the counters the card reported afterwards. */
export function PinResultView() {
  const result = useCard((s) => s.pinResult);
  const { lang, tr } = useT();
  if (!result) return null;
  const pin = triesView(result.pin, 'pin', lang);
  const showUserCode = result.kind === 'unblock' || result.userCode?.blocked;
  const userCode = triesView(result.userCode, 'userCode', lang);
  return (
    <div
      className={`message ${result.ok ? 'message-ok' : 'message-error'}`}
      role={result.ok ? 'status' : 'alert'}
      data-testid="pin-result"
    >
      <p>{tr(result.message.key, result.message.params)}</p>
      <p>
        {tr('ui.pin.result.pinTries', { tries: pin.text })}
        {showUserCode && <> · {tr('ui.pin.result.userCodeTries', { tries: userCode.text })}</>}
      </p>
    </div>
  );
}

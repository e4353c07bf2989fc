import { useEffect, useRef } from 'react';
import { useCard, useT } from '../../store/use-card';
import { triesView } from '../../view/tries';
import { pinStateView } from './pin-state';

/**
 * What the last attempt did, with the counters reported afterwards: "n/3" from a card's
 * own counter, the state in words from a vendor card's PKCS#11 module.
 */
export function PinResultView() {
  const result = useCard((s) => s.pinResult);
  const channel = useCard((s) => s.status?.pinChannel);
  const pinBlocked = useCard((s) => !!s.status?.pin?.blocked);
  const { lang, tr } = useT();
  const ref = useRef<HTMLDivElement>(null);
  // The try that locks the card also removes the form that had focus; keyboard and screen
  // reader users then land on the outcome instead of the top of the page.
  useEffect(() => {
    const active = document.activeElement;
    if (ref.current && (!active || active === document.body)) ref.current.focus();
  }, [result, pinBlocked]);
  if (!result) return null;
  let after;
  if (channel === 'vendor') {
    after = tr('ui.pin.result.pinState', { state: tr(pinStateView(result.pin).key) });
  } else {
    const pin = triesView(result.pin, 'pin', lang);
    const showUserCode = result.kind === 'unblock' || result.userCode?.blocked;
    const userCode = triesView(result.userCode, 'userCode', lang);
    after = (
      <>
        {tr('ui.pin.result.pinTries', { tries: pin.text })}
        {showUserCode && <> · {tr('ui.pin.result.userCodeTries', { tries: userCode.text })}</>}
      </>
    );
  }
  return (
    <div
      className={`message ${result.ok ? 'message-ok' : 'message-error'}`}
      role={result.ok ? 'status' : 'alert'}
      tabIndex={-1}
      ref={ref}
      data-testid="pin-result"
    >
      <p>{tr(result.message.key, result.message.params)}</p>
      <p>{after}</p>
    </div>
  );
}

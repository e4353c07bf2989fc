import { SituationView } from '../components/SituationView';
import { TriesBadge } from '../components/TriesBadge';
import { managedByModule } from '../store/pin-access';
import { useCard, useT } from '../store/use-card';
import { ChangeForm } from './pin/ChangeForm';
import { PinResultView } from './pin/PinResultView';
import { UnblockForm } from './pin/UnblockForm';
import { VendorPinGuide } from './pin/VendorPinGuide';
import { VendorPinPanel } from './pin/VendorPinPanel';
import { VerifyForm } from './pin/VerifyForm';
import { SelfTestPanel, selfTestOffered } from './selftest/SelfTestPanel';

export function PinScreen() {
  const status = useCard((s) => s.status);
  const { tr } = useT();

  let body;
  if (!status) {
    body = <p className="message message-empty">{tr('ui.pin.noCard')}</p>;
  } else if (managedByModule(status) && status.pin) {
    body = <VendorPinPanel pin={status.pin} />;
  } else if (status.pinChannel === 'vendor') {
    const problem = status.problems?.find((p) => p.item === 'pin') ?? null;
    body = <VendorPinGuide problem={problem} />;
  } else if (status.pinChannel !== 'iso') {
    body = <p className="message message-empty">{tr('refused.unknown-card')}</p>;
  } else {
    const pinBlocked = !!status.pin?.blocked;
    const userCodeBlocked = !!status.userCode?.blocked;
    body = (
      <>
        <dl className="facts compact">
          <dt>{tr('ui.card.pinTries')}</dt>
          <dd>
            <TriesBadge
              status={status.pin}
              secret="pin"
              testId="pin-screen-pin-tries"
              onPinScreen
            />
          </dd>
          <dt>{tr('ui.card.userCodeTries')}</dt>
          <dd>
            <TriesBadge
              status={status.userCode}
              secret="userCode"
              testId="pin-screen-user-code-tries"
            />
          </dd>
        </dl>
        <PinResultView />
        {!pinBlocked && (
          <div className="forms">
            <VerifyForm pin={status.pin} />
            <ChangeForm pin={status.pin} />
          </div>
        )}
        {pinBlocked && !userCodeBlocked && (
          <>
            <UnblockForm userCode={status.userCode} />
            <details className="panel situation-item" data-testid="forgot-user-code">
              <summary>
                <span className="situation-title">{tr('ui.pin.unblock.forgot')}</span>
              </summary>
              <SituationView id="pin-locked-forgot-user-code" headingLevel={null} />
            </details>
          </>
        )}
        {pinBlocked && userCodeBlocked && <SituationView id="user-code-blocked" />}
      </>
    );
  }

  return (
    <section aria-labelledby="pin-title">
      <h2 id="pin-title">{tr('ui.pin.title')}</h2>
      {body}
      {selfTestOffered(status) && !status.pin?.blocked && <SelfTestPanel status={status} />}
    </section>
  );
}

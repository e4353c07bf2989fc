import { useState, type FormEvent } from 'react';
import { lastTryGate } from '../../../src/card/pin-policy';
import { selfTestText } from '../../../src/service/self-test-text';
import type { CardStatusView } from '../../../src/service/contract';
import { managedByModule, pinRefusal } from '../../store/pin-access';
import { useSelfTest } from '../../store/self-test-store';
import { useActions, useCard, useT } from '../../store/use-card';
import { LastTryConfirm } from '../pin/LastTryConfirm';
import { SecretField } from '../pin/SecretField';
import './selftest.css';

/** Cards the app may ask to sign: ISO cards, and MOICA cards whose module answered for them. */
export function selfTestOffered(status: CardStatusView | null): status is CardStatusView {
  if (!status) return false;
  return (
    status.pinChannel === 'iso' ||
    (managedByModule(status) && pinRefusal(status, 'verify') === null)
  );
}

function SelfTestResultView() {
  const { lang, tr } = useT();
  const result = useSelfTest((s) => s.result);
  const error = useSelfTest((s) => s.error);
  if (result) {
    const words = selfTestText(result, lang);
    return (
      <div
        className={`message ${result.ok ? 'message-ok' : 'message-error'}`}
        role="status"
        data-testid="selftest-result"
        data-ok={result.ok ? 'true' : 'false'}
        data-step={result.failedStep ?? ''}
      >
        <p>{words.summary}</p>
        {words.remedy && <p className="selftest-remedy">{words.remedy}</p>}
      </div>
    );
  }
  if (error) {
    return (
      <div
        className="message message-error"
        role="alert"
        data-testid="selftest-result"
        data-ok="false"
      >
        <p>{tr(error.messageKey, error.params)}</p>
      </div>
    );
  }
  return null;
}

/**
 * "這張卡能簽章嗎？" / "Can this card sign?": folded until the person opens it, and nothing
 * is sent until they type the PIN and press the button (card-profile.md §1.1). With one try
 * left the button waits for the same confirmation as the verify form (§1.2).
 */
export function SelfTestPanel({ status }: { status: CardStatusView }) {
  const { tr } = useT();
  const { refreshStatus } = useActions();
  const reader = useCard((s) => s.selectedReader);
  const busy = useSelfTest((s) => s.busy);
  const problems = useSelfTest((s) => s.problems);
  const run = useSelfTest((s) => s.run);
  const [pin, setPin] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const gate = lastTryGate(status.pin, confirmed);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const sent = pin;
    // The PIN is kept no longer than one attempt, and so is the last-try confirmation.
    setPin('');
    setConfirmed(false);
    if (!reader) return;
    void run(reader, sent, confirmed, status.pin).then((countersMayHaveChanged) => {
      if (countersMayHaveChanged) void refreshStatus();
    });
  };

  return (
    <details className="panel selftest" data-testid="selftest">
      <summary>
        <span className="selftest-title">{tr('selftest.title')}</span>
      </summary>
      <form className="pin-form" onSubmit={onSubmit} noValidate aria-busy={busy}>
        <p className="muted">{tr('selftest.intro')}</p>
        <SecretField
          id="selftest-pin"
          field="pin"
          label={tr('selftest.ui.pinLabel')}
          hint={tr('ui.pin.hint.pin')}
          value={pin}
          problems={problems}
          onChange={setPin}
        />
        {gate.needsConfirm && (
          <LastTryConfirm id="selftest" secret="pin" checked={confirmed} onChange={setConfirmed} />
        )}
        <button
          type="submit"
          className="primary"
          disabled={!gate.canSubmit || busy}
          data-testid="selftest-submit"
        >
          {tr(busy ? 'selftest.ui.running' : 'selftest.ui.run')}
        </button>
      </form>
      <SelfTestResultView />
    </details>
  );
}

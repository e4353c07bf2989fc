import type { FormEvent } from 'react';
import type { SecretStatus } from '../../../src/model';
import { useActions, useCard, useT } from '../../store/use-card';
import { lastTryGate } from '../../view/last-try';
import { LastTryConfirm } from './LastTryConfirm';
import { SecretField } from './SecretField';
import { useSecretForm } from './use-secret-form';

/** Offered only for a card with plain ISO PIN commands whose PIN is blocked. */
export function UnblockForm({ userCode }: { userCode: SecretStatus | null }) {
  const { tr } = useT();
  const busy = useCard((s) => s.pinBusy);
  const { unblockPin } = useActions();
  const form = useSecretForm({ userCode: '', newPin: '', newPinAgain: '' });
  const gate = lastTryGate(userCode, form.confirmed);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit((v, confirmed) => unblockPin(v, confirmed));
  };

  return (
    <form className="panel pin-form" onSubmit={onSubmit} aria-labelledby="unblock-title" noValidate>
      <h3 id="unblock-title">{tr('ui.pin.unblock.title')}</h3>
      <p className="muted">{tr('ui.pin.unblock.intro')}</p>
      <SecretField
        id="unblock-user-code"
        field="userCode"
        label={tr('ui.pin.field.userCode')}
        hint={tr('ui.pin.hint.userCode')}
        value={form.values.userCode}
        problems={form.problems}
        onChange={form.set('userCode')}
      />
      <SecretField
        id="unblock-new-pin"
        field="newPin"
        label={tr('ui.pin.field.newPin')}
        hint={tr('ui.pin.hint.pin')}
        value={form.values.newPin}
        problems={form.problems}
        onChange={form.set('newPin')}
      />
      <SecretField
        id="unblock-new-pin-again"
        field="newPinAgain"
        label={tr('ui.pin.field.newPinAgain')}
        hint={tr('ui.pin.hint.again')}
        value={form.values.newPinAgain}
        problems={form.problems}
        onChange={form.set('newPinAgain')}
      />
      {gate.needsConfirm && (
        <LastTryConfirm
          id="unblock"
          secret="userCode"
          checked={form.confirmed}
          onChange={form.setConfirmed}
        />
      )}
      <button
        type="submit"
        className="primary"
        disabled={!gate.canSubmit || busy}
        data-testid="unblock-submit"
      >
        {tr('ui.pin.unblock.submit')}
      </button>
    </form>
  );
}

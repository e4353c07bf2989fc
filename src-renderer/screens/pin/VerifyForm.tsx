import type { FormEvent } from 'react';
import type { SecretStatus } from '../../../src/model';
import { useActions, useCard, useT } from '../../store/use-card';
import { lastTryGate } from '../../view/last-try';
import { LastTryConfirm } from './LastTryConfirm';
import { SecretField } from './SecretField';
import { useSecretForm } from './use-secret-form';

export function VerifyForm({ pin }: { pin: SecretStatus | null }) {
  const { tr } = useT();
  const busy = useCard((s) => s.pinBusy);
  const { verifyPin } = useActions();
  const form = useSecretForm({ pin: '' });
  const gate = lastTryGate(pin, form.confirmed);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit((v, confirmed) => verifyPin(v.pin, confirmed));
  };

  return (
    <form className="panel pin-form" onSubmit={onSubmit} aria-labelledby="verify-title" noValidate>
      <h3 id="verify-title">{tr('ui.pin.verify.title')}</h3>
      <p className="muted">{tr('ui.pin.verify.intro')}</p>
      <SecretField
        id="verify-pin"
        field="pin"
        label={tr('ui.pin.field.pin')}
        hint={tr('ui.pin.hint.pin')}
        value={form.values.pin}
        problems={form.problems}
        onChange={form.set('pin')}
      />
      {gate.needsConfirm && (
        <LastTryConfirm
          id="verify"
          secret="pin"
          checked={form.confirmed}
          onChange={form.setConfirmed}
        />
      )}
      <button
        type="submit"
        className="primary"
        disabled={!gate.canSubmit || busy}
        data-testid="verify-submit"
      >
        {tr('ui.pin.verify.submit')}
      </button>
    </form>
  );
}

import type { FormEvent } from 'react';
import type { SecretStatus } from '../../../src/model';
import { useActions, useCard, useT } from '../../store/use-card';
import { lastTryGate } from '../../view/last-try';
import { LastTryConfirm } from './LastTryConfirm';
import { SecretField } from './SecretField';
import { useSecretForm } from './use-secret-form';

export function ChangeForm({ pin }: { pin: SecretStatus | null }) {
  const { tr } = useT();
  const busy = useCard((s) => s.pinBusy);
  const { changePin } = useActions();
  const form = useSecretForm({ oldPin: '', newPin: '', newPinAgain: '' });
  const gate = lastTryGate(pin, form.confirmed);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit((v, confirmed) => changePin(v, confirmed));
  };

  return (
    <form className="panel pin-form" onSubmit={onSubmit} aria-labelledby="change-title" noValidate>
      <h3 id="change-title">{tr('ui.pin.change.title')}</h3>
      <p className="muted">{tr('ui.pin.change.intro')}</p>
      <SecretField
        id="change-old-pin"
        field="oldPin"
        label={tr('ui.pin.field.oldPin')}
        hint={tr('ui.pin.hint.pin')}
        value={form.values.oldPin}
        problems={form.problems}
        onChange={form.set('oldPin')}
      />
      <SecretField
        id="change-new-pin"
        field="newPin"
        label={tr('ui.pin.field.newPin')}
        hint={tr('ui.pin.hint.newPin')}
        value={form.values.newPin}
        problems={form.problems}
        onChange={form.set('newPin')}
      />
      <SecretField
        id="change-new-pin-again"
        field="newPinAgain"
        label={tr('ui.pin.field.newPinAgain')}
        hint={tr('ui.pin.hint.again')}
        value={form.values.newPinAgain}
        problems={form.problems}
        onChange={form.set('newPinAgain')}
      />
      {gate.needsConfirm && (
        <LastTryConfirm
          id="change"
          secret="pin"
          checked={form.confirmed}
          onChange={form.setConfirmed}
        />
      )}
      <button
        type="submit"
        className="primary"
        disabled={!gate.canSubmit || busy}
        data-testid="change-submit"
      >
        {tr('ui.pin.change.submit')}
      </button>
    </form>
  );
}

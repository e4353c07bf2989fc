import type { SecretStatus } from '../../../src/core/model';
import { useActions } from '../../store/use-card';
import { SecretFormPanel } from './SecretFormPanel';

export function ChangeForm({ pin }: { pin: SecretStatus | null }) {
  const { changePin } = useActions();
  return (
    <SecretFormPanel
      id="change"
      titleKey="ui.pin.change.title"
      introKey="ui.pin.change.intro"
      submitKey="ui.pin.change.submit"
      secret="pin"
      counter={pin}
      empty={{ oldPin: '', newPin: '', newPinAgain: '' }}
      fields={[
        {
          field: 'oldPin',
          id: 'change-old-pin',
          labelKey: 'ui.pin.field.oldPin',
          hintKey: 'ui.pin.hint.pin',
        },
        {
          field: 'newPin',
          id: 'change-new-pin',
          labelKey: 'ui.pin.field.newPin',
          hintKey: 'ui.pin.hint.newPin',
        },
        {
          field: 'newPinAgain',
          id: 'change-new-pin-again',
          labelKey: 'ui.pin.field.newPinAgain',
          hintKey: 'ui.pin.hint.again',
        },
      ]}
      run={(v, confirmed) => changePin(v, confirmed)}
    />
  );
}

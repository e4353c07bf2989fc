import type { SecretStatus } from '../../../src/core/model';
import { useActions } from '../../store/use-card';
import { SecretFormPanel } from './SecretFormPanel';

export function VerifyForm({ pin }: { pin: SecretStatus | null }) {
  const { verifyPin } = useActions();
  return (
    <SecretFormPanel
      id="verify"
      titleKey="ui.pin.verify.title"
      introKey="ui.pin.verify.intro"
      submitKey="ui.pin.verify.submit"
      secret="pin"
      counter={pin}
      empty={{ pin: '' }}
      fields={[
        {
          field: 'pin',
          id: 'verify-pin',
          labelKey: 'ui.pin.field.pin',
          hintKey: 'ui.pin.hint.pin',
        },
      ]}
      run={(v, confirmed) => verifyPin(v.pin, confirmed)}
    />
  );
}

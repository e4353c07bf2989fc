import type { SecretStatus } from '../../../src/core/model';
import { useActions } from '../../store/use-card';
import { SecretFormPanel } from './SecretFormPanel';

/** Offered only for a card with plain ISO PIN commands whose PIN is blocked. */
export function UnblockForm({ userCode }: { userCode: SecretStatus | null }) {
  const { unblockPin } = useActions();
  return (
    <SecretFormPanel
      id="unblock"
      titleKey="ui.pin.unblock.title"
      introKey="ui.pin.unblock.intro"
      submitKey="ui.pin.unblock.submit"
      secret="userCode"
      counter={userCode}
      empty={{ userCode: '', newPin: '', newPinAgain: '' }}
      fields={[
        {
          field: 'userCode',
          id: 'unblock-user-code',
          labelKey: 'ui.pin.field.userCode',
          hintKey: 'ui.pin.hint.userCode',
        },
        {
          field: 'newPin',
          id: 'unblock-new-pin',
          labelKey: 'ui.pin.field.newPin',
          hintKey: 'ui.pin.hint.pin',
        },
        {
          field: 'newPinAgain',
          id: 'unblock-new-pin-again',
          labelKey: 'ui.pin.field.newPinAgain',
          hintKey: 'ui.pin.hint.again',
        },
      ]}
      run={(v, confirmed) => unblockPin(v, confirmed)}
    />
  );
}

import type { SecretStatus } from '../../../src/core/model';
import { useT } from '../../store/use-card';
import { ChangeForm } from './ChangeForm';
import { PinResultView } from './PinResultView';
import { PinStateBadge } from './PinStateBadge';
import { VendorUnlockGuide } from './VendorUnlockGuide';
import { VerifyForm } from './VerifyForm';

/**
 * A genuine MOICA card whose PIN the vendor's PKCS#11 module manages (README "Real MOICA cards"):
 * verify and change with the same forms, validation and last-try confirmation as any card,
 * driven by the module's flags. No unblock form: that stays MOICA's online procedure.
 */
export function VendorPinPanel({ pin }: { pin: SecretStatus }) {
  const { tr } = useT();
  return (
    <div className="vendor-guide" data-testid="vendor-pin-panel">
      <p className="muted">{tr('ui.pin.vendor.viaModule')}</p>
      <dl className="facts compact">
        <dt>{tr('ui.pin.state.label')}</dt>
        <dd>
          <PinStateBadge status={pin} testId="pin-screen-pin-state" />
        </dd>
      </dl>
      <PinResultView />
      {!pin.blocked && (
        <div className="forms">
          <VerifyForm pin={pin} />
          <ChangeForm pin={pin} />
        </div>
      )}
      <VendorUnlockGuide />
    </div>
  );
}

import type { ReadProblem } from '../../../src/service/contract';
import { useT } from '../../store/use-card';
import { VendorUnlockGuide } from './VendorUnlockGuide';

/**
 * Real MOICA cards take PIN commands only through the vendor's secure channel
 * (card-profile.md §1.3). Without the vendor's PKCS#11 module answering for this card, the
 * page explains why there is no form, and how to get one: install MOICA's card component
 * (README "Real MOICA cards"), or, when the module is there but could not serve this card, what went
 * wrong with it.
 */
export function VendorPinGuide({ problem }: { problem: ReadProblem | null }) {
  const { tr } = useT();
  return (
    <div className="vendor-guide" data-testid="vendor-pin-guide">
      <section className="panel" aria-labelledby="vendor-why">
        <h3 id="vendor-why">{tr('ui.pin.vendor.title')}</h3>
        <p>{tr('ui.pin.vendor.why')}</p>
        <p>{tr('ui.pin.vendor.change')}</p>
        {problem ? (
          <p className="message message-error" data-testid="vendor-module-problem">
            {tr('ui.pin.vendor.moduleProblem', {
              problem: tr(problem.messageKey, problem.params),
            })}
          </p>
        ) : (
          <p data-testid="vendor-install-hint">{tr('ui.pin.vendor.installHint')}</p>
        )}
      </section>
      <VendorUnlockGuide />
    </div>
  );
}

import { SituationView } from '../../components/SituationView';
import { moicaLink } from '../../../src/core/moica-links';
import { useActions, useT } from '../../store/use-card';

export const MOICA_URL = moicaLink('moica-home').url;

/**
 * A genuine MOICA card is unlocked on MOICA's website with the user code, or at a household
 * office without it (R-UNLOCK-ONLINE, R-USERCODE-RESET): never in this app, module or not.
 */
export function VendorUnlockGuide() {
  const { tr } = useT();
  const { openExternal } = useActions();
  return (
    <section className="panel" aria-labelledby="vendor-locked">
      <h3 id="vendor-locked">{tr('ui.pin.vendor.lockedTitle')}</h3>
      <SituationView id="pin-locked-remembers-user-code" headingLevel={4} />
      <SituationView id="pin-locked-forgot-user-code" headingLevel={4} />
      <p>
        <button
          type="button"
          className="primary"
          onClick={() => void openExternal(MOICA_URL)}
          data-testid="moica-link"
        >
          {tr('ui.pin.vendor.openMoica')}
        </button>
      </p>
    </section>
  );
}

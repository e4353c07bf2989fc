import { SituationView } from '../../components/SituationView';
import { useActions, useT } from '../../store/use-card';

export const MOICA_URL = 'https://moica.nat.gov.tw/';

/**
 * Real MOICA cards take PIN commands only through the vendor's secure channel
 * (card-profile.md §1.3), so instead of a form the page explains where to go.
 */
export function VendorPinGuide() {
  const { tr } = useT();
  const { openExternal } = useActions();
  return (
    <div className="vendor-guide" data-testid="vendor-pin-guide">
      <section className="panel" aria-labelledby="vendor-why">
        <h3 id="vendor-why">{tr('ui.pin.vendor.title')}</h3>
        <p>{tr('ui.pin.vendor.why')}</p>
        <p>{tr('ui.pin.vendor.change')}</p>
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
      <section className="panel" aria-labelledby="vendor-locked">
        <h3 id="vendor-locked">{tr('ui.pin.vendor.lockedTitle')}</h3>
        <SituationView id="pin-locked-remembers-user-code" headingLevel={4} />
        <SituationView id="pin-locked-forgot-user-code" headingLevel={4} />
      </section>
    </div>
  );
}

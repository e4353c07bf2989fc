/** In-process card sources (the PC/SC one lives in src-main/pcsc: it loads a native addon). */
import { CardDriver } from '../card';
import type { ScenarioName } from '../virtual-card';
import {
  createVirtualSource,
  DEMO_READER,
  type IdentifyCard,
  type VirtualCardSource,
} from './virtual-source';

export {
  createVirtualSource,
  DEMO_READER,
  VirtualCardSource,
  type IdentifyCard,
  type VirtualSlot,
  type VirtualSourceOptions,
} from './virtual-source';

/** Identification as the app does it on every insertion: ATR family, then the probe. */
export const identifyCard: IdentifyCard = (transport) => new CardDriver(transport).identify();

/**
 * One virtual card in one reader: the demo mode and the CLI's `--virtual SCENARIO`.
 * `scenario` is checked by createVirtualCard (an unknown name lists the known ones).
 * Without `statePath` the card lives in memory, so a demo starts fresh on every launch.
 */
export function openVirtualSource(
  scenario: string,
  statePath?: string,
  options: { reader?: string; now?: () => Date; keysDir?: string } = {},
): Promise<VirtualCardSource> {
  return createVirtualSource(
    [
      {
        reader: options.reader ?? DEMO_READER,
        card: { scenario: scenario as ScenarioName, statePath, keysDir: options.keysDir },
      },
    ],
    { identify: identifyCard, now: options.now },
  );
}

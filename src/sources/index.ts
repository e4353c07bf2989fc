/**
 * In-process card sources (the PC/SC card service lives in src/sources/pcsc and is loaded
 * only where the native addon may be), and what every source shares.
 */
import type { ScenarioName } from '../virtual-card';
import { createVirtualSource, DEMO_READER, type VirtualCardSource } from './virtual-source';

export {
  createVirtualSource,
  DEMO_READER,
  VirtualCardSource,
  type VirtualSlot,
  type VirtualSourceOptions,
} from './virtual-source';
export {
  CardSourceBase,
  identifyCard,
  readySource,
  type IdentifyCard,
  type SourceBaseOptions,
} from './source-base';

/**
 * One virtual card in one reader: the demo mode and the CLI's `--virtual SCENARIO`, both
 * identified on insertion as the PC/SC service identifies real cards. `scenario` is checked
 * by createVirtualCard (an unknown name lists the known ones; none: the default card).
 * Without `statePath` the card lives in memory, so a demo starts fresh on every launch.
 */
export function openVirtualSource(
  scenario: string | undefined,
  statePath?: string,
  options: {
    reader?: string;
    now?: () => Date;
    keysDir?: string;
    /** Tests only: how many commands the card keeps in `received` (default none). */
    recordCommands?: number;
  } = {},
): Promise<VirtualCardSource> {
  return createVirtualSource(
    [
      {
        reader: options.reader ?? DEMO_READER,
        card: {
          scenario: scenario as ScenarioName | undefined,
          statePath,
          keysDir: options.keysDir,
          recordCommands: options.recordCommands,
        },
      },
    ],
    { now: options.now },
  );
}

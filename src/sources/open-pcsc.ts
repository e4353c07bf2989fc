/**
 * The real card sources for the Electron main process and the browser host: the PC/SC card
 * service, and the demo virtual card. Loaded lazily, so a missing or mismatched native addon
 * costs only the PC/SC path (the service then stays 'down' and the app says so) instead of
 * the start-up.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { CardSource } from './card-source';
import type { PcscFactory } from './pcsc';
import type { SourceFactories } from './switchable-source';

/**
 * `npm start` builds the addon for Electron's ABI in a separate folder (scripts/
 * rebuild-electron.mjs) and names it here, so node_modules keeps the Node build the tests
 * and the browser host load. Unset (tests, browser host, installers): the usual resolution.
 */
function addonFactory(): PcscFactory | undefined {
  const dir = process.env.CCM_PCSCLITE_DIR;
  if (!dir) return undefined;
  let loaded: PcscFactory | undefined;
  return () => {
    loaded ??= createRequire(import.meta.url)(join(dir, 'pcsclite')) as PcscFactory;
    return loaded();
  };
}

/**
 * The PC/SC card service, returned at once whether or not pcscd answers: it reports
 * 'pcsc-up' / 'pcsc-down', keeps retrying while PC/SC is away, and announces readers as
 * they come, so pcscd started later and readers plugged in later need no restart.
 */
export async function openPcscSource(
  options: { factory?: PcscFactory; log?: (message: string) => void } = {},
): Promise<CardSource> {
  const { createCardService } = await import('./pcsc');
  return createCardService({ factory: options.factory ?? addonFactory(), log: options.log });
}

/**
 * `keysDir`: where the virtual card's test keys are when this code runs bundled (out/main),
 * where the source tree's relative default no longer points at them.
 */
export function defaultSourceFactories(options: { keysDir?: string } = {}): SourceFactories {
  return {
    pcsc: () => openPcscSource(),
    demo: async (scenario) =>
      (await import('./')).openVirtualSource(scenario, undefined, {
        keysDir: options.keysDir,
      }),
  };
}

/**
 * The real card sources for the Electron main process and the browser host: the PC/SC card
 * service, and the demo virtual card. Loaded lazily, so a missing or mismatched native addon
 * only costs the PC/SC path (the app then falls back to the demo) instead of the start-up.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PcscUnavailableError } from '../core/errors';
import type { CardSource } from './card-source';
import type { PcscFactory } from './pcsc';
import { firstEvent, type SourceFactories } from './source-choice';

/** How long to wait for the service to say whether pcscd answers. */
const PCSC_START_TIMEOUT_MS = 3000;

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

export async function openPcscSource(timeoutMs = PCSC_START_TIMEOUT_MS): Promise<CardSource> {
  const { createCardService } = await import('./pcsc');
  const service = createCardService({ factory: addonFactory() });
  const first = await firstEvent(service, ['pcsc-up', 'pcsc-down'], timeoutMs);
  const up = first === 'pcsc-up' || (first === null && service.status === 'up');
  if (!up) {
    await service.close();
    throw new PcscUnavailableError();
  }
  return service;
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

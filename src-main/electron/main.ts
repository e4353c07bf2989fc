/**
 * Electron entry point (out/main/index.js). In development electron-vite serves the renderer
 * and passes its URL; the built app loads out/renderer/index.html from disk.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app } from 'electron';
import { runApp } from './app';
import { defaultSourceFactories } from '../../src/sources/open-pcsc';
import { startUpdates } from './updater';

const here = fileURLToPath(new URL('.', import.meta.url));
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

const started = runApp({
  argv: process.argv,
  paths: {
    preload: `${here}../preload/preload.cjs`,
    appUrl: devUrl ?? pathToFileURL(`${here}../renderer/index.html`).href,
  },
  sources: defaultSourceFactories({
    keysDir: join(app.getAppPath(), 'resources', 'virtual-card', 'keys'),
  }),
});

// Updates are off unless a feed is configured (README "Install"); a failed check must never
// take the app down, so it is only logged. A second instance quits and checks nothing.
if (started) {
  app
    .whenReady()
    .then(() => startUpdates())
    .catch((err: unknown) => console.error('update check failed:', err));
}

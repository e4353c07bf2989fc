/**
 * The Electron main process: thin glue between Electron, the card backend and one window.
 * Everything that decides something (CSP, navigation, sender checks, argument checks, the
 * source fallback) lives in its own module; this file only wires them together.
 */
import { writeFile } from 'node:fs/promises';
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { createCardBackend } from '../src/backend/backend';
import type { CardBackend } from '../src/backend/types';
import type { CardSource } from '../src/card-source';
import { CHANNELS, type AppInfo, type Channel } from '../src/ipc/contract';
import { allowedExternalUrl } from '../src/ipc/external-url';
import { createIpcRegistrar } from './ipc';
import { hardenContents, hardenSession, windowOptions } from './security';
import { chooseCardSource, parseLaunchArgs, type SourceFactories } from './source-choice';

export interface AppPaths {
  preload: string;
  /** The page to load: the built index.html as a file:// URL, or the dev server's URL. */
  appUrl: string;
}

export interface RunAppOptions {
  argv: readonly string[];
  paths: AppPaths;
  sources: SourceFactories;
}

async function openAllowed(url: string): Promise<void> {
  const allowed = allowedExternalUrl(url);
  if (allowed) await shell.openExternal(allowed);
}

/** Returns false when another instance already runs (this one then quits). */
export function runApp({ argv, paths, sources }: RunAppOptions): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  let window: BrowserWindow | null = null;
  let backend: CardBackend | null = null;
  let source: CardSource | null = null;

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, openAllowed));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    backend?.close();
    void source?.close();
  });

  async function start(): Promise<void> {
    hardenSession(session.defaultSession);
    const choice = await chooseCardSource(parseLaunchArgs(argv), sources);
    source = choice.source;
    const appInfo: AppInfo = {
      name: app.getName(),
      version: app.getVersion(),
      runtime: 'electron',
      platform: process.platform,
      demoScenario: choice.demoScenario,
    };
    backend = createCardBackend({
      source,
      appInfo,
      openUrl: (url) => shell.openExternal(url),
      diagnose: { openPcsc: () => sources.pcsc() },
      saveFile: async (fileName, data) => {
        const options = { defaultPath: fileName };
        const picked = window
          ? await dialog.showSaveDialog(window, options)
          : await dialog.showSaveDialog(options);
        if (picked.canceled || !picked.filePath) return false;
        await writeFile(picked.filePath, data);
        return true;
      },
    });
    const handle = createIpcRegistrar(ipcMain, () => window, paths.appUrl);
    const handlers = backend.handlers;
    const register = <C extends Channel>(channel: C) => handle(channel, handlers[channel]);
    for (const channel of CHANNELS) register(channel);

    window = new BrowserWindow(windowOptions(paths.preload));
    const shown = window;
    backend.subscribe((event, payload) => {
      if (!shown.isDestroyed()) shown.webContents.send(event, payload);
    });
    shown.once('ready-to-show', () => shown.show());
    shown.on('closed', () => {
      if (window === shown) window = null;
    });
    await shown.loadURL(paths.appUrl);
  }

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      console.error('Citizen Card Manager could not start:', err);
      app.exit(1);
    });
  return true;
}

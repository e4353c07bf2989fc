/**
 * The Electron main process: thin glue between Electron, the card backend and one window.
 * Everything that decides something (CSP, navigation, sender checks, argument checks, the
 * card source and its switch to the demo card) lives in its own module; this file only
 * wires them together.
 */
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session, shell, utilityProcess } from 'electron';
import { createCardBackend } from '../../src/service/handlers';
import type { CardBackend } from '../../src/service/handler-types';
import type { CardSource } from '../../src/sources/card-source';
import type { AppInfo } from '../../src/service/contract';
import { allowedExternalUrl } from '../../src/service/external-url';
import type { Pkcs11Settings } from '../../src/sources/pin-backend';
import { registerChannels } from './ipc';
import { startDesktopReminders } from './reminders';
import { KnownCards } from '../../src/service/known-cards';
import { userDirs } from '../../src/platform';
import { utilityProcessLauncher, type UtilityFork } from './pkcs11-launcher';
import { dialogFileSaver } from './save-file';
import { hardenContents, hardenSession, windowOptions } from './security';
import { parseLaunchArgs, type SourceFactories } from '../../src/sources/source-choice';
import { openSwitchableSource } from '../../src/sources/switchable-source';

export interface AppPaths {
  preload: string;
  /** The page to load: the built index.html as a file:// URL, or the dev server's URL. */
  appUrl: string;
  /**
   * The built PKCS#11 worker (electron.vite.config.ts builds it as its own entry).
   * Default: pkcs11-worker.js next to the bundle this file is built into, out/main/.
   */
  pkcs11Worker?: string;
}

export interface RunAppOptions {
  argv: readonly string[];
  paths: AppPaths;
  sources: SourceFactories;
  /**
   * Where CITIZEN_CARD_PKCS11_MODULE and the vendor's install folders are read, and the
   * PKCS#11 worker's environment; default process.env.
   */
  env?: NodeJS.ProcessEnv;
}

/**
 * How the app reaches a real MOICA card's PIN (README "Real MOICA cards"): the vendor's module, found
 * from CITIZEN_CARD_PKCS11_MODULE or its usual install paths, loaded only inside the
 * bundled worker, started as an Electron utility process (./pkcs11-launcher.ts: the
 * runAsNode fuse stays off). The worker is plain JavaScript, so it needs no loader.
 */
export function appPkcs11Settings(paths: AppPaths, env: NodeJS.ProcessEnv): Pkcs11Settings {
  const script =
    paths.pkcs11Worker ?? join(dirname(fileURLToPath(import.meta.url)), 'pkcs11-worker.js');
  const fork: UtilityFork = (modulePath, args, options) =>
    utilityProcess.fork(modulePath, args, options);
  return {
    environment: { platform: process.platform, home: homedir(), env },
    client: { env, launch: utilityProcessLauncher(script, fork) },
  };
}

async function openAllowed(url: string): Promise<void> {
  const allowed = allowedExternalUrl(url);
  if (allowed) await shell.openExternal(allowed);
}

/** Returns false when another instance already runs (this one then quits). */
export function runApp({ argv, paths, sources, env = process.env }: RunAppOptions): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  let window: BrowserWindow | null = null;
  let backend: CardBackend | null = null;
  let source: CardSource | null = null;
  let stopReminders: () => void = () => undefined;

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, openAllowed));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    stopReminders();
    backend?.close();
    void source?.close();
  });

  async function start(): Promise<void> {
    hardenSession(session.defaultSession);
    // Real cards unless --demo: never the demo card in place of a missing service or reader.
    const { demo } = parseLaunchArgs(argv);
    const switchable = await openSwitchableSource(demo, sources, (m) => console.error(m));
    source = switchable;
    const appInfo: AppInfo = {
      name: app.getName(),
      version: app.getVersion(),
      runtime: 'electron',
      platform: process.platform,
      demoScenario: demo,
    };
    const knownCards = new KnownCards(userDirs(env));
    backend = createCardBackend({
      source: switchable,
      sourceSwitch: switchable,
      appInfo,
      knownCards,
      openUrl: (url) => shell.openExternal(url),
      pinBackends: { pkcs11: appPkcs11Settings(paths, env) },
      saveFile: dialogFileSaver((defaultPath) =>
        window
          ? dialog.showSaveDialog(window, { defaultPath })
          : dialog.showSaveDialog({ defaultPath }),
      ),
    });
    registerChannels(ipcMain, backend.handlers, () => window, paths.appUrl);

    stopReminders = startDesktopReminders(knownCards, {
      onClick: () => {
        if (!window || window.isDestroyed()) return;
        if (window.isMinimized()) window.restore();
        window.show();
        window.focus();
      },
    });

    window = new BrowserWindow(windowOptions(paths.preload));
    const shown = window;
    // Every window shows the one card state the backend owns.
    backend.subscribe((event, payload) => {
      for (const each of BrowserWindow.getAllWindows()) {
        if (!each.isDestroyed()) each.webContents.send(event, payload);
      }
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

/**
 * Updates: electron-updater against a generic HTTPS feed, off unless one is configured
 * (src/updates/config.ts). electron-updater downloads; nothing is installed until the
 * download's Ed25519 signature, fetched from beside it in the feed, verifies against a key
 * pinned in the app (src/updates), and the person agrees to restart; the file is verified
 * again right before it is handed to the installer.
 *
 * electron-updater never installs on its own here: autoInstallOnAppQuit is off, so a
 * download that fails the check just stays in its cache and is checked again next time.
 *
 * Wiring: call startUpdates() once the app is ready (src-main/electron/main.ts).
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { app, dialog, net } from 'electron';
import { langFromLocale, localizeError, t, type Lang } from '../../src/core/i18n';
import {
  TRUSTED_UPDATE_KEYS,
  feedUrlFromPackageJson,
  resolveUpdateConfig,
  signatureUrl,
  verifyDownloadedUpdate,
  type UpdateConfig,
} from '../../src/updates';

/** The part of electron-updater's AppUpdater used here. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  on(event: 'update-downloaded', listener: (info: DownloadedInfo) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

/** electron-updater's UpdateDownloadedEvent, as far as it is read. */
export interface DownloadedInfo {
  version: string;
  downloadedFile: string;
}

export interface RestartQuestion {
  title: string;
  message: string;
  detail: string;
  restart: string;
  later: string;
}

export interface UpdaterDeps {
  config: UpdateConfig;
  currentVersion: string;
  lang: Lang;
  loadUpdater(): Promise<UpdaterLike>;
  /** The body at `url`, or null when the server says it is not there (404). */
  fetchText(url: string): Promise<string | null>;
  askToRestart(question: RestartQuestion): Promise<boolean>;
  log(message: string): void;
}

/** The biggest signature file accepted; a real one is about 400 bytes. */
const MAX_SIGNATURE_BYTES = 64 * 1024;
const FETCH_TIMEOUT_MS = 30_000;

/**
 * Sets electron-updater up and starts one check. Resolves with what was done; every
 * failure is logged, none is thrown (an update problem must never stop the card tool).
 */
export async function runUpdater(deps: UpdaterDeps): Promise<'off' | 'checking'> {
  const { config } = deps;
  if (!config.enabled) {
    deps.log(`updates: off (${config.reason})`);
    return 'off';
  }
  let updater: UpdaterLike;
  try {
    updater = await deps.loadUpdater();
  } catch (err) {
    deps.log(`updates: electron-updater could not be loaded: ${String(err)}`);
    return 'off';
  }
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = false;
  updater.allowDowngrade = false;
  updater.allowPrerelease = false;
  updater.setFeedURL({ provider: 'generic', url: config.feedUrl });

  // One download at a time; the promise is returned for whoever emitted the event (tests).
  let busy: Promise<void> | null = null;
  updater.on('update-downloaded', (info) => {
    busy ??= handleDownloaded(deps, config, updater, info).finally(() => {
      busy = null;
    });
    return busy;
  });
  updater.on('error', (error) => deps.log(`updates: ${error.message}`));
  updater.checkForUpdates().catch((err: unknown) => deps.log(`updates: check failed: ${err}`));
  return 'checking';
}

async function handleDownloaded(
  deps: UpdaterDeps,
  config: Extract<UpdateConfig, { enabled: true }>,
  updater: UpdaterLike,
  info: DownloadedInfo,
): Promise<void> {
  const fileName = basename(info.downloadedFile);
  let signatureText: string | null;
  try {
    signatureText = await deps.fetchText(signatureUrl(config.feedUrl, fileName));
  } catch (err) {
    deps.log(`updates: signature of ${fileName} could not be fetched (${err}); not installed`);
    return;
  }
  const download = {
    filePath: info.downloadedFile,
    version: info.version,
    currentVersion: deps.currentVersion,
  };
  const verify = async (when: string): Promise<boolean> => {
    try {
      const verified = await verifyDownloadedUpdate(download, signatureText, config.trustedKeys);
      deps.log(
        `updates: ${verified.file} ${verified.version} verified ${when} (key ${verified.keyId})`,
      );
      return true;
    } catch (err) {
      deps.log(`updates: ${localizeError(err, 'en')} (${when}); not installed`);
      return false;
    }
  };
  if (!(await verify('after download'))) return;
  const text = (key: string) => t(deps.lang, `update.ready.${key}`, { version: info.version });
  const restart = await deps.askToRestart({
    title: text('title'),
    message: text('message'),
    detail: text('detail'),
    restart: text('restart'),
    later: text('later'),
  });
  if (!restart) return;
  // The question may have waited for hours while the file sat in a cache folder any
  // program of this user can write: what gets installed is checked again, just before.
  if (await verify('before installing')) updater.quitAndInstall(false, true);
}

async function fetchText(url: string): Promise<string | null> {
  const response = await net.fetch(url, {
    redirect: 'follow',
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  if (!response.url.startsWith('https:')) throw new Error('redirected away from HTTPS');
  const body = await response.arrayBuffer();
  if (body.byteLength > MAX_SIGNATURE_BYTES) throw new Error('signature file too large');
  return new TextDecoder().decode(body);
}

async function packagedFeedUrl(): Promise<string | undefined> {
  try {
    const json: unknown = JSON.parse(
      await readFile(join(app.getAppPath(), 'package.json'), 'utf8'),
    );
    return feedUrlFromPackageJson(json);
  } catch {
    return undefined;
  }
}

/** The Electron wiring of runUpdater. */
export async function startUpdates(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<void> {
  const config = resolveUpdateConfig({
    env,
    packagedFeedUrl: await packagedFeedUrl(),
    trustedKeys: TRUSTED_UPDATE_KEYS,
    isPackaged: app.isPackaged,
  });
  await runUpdater({
    config,
    currentVersion: app.getVersion(),
    lang: langFromLocale(app.getLocale()),
    loadUpdater: async () =>
      (await import('electron-updater')).default.autoUpdater as unknown as UpdaterLike,
    fetchText,
    askToRestart: async (q) => {
      const { response } = await dialog.showMessageBox({
        type: 'info',
        title: q.title,
        message: q.message,
        detail: q.detail,
        buttons: [q.restart, q.later],
        defaultId: 0,
        cancelId: 1,
      });
      return response === 0;
    },
    log: (message) => console.log(message),
  });
}

/**
 * `npm run web` (and `npm start` without Electron): builds the renderer if it is missing,
 * opens the card source like the desktop app does (real cards through PC/SC, whatever state
 * PC/SC is in; the demo card only with `--demo`), serves the page and the bridge, and
 * prints the one URL to open. Messages are printed in zh-TW, then English.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCardBackend } from '../../src/service/handlers';
import { KnownCards } from '../../src/service/known-cards';
import type { CardBackend } from '../../src/service/handler-types';
import { localizeError, t } from '../../src/core/i18n';
import type { MessageParams } from '../../src/core/errors';
import { parseLaunchArgs, type SourceFactories } from '../../src/sources/source-choice';
import { defaultSourceFactories } from '../../src/sources/open-pcsc';
import { openSwitchableSource, type SwitchableSource } from '../../src/sources/switchable-source';
import { startBrowserHost, type BrowserHost } from './server';
import { openInSystemBrowser } from '../../src/service/open-url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIR = join(PROJECT_ROOT, 'out', 'renderer');

export interface HostIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIO: HostIO = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** One message, both languages: the person may read either. */
export function bilingual(key: string, params: MessageParams = {}): string {
  return `${t('zh-TW', key, params)}\n${t('en', key, params)}`;
}

/** `electron-vite build` (main, preload, renderer): about a second, no Electron binary needed. */
export function buildRenderer(io: HostIO = consoleIO): boolean {
  io.out(bilingual('host.building'));
  const bin = join(PROJECT_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [bin, 'build'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) io.err(bilingual('host.buildFailed'));
  return result.status === 0;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export interface RunningHost {
  host: BrowserHost;
  /** What the host serves (a host restarted on the same port and token serves it again). */
  backend: CardBackend;
  /** The card source in use (tests watch it, and switch it as the page's buttons do). */
  source: SwitchableSource;
  stop(): Promise<void>;
}

/** Start everything; resolves once the URL is printed. */
export async function runBrowserHost(
  argv: readonly string[],
  io: HostIO = consoleIO,
  sources: SourceFactories = defaultSourceFactories(),
): Promise<RunningHost> {
  if (!existsSync(join(RENDERER_DIR, 'index.html')) || argv.includes('--build')) {
    if (!buildRenderer(io)) throw new Error('renderer build failed');
  }
  const { demo } = parseLaunchArgs(argv);
  const source = await openSwitchableSource(demo, sources, io.err);
  if (demo) io.out(bilingual('host.demo', { scenario: demo }));
  const backend = createCardBackend({
    source,
    sourceSwitch: source,
    appInfo: {
      name: 'Citizen Card Manager',
      version: packageVersion(),
      runtime: 'browser',
      platform: process.platform,
      demoScenario: demo,
    },
    openUrl: argv.includes('--no-open-links') ? undefined : (url) => openInSystemBrowser(url),
    // The page shows due reminders itself: a browser tab has no system notifications.
    knownCards: new KnownCards(),
  });
  const port = Number(argv.find((a) => a.startsWith('--port='))?.slice('--port='.length) ?? 0);
  const host = await startBrowserHost({
    backend,
    rendererDir: RENDERER_DIR,
    port: Number.isInteger(port) && port >= 0 && port < 65536 ? port : 0,
  });
  io.out(bilingual('host.openUrl', { url: host.url }));
  io.out(bilingual('host.stop'));
  return {
    host,
    backend,
    source,
    async stop() {
      await host.close();
      backend.close();
      await source.close();
    },
  };
}

/** Entry point: run until Ctrl+C. */
export async function main(argv: readonly string[]): Promise<void> {
  let running: RunningHost;
  try {
    running = await runBrowserHost(argv);
  } catch (err) {
    consoleIO.err(`${localizeError(err, 'zh-TW')}\n${localizeError(err, 'en')}`);
    process.exitCode = 1;
    return;
  }
  const stop = () => {
    void running.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

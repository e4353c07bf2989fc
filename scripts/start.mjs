#!/usr/bin/env node
// `npm start [-- --demo [SCENARIO]]`: the one command a newcomer runs.
//  1. No node_modules (a fresh clone): run `npm install` first.
//  2. Build main, preload and renderer (electron-vite, no Electron binary needed).
//  3. If the Electron runtime can be had (and can show a window here): build the PC/SC addon
//     for it (scripts/rebuild-electron.mjs, only when its Electron version changed) and
//     launch it. Otherwise (or when that build fails) say so, in zh-TW and English, and
//     serve the same UI to a browser through the browser host, printing its URL.
// The app always starts on real cards: without pcscd or a reader it says what is missing
// and picks the service and readers up when they come. The demo card runs only on request.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSay } from './messages.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const say = createSay(root);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function installIfMissing() {
  if (existsSync(join(root, 'node_modules', '.package-lock.json'))) return;
  say('host.installing');
  const result = spawnSync(npm, ['install'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    say('host.installFailed');
    process.exit(1);
  }
}

function build() {
  say('host.building');
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [bin, 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) {
    say('host.buildFailed');
    process.exit(1);
  }
}

/**
 * The Electron binary's path, or null. `require('electron')` downloads the binary on first
 * use; where that is impossible it fails within seconds, and its noise is not shown.
 */
function electronBinary() {
  if (process.env.CCM_BROWSER === '1') return null;
  // Electron needs a display on Linux; over SSH or in a container there is none.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return null;
  }
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 5 * 60_000,
  });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  return path && existsSync(path) ? path : null;
}

/** Run a child with our stdio and pass Ctrl+C / termination on; exit with its code. */
function runChild(command, childArgs, env = process.env) {
  const child = spawn(command, childArgs, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** Returns false when the PC/SC addon cannot be built for Electron. */
async function launchElectron(binary) {
  const { isCurrent, nativeDir, rebuildForElectron } = await import('./rebuild-electron.mjs');
  if (!isCurrent() && !rebuildForElectron()) {
    // Electron without a loadable addon would see no reader at all; the browser host
    // loads Node's own build of it.
    say('host.rebuildFailed');
    return false;
  }
  const env = { ...process.env, CCM_PCSCLITE_DIR: join(nativeDir, 'node_modules') };
  say('host.startingElectron');
  runChild(binary, ['.', ...args], env);
  return true;
}

function launchBrowserHost(why = 'host.electronMissing') {
  if (why) say(why);
  runChild(process.execPath, [
    '--import',
    'tsx',
    join(root, 'src-main/browser-host/main.ts'),
    ...args,
  ]);
}

installIfMissing();
build();
const binary = electronBinary();
if (!binary) launchBrowserHost();
else if (!(await launchElectron(binary))) launchBrowserHost(null);

#!/usr/bin/env node
// `npm run rebuild:electron`: builds the pcsclite addon for Electron's ABI in a copy under
// node_modules/.cache/ccm-electron-native, so the Node build in node_modules stays what the
// tests and the browser host load. The Electron main process is pointed at the copy through
// CCM_PCSCLITE_DIR (scripts/start.mjs sets it). Needs Electron's headers (a download).
// Installers do their own in-place rebuild (electron-builder), not this.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const nativeDir = join(root, 'node_modules', '.cache', 'ccm-electron-native');
const stampFile = join(nativeDir, 'electron-version');

export function electronVersion() {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'))
    .version;
}

/** True when the copy is already built for this Electron version. */
export function isCurrent() {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === electronVersion();
}

/** Copy pcsclite and what its build and loader need, then rebuild it there. */
export function rebuildForElectron() {
  const version = electronVersion();
  rmSync(nativeDir, { recursive: true, force: true });
  mkdirSync(join(nativeDir, 'node_modules'), { recursive: true });
  const require = createRequire(join(root, 'package.json'));
  for (const name of ['pcsclite', 'nan', 'bindings', 'file-uri-to-path']) {
    const dir = dirname(require.resolve(`${name}/package.json`));
    cpSync(dir, join(nativeDir, 'node_modules', name), { recursive: true });
  }
  const pcscVersion = JSON.parse(
    readFileSync(join(nativeDir, 'node_modules', 'pcsclite', 'package.json'), 'utf8'),
  ).version;
  writeFileSync(
    join(nativeDir, 'package.json'),
    JSON.stringify({
      name: 'ccm-electron-native',
      private: true,
      dependencies: { pcsclite: pcscVersion },
    }),
  );
  const bin = join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js');
  const result = spawnSync(
    process.execPath,
    [bin, '--version', version, '--module-dir', nativeDir, '--only', 'pcsclite', '--force'],
    { cwd: nativeDir, stdio: 'inherit' },
  );
  if (result.status !== 0) return false;
  writeFileSync(stampFile, version + '\n');
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = rebuildForElectron() ? 0 : 1;
}

/**
 * The end-to-end run needs pcscd with the vpcd driver and Debian's Chromium. Outside CI a
 * machine without them skips the suite with one loud line; with CI=true it fails. The one
 * pcscd of the machine is shared with the `pcsc` project through test/helpers/pcscd.ts
 * (reused when running, started and stopped by PID when not). The renderer is built fresh,
 * so the page under test is the code in the tree.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import {
  acquireRunLock,
  ENABLE_HINT,
  ensurePcscd,
  findPcscd,
  stopOwnedPcscd,
  vpcdInstalled,
} from '../helpers/pcscd';

export const CHROMIUM = '/usr/bin/chromium';

export interface E2eEnv {
  available: boolean;
  reason: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eEnv;
  }
}

const loud = (text: string) => process.stderr.write(`\n*** END-TO-END TESTS: ${text} ***\n\n`);

function skipOrFail(project: TestProject, reason: string): () => Promise<void> {
  if (process.env.CI === 'true') throw new Error(`end-to-end tests cannot run: ${reason}`);
  loud(`SKIPPED: ${reason}`);
  project.provide('e2e', { available: false, reason });
  return async () => {};
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const missing = !findPcscd()
    ? `pcscd is not installed (${ENABLE_HINT})`
    : !vpcdInstalled()
      ? `vsmartcard-vpcd is not installed (${ENABLE_HINT})`
      : !existsSync(CHROMIUM)
        ? `${CHROMIUM} is missing (sudo apt-get install chromium)`
        : null;
  if (missing) return skipOrFail(project, missing);

  const build = spawnSync(
    process.execPath,
    ['node_modules/electron-vite/bin/electron-vite.js', 'build'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (build.status !== 0) throw new Error('electron-vite build failed');

  const release = await acquireRunLock(undefined, (holder) =>
    loud(`waiting for another PC/SC test run (pid ${holder}) to finish`),
  );
  try {
    await ensurePcscd();
  } catch (e) {
    release();
    return skipOrFail(project, `cannot start pcscd: ${(e as Error).message.split('\n')[0]}`);
  }
  project.provide('e2e', { available: true, reason: null });
  return async () => {
    try {
      await stopOwnedPcscd();
    } finally {
      release();
    }
  };
}

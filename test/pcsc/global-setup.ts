/**
 * Global setup of the serial `pcsc` project: one pcscd for the whole run, started here
 * unless one is already running, stopped here if this run owns it.
 *
 * Outside CI a machine without pcscd/vpcd skips the suite with one loud line; with
 * CI=true a missing or unstartable pcscd fails the run.
 */
import type { TestProject } from 'vitest/node';
import {
  acquireRunLock,
  ENABLE_HINT,
  ensurePcscd,
  findPcscd,
  mayRestart,
  stopOwnedPcscd,
  vpcdInstalled,
} from '../helpers/pcscd';

export interface PcscTestEnv {
  /** pcscd with the vpcd driver is running: the suite runs. */
  available: boolean;
  /** Why not, when not. */
  reason: string | null;
  /** Fault tests may stop and restart pcscd. */
  restartable: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pcsc: PcscTestEnv;
  }
}

const loud = (text: string) => process.stderr.write(`\n*** PC/SC TESTS: ${text} ***\n\n`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const inCi = process.env.CI === 'true';
  const missing = !findPcscd()
    ? 'pcscd is not installed'
    : !vpcdInstalled()
      ? 'vsmartcard-vpcd is not installed'
      : null;
  if (missing) {
    if (inCi) throw new Error(`${missing}; CI needs it (${ENABLE_HINT})`);
    loud(`SKIPPED: ${missing}. To run them: ${ENABLE_HINT}`);
    project.provide('pcsc', { available: false, reason: missing, restartable: false });
    return async () => {};
  }

  const release = await acquireRunLock(undefined, (holder) =>
    loud(`waiting for another PC/SC test run (pid ${holder}) to finish`),
  );
  let status;
  try {
    status = await ensurePcscd();
  } catch (e) {
    release();
    const why = `cannot start pcscd: ${(e as Error).message.split('\n')[0]}`;
    if (inCi) throw new Error(why);
    loud(
      `SKIPPED: ${why}. Run the tests as root, or start pcscd first (sudo systemctl start pcscd)`,
    );
    project.provide('pcsc', { available: false, reason: why, restartable: false });
    return async () => {};
  }
  const restartable = mayRestart(status);
  if (!restartable) {
    loud(
      'the pcscd restart tests are SKIPPED: this pcscd belongs to the system. ' +
        'Set CITIZEN_CARD_PCSCD_RESTARTABLE=1 to let them stop and restart it',
    );
  }
  project.provide('pcsc', { available: true, reason: null, restartable });

  return async () => {
    try {
      await stopOwnedPcscd();
    } finally {
      release();
    }
  };
}

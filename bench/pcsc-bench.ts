/**
 * What the PC/SC benchmarks share: they run alone (the PC/SC tests' run lock), with loopback
 * quickack as asked, against pcscd (started when none runs), and undo all of it, last first,
 * however the run ends.
 */
import { acquireRunLock, ensurePcscd, stopOwnedPcscd } from '../test/helpers/pcscd';
import { loopbackQuickack, setQuickack, type QuickackState } from './quickack';

export interface PcscBench {
  quickack: { state: QuickackState; route: string };
  /** Whether pcscd was started for this run (and is stopped after it). */
  pcscdStarted: boolean;
  /** Undone after the run, the last added first. */
  cleanups: Array<() => Promise<void>>;
}

/** `run` inside that setting; `quickack` is the --quickack option (on, off or unset). */
export async function withPcscBench(
  quickack: string | undefined,
  run: (bench: PcscBench) => Promise<number>,
): Promise<number> {
  const release = await acquireRunLock(undefined, (holder) =>
    console.error(`waiting for the PC/SC test run of pid ${holder} to finish...`),
  );
  const cleanups: PcscBench['cleanups'] = [];
  try {
    if (quickack !== undefined) {
      if (quickack !== 'on' && quickack !== 'off') throw new Error('--quickack takes on or off');
      cleanups.push(await setQuickack(quickack === 'on'));
    }
    const state = await loopbackQuickack();
    const pcscd = await ensurePcscd();
    if (pcscd.owned) cleanups.push(stopOwnedPcscd);
    return await run({ quickack: state, pcscdStarted: pcscd.owned, cleanups });
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (e) {
        console.error(`cleanup: ${(e as Error).message}`);
      }
    }
    release();
  }
}

/** A benchmark script's entry: its exit code, or 2 with the stack when it failed to run. */
export function runBenchmark(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(`benchmark failed: ${(err as Error)?.stack ?? String(err)}`);
      process.exitCode = 2;
    },
  );
}

/**
 * The app's PKCS#11 worker as an Electron utility process. child_process.fork would run
 * the Electron binary as Node, which needs the runAsNode fuse; with that fuse on, any local
 * program could run code as this signed app (ELECTRON_RUN_AS_NODE=1). So the fuse is off
 * (electron-builder.yml) and the worker starts through utilityProcess.fork, a Chromium
 * child process that speaks to us over process.parentPort (src/card/pkcs11/worker.ts).
 *
 * `fork` is injected: tests give an imitation, the app gives Electron's.
 */
import { existsSync } from 'node:fs';
import { Pkcs11ModuleError } from '../../src/card/pkcs11/errors';
import type { WorkerLauncher } from '../../src/card/pkcs11/client';
import type { WorkerRequest } from '../../src/card/pkcs11/protocol';

/** The part of Electron's UtilityProcess used here. */
export interface UtilityProcessLike {
  readonly pid?: number | undefined;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'spawn', listener: () => void): unknown;
}

export interface UtilityForkOptions {
  env: NodeJS.ProcessEnv;
  stdio: 'ignore';
  serviceName: string;
  /**
   * macOS: start it through the "Electron Helper (Plugin)" app, which is signed with the
   * entitlement to load a library signed by another team, as the vendor's module is.
   */
  allowLoadingUnsignedLibraries?: boolean;
}

export type UtilityFork = (
  modulePath: string,
  args: string[],
  options: UtilityForkOptions,
) => UtilityProcessLike;

/** The worker's own id for "finalize and exit"; no call waits for its answer. */
const EXIT_REQUEST: WorkerRequest = { id: 0, op: 'exit' };

export function utilityProcessLauncher(
  script: string,
  fork: UtilityFork,
  platform: NodeJS.Platform = process.platform,
): WorkerLauncher {
  return (env) => {
    if (!existsSync(script)) {
      throw new Pkcs11ModuleError('workerMissing', {}, `no worker at ${script}`);
    }
    const child = fork(script, [], {
      env,
      // The module may print anything; none of it belongs in the app's output.
      stdio: 'ignore',
      serviceName: 'Citizen Card Manager PKCS#11',
      ...(platform === 'darwin' ? { allowLoadingUnsignedLibraries: true } : {}),
    });
    const exitListeners: Array<(reason: string) => void> = [];
    let ended = false;
    child.on('exit', (code) => {
      if (ended) return;
      ended = true;
      for (const listener of exitListeners) listener(`exit code ${code}`);
    });
    return {
      get pid() {
        return child.pid;
      },
      send(message, onError) {
        if (ended) {
          onError(new Error('worker ended'));
          return;
        }
        try {
          // Structured clone, as fork's 'advanced' serialisation: PIN bytes stay bytes.
          child.postMessage(message);
        } catch (err) {
          onError(err as Error);
        }
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => exitListeners.push(listener),
      disconnect: () => {
        if (!ended) child.postMessage(EXIT_REQUEST);
      },
      kill: () => {
        child.kill();
      },
    };
  };
}

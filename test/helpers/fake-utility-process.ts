/**
 * An imitation of Electron's utilityProcess.fork for tests that cannot start Electron: a
 * Node child process in which the module finds process.parentPort (and no process.send),
 * with the UtilityProcess surface the app uses (postMessage, kill, 'spawn', 'message',
 * 'exit' with a code).
 */
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import type {
  UtilityForkOptions,
  UtilityProcessLike,
} from '../../src-main/electron/pkcs11-launcher';

const SHIM = fileURLToPath(new URL('./utility-process-shim.mjs', import.meta.url));

export interface FakeUtilityProcess extends UtilityProcessLike {
  readonly options: UtilityForkOptions;
  readonly modulePath: string;
}

export const forkedUtilities: FakeUtilityProcess[] = [];

export function fakeUtilityFork(
  modulePath: string,
  args: string[],
  options: UtilityForkOptions,
): FakeUtilityProcess {
  const child = fork(SHIM, [modulePath, ...args], {
    env: options.env,
    execArgv: [],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  // Electron's postMessage to a process that has gone says nothing; neither does this.
  child.on('error', () => undefined);
  child.unref();
  child.channel?.unref();
  const events = new EventEmitter();
  child.on('spawn', () => events.emit('spawn'));
  child.on('message', (message) => events.emit('message', message));
  child.on('exit', (code, signal) => events.emit('exit', code ?? (signal ? 1 : 0)));
  const utility: FakeUtilityProcess = {
    options,
    modulePath,
    get pid() {
      return child.pid;
    },
    postMessage: (message) => {
      child.send(message as never);
    },
    kill: () => child.kill('SIGKILL'),
    on: ((event: string, listener: (...a: unknown[]) => void) => {
      events.on(event, listener);
      return utility;
    }) as FakeUtilityProcess['on'],
  };
  forkedUtilities.push(utility);
  return utility;
}

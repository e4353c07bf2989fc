/**
 * The app's side of the PKCS#11 worker: starts the child process on first use, sends one
 * request at a time, and turns a hang (per-call timeout), a crash or an exit into a typed
 * error. The app itself never loads the vendor's module, so nothing the module does can
 * take it down.
 *
 * After every call that carried a secret the worker is ended: pkcs11js takes PINs as
 * JavaScript strings, which cannot be wiped, so the process holding them goes away.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { errorFromFailure, Pkcs11ModuleError, Pkcs11TimeoutError } from './errors';
import {
  isWorkerResponse,
  SECRET_OPS,
  type RequestOf,
  type ResponseOf,
  type WorkerOp,
  type WorkerRequest,
} from './protocol';

/**
 * What the client needs from a worker process: Node's fork (forkLauncher: CLI, browser
 * host, tests) or Electron's utilityProcess (src-main/electron/pkcs11-launcher.ts: the app).
 */
export interface WorkerProcess {
  /** The OS process ID, when there is one (for diagnostics and tests). */
  readonly pid?: number;
  /** Serialises the message at once; `onError` hears of a channel that is already gone. */
  send(message: WorkerRequest, onError: (err: Error) => void): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, however the process ended (exit, signal, or failure to start). */
  onExit(listener: (reason: string) => void): void;
  /** Asks the worker to finalize the module and exit. */
  disconnect(): void;
  kill(): void;
}

export type WorkerLauncher = (env: NodeJS.ProcessEnv) => WorkerProcess;

export interface WorkerEntry {
  script: string;
  execArgv: string[];
}

/**
 * The worker script next to this file. From the TypeScript sources (CLI, tests) it runs
 * through tsx's loader; a bundled build passes its own entry.
 */
export function defaultWorkerEntry(): WorkerEntry {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const tsx = createRequire(import.meta.url).resolve('tsx');
    return {
      script: join(dirname(here), 'worker.ts'),
      execArgv: ['--import', pathToFileURL(tsx).href],
    };
  }
  return { script: join(dirname(here), 'pkcs11-worker.js'), execArgv: [] };
}

export function forkLauncher(entry: WorkerEntry = defaultWorkerEntry()): WorkerLauncher {
  return (env) => {
    // A build that forgot the worker would otherwise fork something else (in Electron, the
    // app itself): say so instead.
    if (!existsSync(entry.script)) {
      throw new Pkcs11ModuleError('workerMissing', {}, `no worker at ${entry.script}`);
    }
    // Inside Electron, fork would start the Electron binary, which runs as Node only with
    // the runAsNode fuse, and that fuse is off (electron-builder.yml): it would start the
    // app again. The app uses utilityProcess instead.
    if (process.versions.electron) {
      throw new Pkcs11ModuleError('workerMissing', {}, 'fork is not available inside Electron');
    }
    const child = fork(entry.script, [], {
      execArgv: entry.execArgv,
      env,
      serialization: 'advanced',
      // The module may print anything: none of it may mix with the CLI's output (--json).
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    // Neither the worker nor its channel keeps the app alive: a call's timer does.
    child.unref();
    child.channel?.unref();
    const exitListeners: Array<(reason: string) => void> = [];
    let ended = false;
    const end = (reason: string): void => {
      if (ended) return;
      ended = true;
      for (const l of exitListeners) l(reason);
    };
    child.on('exit', (code, signal) => end(signal ?? `exit code ${code ?? '?'}`));
    child.on('error', (err) => end((err as NodeJS.ErrnoException).code ?? err.name));
    return {
      pid: child.pid,
      send(message, onError) {
        child.send(message, (err) => {
          if (err) onError(err);
        });
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => exitListeners.push(listener),
      disconnect: () => {
        if (child.connected) child.disconnect();
      },
      kill: () => {
        child.kill('SIGKILL');
      },
    };
  };
}

export interface Pkcs11ClientOptions {
  modulePath: string;
  /** Per call; default 15 s. */
  callTimeoutMs?: number;
  /** Starting the worker and loading the module (C_Initialize); default 30 s. */
  startTimeoutMs?: number;
  /** The worker's environment; default this process's (SOFTHSM2_CONF in tests). */
  env?: NodeJS.ProcessEnv;
  /**
   * End the worker (C_Finalize) after this long without a call, so a long-lived app does
   * not keep the vendor's module, and whatever it holds, loaded; default: keep it.
   */
  idleMs?: number;
  launch?: WorkerLauncher;
}

const CALL_TIMEOUT_MS = 15_000;
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 2_000;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  timer: NodeJS.Timeout;
}

/** One started worker process and its calls in flight. */
class RunningWorker {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private endReason: string | null = null;
  readonly exited: Promise<void>;

  constructor(private readonly proc: WorkerProcess) {
    let markExited!: () => void;
    this.exited = new Promise<void>((resolve) => (markExited = resolve));
    proc.onExit((reason) => {
      this.endReason = reason;
      this.failAll(() => new Pkcs11ModuleError('crashed', { reason }, `worker ended: ${reason}`));
      markExited();
    });
    proc.onMessage((message) => {
      if (!isWorkerResponse(message)) return;
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.ok) p.resolve(message.value);
      else p.reject(errorFromFailure(message.failure));
    });
  }

  get alive(): boolean {
    return this.endReason === null;
  }

  request<K extends WorkerOp>(
    op: K,
    body: RequestOf<K>,
    timeoutMs: number,
  ): Promise<ResponseOf<K>> {
    if (!this.alive) {
      const reason = this.endReason ?? '?';
      return Promise.reject(new Pkcs11ModuleError('crashed', { reason }));
    }
    const id = this.nextId++;
    return new Promise<ResponseOf<K>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        // A module stuck inside a call cannot be interrupted: the process goes.
        this.proc.kill();
        reject(new Pkcs11TimeoutError(timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      const message = { id, op, ...body } as WorkerRequest;
      this.proc.send(message, () => {
        const p = this.pending.get(id);
        if (!p) return;
        this.pending.delete(id);
        clearTimeout(p.timer);
        reject(new Pkcs11ModuleError('crashed', { reason: this.endReason ?? 'channel closed' }));
      });
    });
  }

  /** Finalize and exit; killed if it does not go within the grace period. */
  async stop(): Promise<void> {
    if (this.alive) {
      this.proc.disconnect();
      const grace = new Promise<'late'>((resolve) => {
        const t = setTimeout(() => resolve('late'), STOP_GRACE_MS);
        void this.exited.then(() => clearTimeout(t));
      });
      if ((await Promise.race([this.exited, grace])) === 'late') this.proc.kill();
    }
    await this.exited;
  }

  kill(): void {
    if (this.alive) this.proc.kill();
  }

  private failAll(make: () => Error): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      clearTimeout(p.timer);
      p.reject(make());
    }
  }
}

export class Pkcs11Client {
  private worker: RunningWorker | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly launch: WorkerLauncher;

  constructor(private readonly options: Pkcs11ClientOptions) {
    this.launch = options.launch ?? forkLauncher();
  }

  get modulePath(): string {
    return this.options.modulePath;
  }

  /** One call at a time, in order; each with its own timeout. */
  call<K extends WorkerOp>(op: K, body: RequestOf<K>): Promise<ResponseOf<K>> {
    const run = async (): Promise<ResponseOf<K>> => {
      if (this.closed) throw new Pkcs11ModuleError('closed');
      this.cancelIdle();
      const worker = await this.started();
      try {
        return await worker.request(op, body, this.options.callTimeoutMs ?? CALL_TIMEOUT_MS);
      } finally {
        if (SECRET_OPS.has(op)) await this.stopWorker();
        else this.armIdle();
      }
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Ends the worker (the module is finalized); the client cannot be used afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelIdle();
    await this.tail;
    await this.stopWorker();
  }

  private armIdle(): void {
    const idleMs = this.options.idleMs;
    if (idleMs === undefined || this.closed) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      // Through the queue, so a call that just started is never cut off.
      const stop = () => this.stopWorker();
      this.tail = this.tail.then(stop, stop).catch(() => undefined);
    }, idleMs);
    this.idleTimer.unref();
  }

  private cancelIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private async started(): Promise<RunningWorker> {
    if (this.worker?.alive) return this.worker;
    // A launcher that cannot start a worker at all throws its typed error from here.
    const worker = new RunningWorker(this.launch(this.options.env ?? process.env));
    this.worker = worker;
    try {
      await worker.request(
        'init',
        { modulePath: this.options.modulePath },
        this.options.startTimeoutMs ?? START_TIMEOUT_MS,
      );
    } catch (err) {
      await this.stopWorker();
      throw err;
    }
    return worker;
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.stop();
  }
}

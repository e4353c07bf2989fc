/**
 * The one pcscd of a test run (docs/pcsc-linux.md "One pcscd per machine").
 *
 * A pcscd that is already running (a desktop's, or the one .ci/run started) is reused and
 * never killed unless restarting is allowed (see `mayRestart`). Otherwise the harness starts
 * `pcscd --foreground --info` itself, owns it, and stops it by PID at the end of the run.
 * Ownership is a marker file, because the pcscd a fault test restarts must outlive that
 * test's worker process and be stopped by the run's global teardown.
 *
 * No vitest import here: the global setup (main process) and the test workers share it.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export const PCSCD_RUN_DIR = '/run/pcscd';
export const PCSCD_COMM = join(PCSCD_RUN_DIR, 'pcscd.comm');
export const PCSCD_PID_FILE = join(PCSCD_RUN_DIR, 'pcscd.pid');
export const ENABLE_HINT = 'sudo apt-get install pcscd vsmartcard-vpcd libpcsclite-dev';

const STATE_DIR = join(tmpdir(), 'citizen-card-pcsc');
const OWNER_FILE = join(STATE_DIR, 'owner.json');
const LOCK_FILE = join(STATE_DIR, 'run.flock');
/** Who holds the run lock (for the "waiting for pid N" line only). */
const HOLDER_FILE = join(STATE_DIR, 'run.holder');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** pcscd lives in /usr/sbin, which is not on an ordinary user's PATH. */
export function findPcscd(): string | null {
  const dirs = [
    ...(process.env.PATH ?? '').split(delimiter),
    '/usr/sbin',
    '/sbin',
    '/usr/local/sbin',
  ];
  for (const dir of dirs) {
    if (dir && existsSync(join(dir, 'pcscd'))) return join(dir, 'pcscd');
  }
  return null;
}

/** vsmartcard-vpcd registers itself as a reader in pcscd's reader.conf.d. */
export function vpcdInstalled(confDir = '/etc/reader.conf.d'): boolean {
  if (!existsSync(confDir)) return false;
  return readdirSync(confDir).some((name) => {
    try {
      return readFileSync(join(confDir, name), 'utf8').includes('libifdvpcd');
    } catch {
      return false;
    }
  });
}

/** Alive and not a zombie (an unreaped child still answers kill(pid, 0)). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    if (existsSync('/proc/self')) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
}

function readPidFile(path: string): number | null {
  try {
    // pcscd writes "PID\n\0".
    const pid = parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Does something answer on pcscd's socket (a running daemon, or systemd's socket unit)? */
export function commAnswers(timeoutMs = 500): Promise<boolean> {
  if (!existsSync(PCSCD_COMM)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const sock = createConnection(PCSCD_COMM);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

export interface PcscdStatus {
  running: boolean;
  /** From /run/pcscd/pcscd.pid; null under systemd socket activation before first use. */
  pid: number | null;
  /** Started by this harness (this run or a fault test of it). */
  owned: boolean;
}

export async function pcscdStatus(): Promise<PcscdStatus> {
  const pid = readPidFile(PCSCD_PID_FILE);
  const ownerPid = readPidFile(OWNER_FILE);
  if (pid !== null && isAlive(pid)) return { running: true, pid, owned: ownerPid === pid };
  // Ours, even if its files in /run/pcscd are gone (a second pcscd cleaned them on exit).
  if (ownerPid !== null && isAlive(ownerPid)) return { running: true, pid: ownerPid, owned: true };
  return { running: await commAnswers(), pid: null, owned: false };
}

/**
 * Killing a pcscd the harness did not start is allowed only on a CI machine or when the
 * person running the tests says so: on a desktop it would cut off the session's own
 * smart-card software.
 */
export function mayRestart(status: PcscdStatus, env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    !status.running ||
    status.owned ||
    env.CI === 'true' ||
    env.CITIZEN_CARD_PCSCD_RESTARTABLE === '1'
  );
}

/**
 * Every live pcscd process, socket or not. Two at once break each other: the second cannot
 * bind vpcd's ports, and whichever exits first deletes the other's /run/pcscd files.
 */
export function livePcscdPids(): number[] {
  if (!existsSync('/proc/self')) return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'pcscd' && isAlive(pid);
      } catch {
        return false;
      }
    });
}

/** After a SIGKILL pcscd refuses to start until these are gone (SIGTERM cleans up itself). */
export function removeStaleFiles(): void {
  rmSync(PCSCD_COMM, { force: true });
  rmSync(PCSCD_PID_FILE, { force: true });
}

/** Debian 12's pcscd rejects --disable-polkit; pcsc-lite 2.x needs it. */
function pcscdArgs(bin: string, configDir?: string): string[] {
  const help = spawnSync(bin, ['--help'], { encoding: 'utf8' });
  const text = `${help.stdout ?? ''}${help.stderr ?? ''}`;
  const args = ['--foreground', '--info'];
  if (text.includes('--disable-polkit')) args.push('--disable-polkit');
  if (configDir !== undefined) args.push('--config', configDir);
  return args;
}

export interface StartedPcscd {
  pid: number;
  logFile: string;
}

/**
 * Start pcscd in the foreground as a detached child writing to a log file (a pipe would
 * break, and pcscd die of SIGPIPE, when the starting worker exits), and wait for
 * "daemon ready". `configDir`: a reader.conf.d folder instead of /etc/reader.conf.d (an
 * empty one gives "pcscd up, no reader"); the log never goes inside it.
 */
export async function startPcscd(timeoutMs = 10_000, configDir?: string): Promise<StartedPcscd> {
  const bin = findPcscd();
  if (!bin) throw new Error(`pcscd is not installed (${ENABLE_HINT})`);
  const status = await pcscdStatus();
  if (status.running) throw new Error(`pcscd is already running (pid ${status.pid ?? '?'})`);
  const stray = livePcscdPids();
  if (stray.length > 0) {
    throw new Error(
      `pcscd (pid ${stray.join(', ')}) is running without its socket in ${PCSCD_RUN_DIR}; stop it first`,
    );
  }
  removeStaleFiles();
  mkdirSync(STATE_DIR, { recursive: true });
  const logFile = join(STATE_DIR, `pcscd-${Date.now()}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(bin, pcscdArgs(bin, configDir), {
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${bin}`);
  // Second line: the log, removed with the marker once this pcscd is stopped.
  writeFileSync(OWNER_FILE, `${pid}\n${logFile}\n`);

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const log = readFileSync(logFile, 'utf8');
    if (log.includes('daemon ready')) return { pid, logFile };
    if (!isAlive(pid)) {
      rmSync(OWNER_FILE, { force: true });
      throw new Error(`pcscd exited before it was ready:\n${log.slice(-2000)}`);
    }
    await sleep(20);
  }
  await stopPcscd(pid);
  throw new Error(`pcscd did not print "daemon ready" within ${timeoutMs} ms (log: ${logFile})`);
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(20);
  }
  return !isAlive(pid);
}

function forgetOwner(pid: number): void {
  if (readPidFile(OWNER_FILE) !== pid) return;
  const logFile = readFileSync(OWNER_FILE, 'utf8').split('\n')[1];
  if (logFile) rmSync(logFile, { force: true });
  rmSync(OWNER_FILE, { force: true });
}

/** SIGTERM by PID (pcscd removes its socket itself); SIGKILL and clean up if it hangs. */
export async function stopPcscd(pid: number, timeoutMs = 5000): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
  if (!(await waitGone(pid, timeoutMs))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await waitGone(pid, 2000);
    removeStaleFiles();
  }
  forgetOwner(pid);
}

/** A crash, for fault tests: SIGKILL, then the cleanup pcscd could not do. */
export async function killPcscd(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await waitGone(pid, 2000);
  removeStaleFiles();
  forgetOwner(pid);
}

/** A running pcscd: the existing one, or one this harness starts (and then owns). */
export async function ensurePcscd(): Promise<PcscdStatus> {
  const status = await pcscdStatus();
  // A pcscd of ours that lost its socket serves nobody: replace it.
  if (status.owned && status.pid !== null && !(await commAnswers())) await stopPcscd(status.pid);
  else if (status.running) return status;
  const started = await startPcscd();
  return { running: true, pid: started.pid, owned: true };
}

/**
 * Stop the running pcscd for a fault test. Refuses (throws) when the harness may not
 * restart it; the caller checks `mayRestart` first.
 */
export async function takeDownPcscd(how: 'term' | 'kill' = 'term'): Promise<void> {
  const status = await pcscdStatus();
  if (!status.running) return;
  if (!mayRestart(status)) throw new Error('this pcscd belongs to the system; not stopping it');
  if (status.pid === null) throw new Error('pcscd is socket-activated here; cannot stop it by PID');
  if (how === 'kill') await killPcscd(status.pid);
  else await stopPcscd(status.pid);
}

/** Stop the pcscd this harness owns, if any (the run's global teardown). */
export async function stopOwnedPcscd(): Promise<void> {
  const status = await pcscdStatus();
  if (status.owned && status.pid !== null) await stopPcscd(status.pid);
  else {
    const owner = readPidFile(OWNER_FILE);
    if (owner !== null && !isAlive(owner)) rmSync(OWNER_FILE, { force: true });
  }
}

/**
 * One pcsc test run per machine: a second `vitest` (another engineer's, another checkout,
 * the benchmark, the end-to-end suite) waits here instead of fighting over pcscd and
 * vpcd's two slots. Re-entrant within one process.
 *
 * With util-linux's `flock` the lock is a kernel lock held by a small child process that
 * exits when we release it or when this process dies in any way, so a killed run never
 * leaves a stale lock behind. Without it, a PID file (a stale one is taken over).
 */
export async function acquireRunLock(
  timeoutMs = 10 * 60_000,
  onWait: (holder: number) => void = () => {},
): Promise<() => void> {
  if (heldLock) {
    heldLock.count++;
    return releaseOnce();
  }
  mkdirSync(STATE_DIR, { recursive: true });
  const flock = ['/usr/bin/flock', '/bin/flock'].find((path) => existsSync(path));
  const unlock = flock
    ? await flockLock(flock, timeoutMs, onWait)
    : await pidFileLock(timeoutMs, onWait);
  writeFileSync(HOLDER_FILE, `${process.pid}\n`);
  heldLock = { count: 1, unlock };
  return releaseOnce();
}

let heldLock: { count: number; unlock: () => void } | null = null;

function releaseOnce(): () => void {
  let released = false;
  return () => {
    if (released || !heldLock) return;
    released = true;
    if (--heldLock.count > 0) return;
    const { unlock } = heldLock;
    heldLock = null;
    if (readPidFile(HOLDER_FILE) === process.pid) rmSync(HOLDER_FILE, { force: true });
    unlock();
  };
}

function flockLock(
  flock: string,
  timeoutMs: number,
  onWait: (holder: number) => void,
): Promise<() => void> {
  // `cat` holds the lock until its stdin closes: on release, or when this process dies.
  const child = spawn(flock, ['--exclusive', LOCK_FILE, 'sh', '-c', 'echo locked; exec cat'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    const waitNote = setTimeout(() => onWait(readPidFile(HOLDER_FILE) ?? 0), 300);
    const deadline = setTimeout(() => {
      finish();
      child.kill();
      reject(new Error(`another pcsc test run holds ${LOCK_FILE}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(waitNote);
      clearTimeout(deadline);
      child.stdout!.removeAllListeners('data');
      child.removeAllListeners('exit');
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('locked')) return;
      finish();
      // Holding the lock must not keep this process alive.
      child.unref();
      (child.stdout as unknown as { unref(): void }).unref();
      (child.stdin as unknown as { unref(): void }).unref();
      resolve(() => child.stdin!.end());
    });
    child.on('exit', (code) => {
      finish();
      reject(new Error(`flock exited (${code}) before taking ${LOCK_FILE}`));
    });
  });
}

async function pidFileLock(
  timeoutMs: number,
  onWait: (holder: number) => void,
): Promise<() => void> {
  const file = `${LOCK_FILE}.pid`;
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        if (readPidFile(file) === process.pid) rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readPidFile(file);
    if (holder === null || !isAlive(holder)) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(`another pcsc test run (pid ${holder}) holds ${file}`);
    if (!told) {
      onWait(holder);
      told = true;
    }
    await sleep(500);
  }
}

/**
 * Files named on the command line are checked before they are read: a device such as
 * /dev/zero or /dev/urandom would otherwise be read until memory runs out, a FIFO would
 * hang the command forever, and a huge file is not what was meant. The real entry point
 * runs in a child process with its data memory capped (ulimit -d: buffers count, the
 * address space WebAssembly reserves does not), so a regression fails here
 * instead of exhausting the machine.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_CERTIFICATE_FILE_BYTES } from '../../../src/cli/commands/advise';
import { PROJECT_ROOT as ROOT } from '../../helpers/project-root';

const MEMORY_LIMIT_KB = 2 * 1024 * 1024;
const TIME_LIMIT_MS = 30_000;

interface Outcome {
  code: number | null;
  stderr: string;
  timedOut: boolean;
}

function citizenCard(args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(
      'bash',
      [
        '-c',
        `ulimit -d ${MEMORY_LIMIT_KB}; exec "$0" "$@"`,
        process.execPath,
        'bin/citizen-card.mjs',
        ...args,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    let timedOut = false;
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, TIME_LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, timedOut });
    });
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-untrusted-'));
  expect(spawnSync('mkfifo', [join(dir, 'fifo')]).status).toBe(0);
  writeFileSync(join(dir, 'huge.pem'), Buffer.alloc(MAX_CERTIFICATE_FILE_BYTES + 1, 0x41));
});

describe('advise --cert with a file that is not a certificate file', () => {
  it.concurrent.each([
    ['/dev/zero', () => '/dev/zero', 'is not a regular file'],
    ['/dev/urandom', () => '/dev/urandom', 'is not a regular file'],
    ['a FIFO nobody writes to', () => join(dir, 'fifo'), 'is not a regular file'],
    ['a folder', () => dir, 'is not a regular file'],
    ['a file over the limit', () => join(dir, 'huge.pem'), 'is too large (the limit is 1 MiB)'],
  ])(
    '%s: exit 2 at once with a message that says so',
    async (_name, path, message) => {
      const r = await citizenCard(['advise', '--cert', path()]);
      expect(r.timedOut).toBe(false);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    },
    TIME_LIMIT_MS + 15_000,
  );
});

describe('--state with a file that is not a state file', () => {
  it.concurrent.each([
    ['/dev/zero', () => '/dev/zero'],
    ['a FIFO nobody writes to', () => join(dir, 'fifo')],
  ])(
    '%s: the virtual card refuses it at once',
    async (_name, path) => {
      const r = await citizenCard(['status', '--virtual', 'fresh', '--state', path()]);
      expect(r.timedOut).toBe(false);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("Cannot read the virtual card's state file");
    },
    TIME_LIMIT_MS + 15_000,
  );
});

import { spawn } from 'node:child_process';
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePrivateFile } from '../../../src/platform';
import { PROJECT_ROOT } from '../../helpers/project-root';

const dir = mkdtempSync(join(tmpdir(), 'ccm-private-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writePrivateFile', () => {
  it('writes a file only its owner may read, replacing a more open one', async () => {
    const path = join(dir, 'report.json');
    writeFileSync(path, 'old', { mode: 0o644 });
    await writePrivateFile(path, '{"cardNumber":"TP03000012345678"}');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toContain('TP03000012345678');
    // No temporary file is left beside it.
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('replaces a link planted at the name instead of writing through it', async () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'untouched');
    const path = join(dir, 'state.json');
    symlinkSync(victim, path);
    await writePrivateFile(path, 'secret');
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(lstatSync(path).isSymbolicLink()).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('secret');
  });

  it('creates the folder (0700) when it is missing', async () => {
    const path = join(dir, 'new', 'deeper', 'cards.json');
    await writePrivateFile(path, '[]');
    expect(statSync(join(dir, 'new', 'deeper')).mode & 0o777).toBe(0o700);
  });
});

describe('withFileLock', () => {
  it('serialises read-modify-write across processes: no increment is lost', async () => {
    const path = join(dir, 'counter.json');
    writeFileSync(path, '0');
    const script = `
      import { readFileSync } from 'node:fs';
      import { withFileLock, writePrivateFile } from ${JSON.stringify(join(PROJECT_ROOT, 'src/platform/index.ts'))};
      const path = process.argv[1];
      for (let i = 0; i < 15; i++) {
        await withFileLock(path, async () => {
          const n = Number(readFileSync(path, 'utf8'));
          await new Promise((r) => setTimeout(r, 2));
          await writePrivateFile(path, String(n + 1));
        });
      }`;
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<number | null>((resolve) => {
          const child = spawn(
            process.execPath,
            ['--import', 'tsx', '--input-type=module', '-e', script, path],
            { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
          );
          child.on('exit', resolve);
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
    expect(readFileSync(path, 'utf8')).toBe('60');
  }, 60_000);
});

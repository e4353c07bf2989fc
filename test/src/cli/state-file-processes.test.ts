/**
 * One virtual card's state file used by several processes at once (card-profile.md §5):
 * six CLI runs that each send a wrong PIN must end with the card blocked, every wrong PIN
 * counted once, exactly as six programs taking turns at one real card would. And a link
 * planted where the old code put its temporary file receives nothing.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVirtualCard } from '../../../src/virtual-card';
import { PROJECT_ROOT as ROOT } from '../../helpers/project-root';

let dir: string;
let statePath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-state-'));
  statePath = join(dir, 'card.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function citizenCard(args: string[], stdin: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/citizen-card.mjs', ...args], {
      cwd: ROOT,
      env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin.end(stdin);
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('a state file shared by several processes', () => {
  it('six parallel wrong PINs: the card ends blocked, each try counted once', async () => {
    await createVirtualCard({ scenario: 'fresh', statePath });
    const runs = await Promise.all(
      Array.from({ length: 6 }, () =>
        citizenCard(
          ['verify', '--virtual', 'fresh', '--state', statePath, '--pin-stdin', '--yes-last-try'],
          '000000\n',
        ),
      ),
    );
    // Two wrong PINs with tries left (exit 4), the one that blocked it and three that found
    // it blocked (exit 5): what six turns at one card give.
    expect(runs.map((r) => r.code).sort()).toEqual([4, 4, 5, 5, 5, 5]);
    const saved = JSON.parse(readFileSync(statePath, 'utf8')) as { pinTriesLeft: number };
    expect(saved.pinTriesLeft).toBe(0);
    const status = await citizenCard(
      ['status', '--virtual', 'fresh', '--state', statePath, '--json'],
      '',
    );
    expect(JSON.parse(status.out).pin).toMatchObject({ triesLeft: 0, blocked: true });
    // Nothing but the state file is left: no temporary file, no lock.
    expect(readdirSync(dir)).toEqual(['card.json']);
  }, 120_000);

  it('a link planted at the old temporary name receives no PIN; the state file stays a file', async () => {
    const card = await createVirtualCard({ scenario: 'fresh', statePath });
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'untouched');
    symlinkSync(victim, `${statePath}.${process.pid}.tmp`);
    const wrong = Buffer.concat([
      Buffer.from('0020000108', 'hex'),
      Buffer.from('000000\xff\xff', 'latin1'),
    ]);
    expect((await card.process(wrong)).toString('hex')).toBe('63c2');
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(lstatSync(statePath).isFile()).toBe(true);
    expect(lstatSync(statePath).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(statePath, 'utf8')).pinTriesLeft).toBe(2);
    expect(existsSync(`${statePath}.lock`)).toBe(false);
  });
});

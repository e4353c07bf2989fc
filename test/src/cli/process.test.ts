/** The real entry point in a child process: a pipe, as scripts use it, and a real terminal. */
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT as ROOT } from '../../helpers/project-root';

const ENV = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

function citizenCard(args: string[], input?: string) {
  return spawnSync(process.execPath, ['bin/citizen-card.mjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: ENV,
    input,
    timeout: 60_000,
  });
}

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`) and types each answer only once
 * its prompt is on the screen, so the terminal's own echo would show any key not hidden.
 */
function onTerminal(
  command: string,
  answers: Array<[prompt: string, keys: string]>,
): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: ROOT, env: ENV });
    let screen = '';
    let next = 0;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no exit; screen so far: ${JSON.stringify(screen)}`));
    }, 45_000);
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString('utf8');
      const answer = answers[next];
      if (answer && screen.split(answer[0]).length - 1 > countBefore(next)) {
        next++;
        child.stdin.write(answer[1]);
      }
    });
    // The n-th answer waits for the n-th time its prompt appears (a new PIN is asked twice).
    const countBefore = (i: number) =>
      answers.slice(0, i).filter((a) => a[0] === answers[i]![0]).length;
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

describe('node bin/citizen-card.mjs', () => {
  it('status --virtual fresh --json: exit 0, one JSON document, nothing on stderr', () => {
    const r = citizenCard(['status', '--virtual', 'fresh', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ family: 'virtual', pin: { triesLeft: 3 } });
    expect(doc.certificates).toHaveLength(4);
  }, 60_000);

  it('verify from a pipe without --pin-stdin → exit 2; with it → exit 0', () => {
    const refused = citizenCard(['verify', '--virtual', 'fresh'], '730101\n');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--pin-stdin');
    const ok = citizenCard(['verify', '--virtual', 'fresh', '--pin-stdin'], '730101\n');
    expect(ok.status).toBe(0);
  }, 60_000);

  it.runIf(hasScript)(
    'on a real terminal the PIN is not echoed; a wrong one exits 4',
    async () => {
      const right = await onTerminal('node bin/citizen-card.mjs verify --virtual fresh', [
        ['Enter PIN:', '730101\r'],
      ]);
      expect(right.code).toBe(0);
      expect(right.screen).toContain('PIN verified.');
      expect(right.screen).not.toContain('730101');
      const wrong = await onTerminal('node bin/citizen-card.mjs verify --virtual fresh', [
        ['Enter PIN:', '111111\r'],
      ]);
      expect(wrong.code).toBe(4);
      expect(wrong.screen).toContain('Wrong PIN - 2 tries left');
      expect(wrong.screen).not.toContain('111111');
    },
    90_000,
  );
});

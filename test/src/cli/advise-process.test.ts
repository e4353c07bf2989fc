/** The real entry point, as a script would run it. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT as ROOT } from '../../helpers/project-root';
import { specExample } from '../advisor/spec';

function citizenCard(args: string[]) {
  return spawnSync(process.execPath, ['bin/citizen-card.mjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
    timeout: 60_000,
  });
}

describe('node bin/citizen-card.mjs advise', () => {
  it('prints the advisor object as JSON and exits 0', () => {
    const r = citizenCard([
      'advise',
      '--not-before',
      '2022-03-01T01:00:00Z',
      '--not-after',
      '2027-03-01T15:59:59Z',
      '--today',
      '2027-01-10',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toStrictEqual(specExample());
  }, 60_000);

  it('exits 2 on bad usage', () => {
    const r = citizenCard(['advise', '--extended', '--original']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--extended');
  }, 60_000);
});

/** `citizen-card diagnose` as scripts see it: one JSON document, exit 0/1, usage errors 2. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../src/cli/main';
import { NOW } from '../../service/diagnostics/helpers';

async function cli(argv: string[], env: NodeJS.ProcessEnv = { LANG: 'en_US.UTF-8' }) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const code = await runCli(
    argv,
    {
      stdout: new PassThrough().on('data', (c: Buffer) => out.push(Buffer.from(c))),
      stderr: new PassThrough().on('data', (c: Buffer) => err.push(Buffer.from(c))),
      stdin: Readable.from([]),
      env,
    },
    { now: () => NOW },
  );
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

describe('citizen-card diagnose', () => {
  it('a good card: exit 0, the JSON report on stdout and nothing on stderr', async () => {
    const r = await cli(['diagnose', '--virtual', 'fresh', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      schema: 1,
      generatedAt: NOW.toISOString(),
      lang: 'en',
      masked: true,
      app: { name: 'Citizen Card Manager', runtime: 'cli' },
      summary: { errors: 0 },
    });
    expect(doc.os.platform).toBe(process.platform);
    expect(doc.trace).toBeUndefined();
    for (const f of doc.findings) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining([
          'id',
          'severity',
          'title',
          'cause',
          'remedy',
          'rules',
          'data',
          'messages',
        ]),
      );
    }
  });

  it('a locked card: exit 1, and the text report leads with the error', async () => {
    const r = await cli(['diagnose', '--virtual', 'locked']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\[ERROR\] PIN locked$/m);
    expect(r.stdout).toContain('Rules: R-PIN-LOCK, R-UNLOCK-ONLINE, R-USERCODE-RESET');
  });

  it('speaks Traditional Chinese by default', async () => {
    const r = await cli(['diagnose', '--virtual', 'fresh'], {});
    expect(r.stdout).toContain('診斷報告');
    expect(r.stdout).toContain('卡號 TP03********5678');
  });

  it('no PC/SC in this build: a finding and exit 1, never 3', async () => {
    const r = await cli(['diagnose', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.findings.find((f: { id: string }) => f.id === 'pcsc.service')).toMatchObject({
      severity: 'error',
      data: { detail: 'no PC/SC support in this build' },
    });
  });

  it('usage errors exit 2 before any card is touched', async () => {
    expect((await cli(['diagnose', 'extra'])).code).toBe(2);
    expect((await cli(['diagnose', '--pin', '1234'])).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'ccm-ro-'));
    try {
      const r = await cli([
        'diagnose',
        '--virtual',
        'fresh',
        '--trace',
        join(dir, 'no', 'such', 'dir.json'),
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Could not save the report');
      expect(r.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * `citizen-card diagnose --open REPORT.json` (cli.md "Diagnostics"): a saved report shown
 * again, byte for byte the text it was saved with, in the other language on request, without
 * touching any card; a file of another schema or a damaged one gets exit 2 and one line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatReportText } from '../../../../src/service/diagnostics';
import { run } from '../run-cli';

const dir = mkdtempSync(join(tmpdir(), 'ccm-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(content: string | object): string {
  const path = join(dir, `report-${++n}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

async function savedReport(scenario = 'locked', lang = 'en_US.UTF-8') {
  const r = await run(['diagnose', '--virtual', scenario, '--json'], { lang });
  return JSON.parse(r.stdout);
}

describe('diagnose --open', () => {
  it('prints a saved report as exactly the text it was made with, and exits as it says', async () => {
    const report = await savedReport('locked');
    const r = await run(['diagnose', '--open', file(report)]);
    expect(r.stdout).toBe(formatReportText(report));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    // Nothing was asked of a card: no source was even opened.
    expect(r.card).toBeNull();
  });

  it("keeps the report's language under another locale, and switches with --lang", async () => {
    const report = await savedReport('fresh', 'zh_TW.UTF-8');
    const path = file(report);
    const same = await run(['diagnose', '--open', path], { lang: 'en_US.UTF-8' });
    expect(same.stdout).toBe(formatReportText(report));
    expect(same.code).toBe(0);
    const en = await run(['diagnose', '--open', path, '--lang', 'en']);
    expect(en.stdout).toContain('diagnostic report');
    expect(en.stdout).not.toContain('診斷報告');
    const json = JSON.parse((await run(['diagnose', '--open', path, '--json'])).stdout);
    expect(json).toEqual(report);
  });

  it('escapes control characters a crafted report carries', async () => {
    const report = await savedReport('fresh');
    report.findings[0].title = 'evil\u001b[2K\rline\u0007';
    const r = await run(['diagnose', '--open', file(report)]);
    expect(r.stdout).toContain('evil\\x1b[2K\\x0dline\\x07');
    expect(r.stdout).not.toContain('\u001b');
  });

  it('a report of a newer or older schema: exit 2, one line saying which', async () => {
    const report = await savedReport('fresh');
    const newer = await run(['diagnose', '--open', file({ ...report, schema: 2 })]);
    expect(newer.code).toBe(2);
    expect(newer.stderr.trim().split('\n')).toHaveLength(1);
    expect(newer.stderr).toContain('newer version');
    const older = await run(['diagnose', '--open', file({ ...report, schema: 0 })]);
    expect(older.code).toBe(2);
    expect(older.stderr).toContain('older version');
  });

  it('damaged, not JSON, not a report, too big, a folder: exit 2 and one line each', async () => {
    const report = await savedReport('fresh');
    const cut = JSON.stringify(report).slice(0, 500);
    const edited = { ...report, summary: { errors: 7, warnings: 0 } };
    const noTitle = { ...report, findings: [{ ...report.findings[0], title: 3 }] };
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const cases: Array<[string, string]> = [
      [file(cut), 'not a diagnostic report saved as JSON'],
      [file(edited), 'damaged diagnostic report (the field summary'],
      [file(noTitle), 'damaged diagnostic report (the field findings[0].title'],
      [file({ hello: 'world' }), 'not a Citizen Card Manager diagnostic report'],
      [file('x'.repeat(6 * 1024 * 1024)), ''],
      [folder, ''],
      [join(dir, 'missing.json'), ''],
    ];
    for (const [path, says] of cases) {
      const r = await run(['diagnose', '--open', path]);
      expect(r.code, path).toBe(2);
      expect(r.stdout, path).toBe('');
      expect(r.stderr.trim().split('\n'), path).toHaveLength(1);
      expect(r.stderr, path).toContain(says);
    }
  });

  it('refuses options that look at this computer, before reading anything', async () => {
    const r = await run(['diagnose', '--open', join(dir, 'missing.json'), '--virtual', 'fresh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--virtual');
  });

  it('with --json a bad file still prints one document with the error', async () => {
    const r = await run(['diagnose', '--open', file('{'), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { messageKey: 'report.open.not-json' } });
  });
});

/**
 * docs/cli.md "Terminal safety": a holder name that carries terminal controls (erase the
 * line, carriage return, a green "PIN OK", a window title ended by BEL) reaches the
 * terminal only as visible `\x1b`-style escapes, in `status`, `certs` and
 * `diagnose --unmask`; `--json` escapes the same characters as JSON does.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_READER } from '../../../src/sources/virtual-source';
import { outputControls } from '../../helpers/terminal';
import { NOW, run } from './run-cli';

// ESC[2K CR ESC[32m "PIN OK " ESC]0;... BEL, as in the issue; CSI (U+009B) is C1.
const HOSTILE = '\u001b[2K\r\u001b[32mPIN OK \u001b]0;pwned\u0007\u009b31m王';
// A distinguished name writes `;` as `\;` (RFC 4514): the parts around it are checked.
const SHOWN = ['\\x1b[2K\\x0d\\x1b[32mPIN OK \\x1b]0', 'pwned\\x07\\x9b31m王'];

const hostileCard = [
  {
    reader: DEMO_READER,
    card: { scenario: 'fresh' as const, holder: { name: HOSTILE }, now: () => NOW },
  },
];

describe('strings from the card reach the terminal escaped', () => {
  it.each([
    ['status', ['status', '--virtual', 'fresh']],
    ['certs', ['certs', '--virtual', 'fresh']],
    ['diagnose --unmask', ['diagnose', '--virtual', 'fresh', '--unmask']],
  ])('%s shows the holder name with visible escapes', async (_name, argv) => {
    const r = await run(argv, { slots: hostileCard });
    expect(outputControls(r.stdout)).toEqual([]);
    expect(outputControls(r.stderr)).toEqual([]);
    for (const part of SHOWN) expect(r.stdout).toContain(part);
    // The carriage return inside the name does not start a line of its own.
    expect(r.stdout.split('\n').some((line) => line.startsWith('PIN OK'))).toBe(false);
  });

  it.each([
    ['status', ['status', '--virtual', 'fresh', '--json']],
    ['certs', ['certs', '--virtual', 'fresh', '--json']],
    ['diagnose --unmask', ['diagnose', '--virtual', 'fresh', '--unmask', '--json']],
  ])('%s --json escapes them as JSON does and still parses to the same name', async (_n, argv) => {
    const r = await run(argv, { slots: hostileCard });
    expect(outputControls(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('\\u001b[2K\\r\\u001b[32mPIN OK');
    expect(r.stdout).toContain('\\u009b31m');
    const doc = JSON.stringify(JSON.parse(r.stdout));
    expect(doc).toContain(JSON.stringify(HOSTILE).slice(1, -1));
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  terminalJson,
  terminalJsonText,
  terminalLines,
  terminalText,
} from '../../../src/core/terminal-text';
import { outputControls, terminalControls } from '../../helpers/terminal';

const SEED = 13;

describe('terminal text (docs/cli.md "Terminal safety")', () => {
  it('writes C0, DEL and C1 as visible \\xHH and leaves everything else alone', () => {
    expect(terminalText('\u001b[2K\rPIN OK\u0007')).toBe('\\x1b[2K\\x0dPIN OK\\x07');
    expect(terminalText('a\u007fb\u009bc\u0085d')).toBe('a\\x7fb\\x9bc\\x85d');
    expect(terminalText('王小明 O\u2019Brien é')).toBe('王小明 O\u2019Brien é');
    expect(terminalText('line\nnext\ttab')).toBe('line\\x0anext\\x09tab');
  });

  it('keeps the line ends of a block of lines (LF, CRLF), and only those', () => {
    expect(terminalLines('one\r\ntwo\u001b[1m\n')).toBe('one\r\ntwo\\x1b[1m\n');
    // A lone CR would print the next text over this line's start.
    expect(terminalLines('real\rPIN OK\r\r\n')).toBe('real\\x0dPIN OK\\x0d\r\n');
  });

  it('never lets a control character through, whatever the string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(terminalControls(terminalText(s), { lineFeedAllowed: false })).toEqual([]);
        expect(outputControls(terminalLines(s))).toEqual([]);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('--json text parses back to the same value and carries no raw control (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, name) => {
        const doc = { value, name };
        const text = terminalJson(doc);
        expect(outputControls(text)).toEqual([]);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(doc)));
      }),
      { seed: SEED, numRuns: 2000 },
    );
    expect(terminalJsonText(JSON.stringify('\u009b'))).toBe('"\\u009b"');
  });
});

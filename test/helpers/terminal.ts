/**
 * What a terminal would act on in some output: C0 controls, DEL and C1 (docs/cli.md
 * "Terminal safety"). Written out by code point, independently of src/core/terminal-text.
 */
export function terminalControls(text: string, options: { lineFeedAllowed: boolean }): string[] {
  const found: string[] = [];
  const chars = [...text];
  for (const [i, ch] of chars.entries()) {
    const code = ch.codePointAt(0)!;
    if (code === 0x0a && options.lineFeedAllowed) continue;
    // CR right before LF ends a line (CRLF); a lone CR moves back over what was printed.
    if (code === 0x0d && options.lineFeedAllowed && chars[i + 1] === '\n') continue;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) found.push(`U+${code.toString(16)}`);
  }
  return found;
}

/** Output lines may keep their line ends (LF, CRLF), nothing else. */
export const outputControls = (text: string): string[] =>
  terminalControls(text, { lineFeedAllowed: true });

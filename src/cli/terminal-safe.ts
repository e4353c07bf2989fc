/**
 * cli.md "Terminal safety": text from a card, a certificate or a file never reaches the
 * terminal raw. Control characters (C0 but the line feed, DEL, C1: ESC and BEL included)
 * become a visible `\xNN`, so a crafted report cannot move the cursor, retitle the window or
 * hide a line. The line feeds are the text's own layout and stay.
 */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
}

export function terminalSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += isControl(code) ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
  }
  return out;
}

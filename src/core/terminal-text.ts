/**
 * Text from a card, a certificate, a file or the network, made safe to print on a terminal
 * (docs/cli.md "Terminal safety"). A holder name can carry `ESC [2K` (erase the line), a
 * carriage return and a colour, and so print a fake "PIN OK" over the real answer; an
 * OSC sequence ending in BEL can retitle the window. Every control character (C0, DEL and
 * C1, which some terminals obey when UTF-8 encoded) therefore becomes a visible `\x1b`.
 */

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** C0 (U+0000–U+001F), DEL (U+007F) or C1 (U+0080–U+009F). */
export function isControlCode(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

const hex = (code: number, digits: number): string => code.toString(16).padStart(digits, '0');

/**
 * Each control character replaced by `escape(code)`; line feeds kept when asked, and then a
 * carriage return right before one too: CRLF is a line end (an iCalendar file on stdout has
 * them), while a lone CR is what prints a fake answer over the real one.
 */
function replaceControls(
  text: string,
  keepLineFeed: boolean,
  escape: (code: number) => string,
): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControlCode(code)) continue;
    if (keepLineFeed && code === LINE_FEED) continue;
    if (keepLineFeed && code === CARRIAGE_RETURN && text.charCodeAt(i + 1) === LINE_FEED) continue;
    out += text.slice(from, i) + escape(code);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

const visible = (code: number): string => `\\x${hex(code, 2)}`;
const jsonEscape = (code: number): string => `\\u${hex(code, 4)}`;

/** One value (a name, a serial, a URL): every control character, line feeds included. */
export function terminalText(value: string): string {
  return replaceControls(value, false, visible);
}

/** Several lines of output: the line ends (LF, CRLF) stay, every other control character shows. */
export function terminalLines(text: string): string {
  return replaceControls(text, true, visible);
}

/**
 * JSON text as JSON.stringify writes it, with DEL and C1 also written as `\u00XX`
 * (JSON.stringify escapes only C0). Outside strings JSON has no control character but the
 * line feeds between lines, which stay, so the document still parses to the same value.
 */
export function terminalJsonText(json: string): string {
  return replaceControls(json, true, jsonEscape);
}

/** `JSON.stringify(value, null, 2)` that is safe on a terminal, with a final line feed. */
export function terminalJson(value: unknown): string {
  return terminalJsonText(JSON.stringify(value, null, 2)) + '\n';
}

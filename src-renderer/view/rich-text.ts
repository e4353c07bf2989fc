import { allowedExternalUrl } from '../../src/service/external-url';

/**
 * Texts are shared with the CLI, which prints them as they are. On screen three things in
 * them read better marked up: a command in backticks is shown as code (not as literal
 * backticks), a phone number or a date never breaks across lines, and an address on
 * MOICA's site becomes a link.
 */
export type RichPart =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  /** A phone number or a bracketed date: kept on one line. */
  | { kind: 'nowrap'; text: string }
  | { kind: 'link'; text: string; url: string };

// `code` | a phone number (0800-080-117) or a Gregorian date in brackets, "(2027-01-02)",
// which must not break at their hyphens | https addresses (trailing punctuation excluded).
const TOKEN =
  /`([^`\n]+)`|(\b0\d{2,3}-\d{3}-\d{3,4}\b|\(\d{4}-\d{2}-\d{2}\))|(https:\/\/[^\s（）()「」，。；、]+[^\s（）()「」，。；、.,;:!?])/g;

export function richParts(text: string): RichPart[] {
  const parts: RichPart[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index;
    if (at > last) parts.push({ kind: 'text', text: text.slice(last, at) });
    const [whole, code, nowrap, url] = m;
    if (code !== undefined) parts.push({ kind: 'code', text: code });
    else if (nowrap !== undefined) parts.push({ kind: 'nowrap', text: nowrap });
    else {
      const allowed = allowedExternalUrl(url as string);
      parts.push(
        allowed ? { kind: 'link', text: whole, url: allowed } : { kind: 'text', text: whole },
      );
    }
    last = at + whole.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

import { EXTERNAL_ALLOW_LIST } from './contract';

/**
 * Characters that mean something to a shell or to `cmd.exe` (`&|^<>"`, backslash and
 * backtick). No link of ours needs them, and a URL holding them was written to reach a
 * shell: `https://moica.nat.gov.tw/x&calc.exe` once did, through `cmd /c start`.
 */
const SHELL_CHARACTERS = new Set('&|^<>"\\`');
/** Longer than any MOICA link; a URL this long is not one we would open. */
const MAX_URL_LENGTH = 2048;

/** Printable ASCII other than space, and none of SHELL_CHARACTERS. */
function plainCharacters(raw: string): boolean {
  for (const ch of raw) {
    const code = ch.charCodeAt(0);
    if (code <= 0x20 || code >= 0x7f || SHELL_CHARACTERS.has(ch)) return false;
  }
  return true;
}

/**
 * The URL to hand to the system browser, or null. Only a canonical
 * `https://HOST/path?query` on an allow-listed host and under that entry's path: the URL
 * must already be exactly what the URL parser writes back (no upper-case scheme or host,
 * no `:443`, no `..`, no stray escapes), with no userinfo, no port, no spaces, control
 * characters or non-ASCII, and none of the characters a shell acts on. So look-alikes
 * (`moica.nat.gov.tw.evil.example`, `moica.nat.gov.tw@evil.example`, `http://`) and
 * anything crafted for a command line never match, and what was checked is what is opened.
 */
export function allowedExternalUrl(
  raw: string,
  allowList: readonly string[] = EXTERNAL_ALLOW_LIST,
): string | null {
  if (typeof raw !== 'string' || raw.length > MAX_URL_LENGTH || !plainCharacters(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.href !== raw) return null;
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') {
    return null;
  }
  for (const entry of allowList) {
    const allowed = new URL(entry);
    if (url.host === allowed.host && url.pathname.startsWith(allowed.pathname)) return url.href;
  }
  return null;
}

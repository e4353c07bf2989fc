import { EXTERNAL_ALLOW_LIST } from './contract';

/**
 * The URL to hand to the system browser, or null when it is not on the allow-list.
 * Compared after parsing, by exact origin and path prefix, so look-alikes
 * (`moica.nat.gov.tw.evil.example`, `moica.nat.gov.tw@evil.example`, `http://`, other
 * ports, credentials) never match. The normalised form is returned so that what was
 * checked is exactly what gets opened.
 */
export function allowedExternalUrl(
  raw: string,
  allowList: readonly string[] = EXTERNAL_ALLOW_LIST,
): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '') return null;
  for (const entry of allowList) {
    const allowed = new URL(entry);
    if (url.origin === allowed.origin && url.pathname.startsWith(allowed.pathname)) {
      return url.href;
    }
  }
  return null;
}

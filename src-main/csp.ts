/**
 * The one Content-Security-Policy of the app. The renderer's index.html carries the same
 * policy in a meta tag; Electron's session and the browser host also send it as a header,
 * so a page loaded without the meta tag (or a tampered one) is still held to it.
 */
const BASE_POLICY: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['frame-ancestors', "'none'"],
  ['form-action', "'none'"],
];

/** `extraConnect`: the browser host's own WebSocket origin (ws://127.0.0.1:PORT). */
export function contentSecurityPolicy(extraConnect: readonly string[] = []): string {
  return BASE_POLICY.map(([name, value]) =>
    name === 'connect-src' && extraConnect.length
      ? `${name} ${value} ${extraConnect.join(' ')}`
      : `${name} ${value}`,
  ).join('; ');
}

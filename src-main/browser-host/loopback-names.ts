/**
 * Which names the browser host answers to. It listens on 127.0.0.1 only; `localhost` is the
 * same loopback, and people type it (or a bookmark has it), so both names are ours, with
 * our port and nothing else: any other Host header is a DNS-rebinding page, any other
 * Origin another site's page.
 */
export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'] as const;

/** The Host headers a request to us may carry. */
export function ourHosts(port: number): string[] {
  return LOOPBACK_NAMES.map((name) => `${name}:${port}`);
}

/**
 * Whether `host` and `origin` are ours: the Host one of our names with our port, the Origin
 * (when the browser sends one) the page loaded under that same Host. A missing Origin is a
 * plain navigation, allowed only where `requireOrigin` is false.
 */
export function fromOurPage(
  port: number,
  host: string | undefined,
  origin: string | undefined,
  requireOrigin: boolean,
): boolean {
  if (host === undefined || !ourHosts(port).includes(host)) return false;
  return origin === undefined ? !requireOrigin : origin === `http://${host}`;
}

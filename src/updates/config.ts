/**
 * Whether the app looks for updates, and where. Off unless a feed is configured: in the
 * packaged app's package.json (`citizenCardManager.updateFeedUrl`, written by
 * `npm run dist` from CCM_UPDATE_FEED_URL) or at run time by CITIZEN_CARD_UPDATE_URL.
 * CITIZEN_CARD_UPDATES=off turns updates off whatever is configured. The feed must be HTTPS,
 * and an update is only ever installed when a key is pinned to verify it.
 */
import type { TrustedKey } from './signature';
import { SIGNATURE_SUFFIX } from './signature';

export const UPDATE_ENV = {
  feedUrl: 'CITIZEN_CARD_UPDATE_URL',
  switch: 'CITIZEN_CARD_UPDATES',
} as const;

export type UpdatesOff =
  'not-packaged' | 'turned-off' | 'no-feed' | 'feed-not-https' | 'no-trusted-key';

export type UpdateConfig =
  | { enabled: true; feedUrl: string; trustedKeys: readonly TrustedKey[] }
  | { enabled: false; reason: UpdatesOff };

export interface UpdateConfigInput {
  env: Readonly<Record<string, string | undefined>>;
  /** From the packaged package.json; see feedUrlFromPackageJson. */
  packagedFeedUrl?: string | undefined;
  trustedKeys: readonly TrustedKey[];
  /** A development run (npm start) has no installer to replace. */
  isPackaged: boolean;
}

export function feedUrlFromPackageJson(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const section = (json as Record<string, unknown>).citizenCardManager;
  if (typeof section !== 'object' || section === null) return undefined;
  const url = (section as Record<string, unknown>).updateFeedUrl;
  return typeof url === 'string' && url.trim() ? url.trim() : undefined;
}

/** The feed as a folder URL (ending in /), so file names resolve inside it. */
function asFolder(url: URL): string {
  const copy = new URL(url.href);
  copy.search = '';
  copy.hash = '';
  if (!copy.pathname.endsWith('/')) copy.pathname += '/';
  return copy.href;
}

export function resolveUpdateConfig(input: UpdateConfigInput): UpdateConfig {
  const off = (reason: UpdatesOff): UpdateConfig => ({ enabled: false, reason });
  if (!input.isPackaged) return off('not-packaged');
  const switchValue = input.env[UPDATE_ENV.switch]?.trim().toLowerCase();
  if (switchValue && ['off', '0', 'false', 'no'].includes(switchValue)) return off('turned-off');
  const raw = input.env[UPDATE_ENV.feedUrl]?.trim() || input.packagedFeedUrl;
  if (!raw) return off('no-feed');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return off('feed-not-https');
  }
  if (url.protocol !== 'https:' || url.username || url.password) return off('feed-not-https');
  if (input.trustedKeys.length === 0) return off('no-trusted-key');
  return { enabled: true, feedUrl: asFolder(url), trustedKeys: input.trustedKeys };
}

/** Where the signature of a published file is: beside it in the feed. */
export function signatureUrl(feedUrl: string, fileName: string): string {
  return new URL(encodeURIComponent(fileName) + SIGNATURE_SUFFIX, feedUrl).href;
}

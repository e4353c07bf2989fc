/**
 * The public keys whose signatures the app accepts for updates. Pinned here, in the code
 * that ships, so that neither the update feed nor a setting can change them.
 *
 * Empty until the project publishes updates: with no key the app never installs one, even
 * when a feed is configured. To add a key, run `npm run dist:update-key` on the machine that
 * will keep the private key (README "Update feed and update signing") and paste the entry it prints.
 * Keep the old key listed for one release when rotating, so the last build signed with it
 * can still update to the first one signed with the new key.
 */
import type { TrustedKey } from './signature';

export const TRUSTED_UPDATE_KEYS: readonly TrustedKey[] = [];

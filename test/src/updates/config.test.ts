import { describe, expect, it } from 'vitest';
import {
  feedUrlFromPackageJson,
  keyIdOf,
  resolveUpdateConfig,
  signatureUrl,
  TRUSTED_UPDATE_KEYS,
  UPDATE_ENV,
} from '../../../src/updates';
import { hasMessage } from '../../../src/core/i18n';
import { makeKey } from './keys';

const keys = [makeKey().trusted];
const feed = 'https://updates.example.org/citizen-card-manager';

describe('update configuration', () => {
  it('is off unless a feed is configured', () => {
    expect(resolveUpdateConfig({ env: {}, trustedKeys: keys, isPackaged: true })).toEqual({
      enabled: false,
      reason: 'no-feed',
    });
  });

  it('takes the feed from the packaged app, or from the environment first', () => {
    const packaged = resolveUpdateConfig({
      env: {},
      packagedFeedUrl: feed,
      trustedKeys: keys,
      isPackaged: true,
    });
    expect(packaged).toMatchObject({ enabled: true, feedUrl: `${feed}/` });
    const fromEnv = resolveUpdateConfig({
      env: { [UPDATE_ENV.feedUrl]: 'https://staging.example.org/feed/' },
      packagedFeedUrl: feed,
      trustedKeys: keys,
      isPackaged: true,
    });
    expect(fromEnv).toMatchObject({ enabled: true, feedUrl: 'https://staging.example.org/feed/' });
  });

  it('stays off for a development run, when turned off, or without a pinned key', () => {
    const base = { env: {}, packagedFeedUrl: feed, trustedKeys: keys, isPackaged: true };
    expect(resolveUpdateConfig({ ...base, isPackaged: false })).toMatchObject({
      reason: 'not-packaged',
    });
    for (const value of ['off', 'OFF', '0', 'false', 'no']) {
      expect(
        resolveUpdateConfig({ ...base, env: { [UPDATE_ENV.switch]: value } }),
        value,
      ).toMatchObject({ reason: 'turned-off' });
    }
    expect(resolveUpdateConfig({ ...base, trustedKeys: [] })).toMatchObject({
      reason: 'no-trusted-key',
    });
  });

  it('accepts only HTTPS feeds without credentials', () => {
    for (const url of [
      'http://updates.example.org/',
      'file:///tmp/feed/',
      'not a url',
      'https://user:secret@updates.example.org/',
    ]) {
      expect(
        resolveUpdateConfig({ env: {}, packagedFeedUrl: url, trustedKeys: keys, isPackaged: true }),
        url,
      ).toMatchObject({ enabled: false, reason: 'feed-not-https' });
    }
  });

  it('reads the feed that npm run dist records in package.json', () => {
    expect(feedUrlFromPackageJson({ citizenCardManager: { updateFeedUrl: ` ${feed} ` } })).toBe(
      feed,
    );
    expect(feedUrlFromPackageJson({ name: 'citizen-card-manager' })).toBeUndefined();
    expect(feedUrlFromPackageJson({ citizenCardManager: { updateFeedUrl: '' } })).toBeUndefined();
    expect(feedUrlFromPackageJson(null)).toBeUndefined();
  });

  it('finds a signature beside its installer, whatever characters the name has', () => {
    expect(signatureUrl(`${feed}/`, 'Citizen Card Manager 1.0.0.exe')).toBe(
      `${feed}/Citizen%20Card%20Manager%201.0.0.exe.sig.json`,
    );
    expect(signatureUrl(`${feed}/`, 'a#b?.zip')).toBe(`${feed}/a%23b%3F.zip.sig.json`);
  });

  it('pins only well-formed keys whose IDs match them', () => {
    // Empty until the project publishes updates; a pasted entry with a typo fails here.
    for (const key of TRUSTED_UPDATE_KEYS) {
      const raw = Buffer.from(key.publicKey, 'base64');
      expect(raw).toHaveLength(32);
      expect(keyIdOf(raw)).toBe(key.keyId);
    }
  });

  it('has a zh-TW and an English message for every rejection and the restart question', () => {
    const keysNeeded = [
      'malformed',
      'bad-key',
      'unknown-key',
      'bad-signature',
      'wrong-file',
      'wrong-version',
      'not-newer',
      'wrong-size',
      'wrong-hash',
      'no-signature',
    ].map((reason) => `update.rejected.${reason}`);
    keysNeeded.push(
      ...['title', 'message', 'detail', 'restart', 'later'].map((k) => `update.ready.${k}`),
    );
    for (const key of keysNeeded) expect(hasMessage(key), key).toBe(true);
  });
});

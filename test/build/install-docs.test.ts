/**
 * The install notes people are sent to (docs/install.md, the README, the app's diagnosis)
 * point at files that exist, and name the environment variables the scripts really read.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPDATE_ENV } from '../../src/updates';

const root = join(__dirname, '..', '..');
const DOCS = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
  'native/linux/polkit/README.md',
  'native/windows/README.md',
  'native/macos/README.md',
];

describe('install notes', () => {
  it('link only to files that exist', () => {
    for (const doc of DOCS) {
      const text = readFileSync(join(root, doc), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)\)/g)) {
        if (/^https?:/.test(target!)) continue;
        expect(existsSync(join(root, dirname(doc), target!)), `${doc} → ${target}`).toBe(true);
      }
    }
  });

  it('name the variables and scripts that the build and the app read', () => {
    const install = readFileSync(join(root, 'docs/install.md'), 'utf8');
    const scripts = ['scripts/dist.ts', 'scripts/dist-sign.ts']
      .map((f) => readFileSync(join(root, f), 'utf8'))
      .join('\n');
    for (const name of [
      'CCM_UPDATE_FEED_URL',
      'CCM_UPDATE_SIGNING_KEY',
      'CCM_UPDATE_SIGNING_KEY_FILE',
    ]) {
      expect(install).toContain(name);
      expect(scripts).toContain(name);
    }
    expect(install).toContain(UPDATE_ENV.feedUrl);
    expect(install).toContain(`${UPDATE_ENV.switch}=off`);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const [, script] of install.matchAll(/npm run ([\w:-]+)/g)) {
      expect(pkg.scripts, `npm run ${script}`).toHaveProperty([script!]);
    }
  });
});

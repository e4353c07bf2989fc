/** The publishing side (scripts/dist-sign.ts, scripts/dist.ts) against the app's check. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planDist } from '../../scripts/dist';
import { generateUpdateKey, signInstallers } from '../../scripts/dist-sign';
import { verifyDownloadedUpdate } from '../../src/updates';
import { makeKey } from '../src/updates/keys';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-dist-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('signing installers for the updater', () => {
  it("signs this version's installers so that the app accepts them", async () => {
    const key = generateUpdateKey();
    const names = [
      'citizen-card-manager-0.2.0-setup.exe',
      'citizen-card-manager-0.2.0-x86_64.AppImage',
      'citizen-card-manager_0.2.0_amd64.deb',
      'citizen-card-manager-0.2.0-mac-arm64.zip',
    ];
    for (const [i, name] of names.entries()) writeFileSync(join(dir, name), `installer ${i}`);
    writeFileSync(join(dir, 'citizen-card-manager-0.1.0-setup.exe'), 'an older build');
    writeFileSync(join(dir, 'latest.yml'), 'version: 0.2.0');
    writeFileSync(join(dir, 'citizen-card-manager-0.2.0-setup.exe.blockmap'), 'blocks');

    const written = await signInstallers({
      dir,
      version: '0.2.0',
      privateKeyPem: key.privateKeyPem,
      pinned: [key.trusted],
    });
    expect(written.map((p) => p.slice(dir.length + 1)).sort()).toEqual(
      names.map((n) => `${n}.sig.json`).sort(),
    );
    expect(readdirSync(dir)).not.toContain('citizen-card-manager-0.1.0-setup.exe.sig.json');
    for (const name of names) {
      const signature = readFileSync(join(dir, `${name}.sig.json`), 'utf8');
      const verified = await verifyDownloadedUpdate(
        { filePath: join(dir, name), version: '0.2.0', currentVersion: '0.1.0' },
        signature,
        [key.trusted],
      );
      expect(verified.file).toBe(name);
    }
  });

  it('refuses to sign with a key the app does not pin', async () => {
    writeFileSync(join(dir, 'citizen-card-manager-0.2.0-setup.exe'), 'x');
    await expect(
      signInstallers({
        dir,
        version: '0.2.0',
        privateKeyPem: generateUpdateKey().privateKeyPem,
        pinned: [makeKey().trusted],
      }),
    ).rejects.toThrow(/not in src\/updates\/trusted-keys\.ts/);
    expect(readdirSync(dir)).toEqual(['citizen-card-manager-0.2.0-setup.exe']);
  });
});

describe('npm run dist', () => {
  it('builds without update metadata unless a feed is given', () => {
    const plan = planDist(['--linux'], {});
    expect(plan.builderArgs).toEqual([
      '--config',
      'electron-builder.yml',
      '--publish',
      'never',
      '--linux',
    ]);
    expect(plan.feedUrl).toBeUndefined();
    expect(plan.sign).toBe(false);
  });

  it('records an HTTPS feed in the app and in the update metadata', () => {
    const plan = planDist([], {
      CCM_UPDATE_FEED_URL: 'https://updates.example.org/ccm',
      CCM_UPDATE_SIGNING_KEY_FILE: '/secure/key.pem',
    });
    expect(plan.feedUrl).toBe('https://updates.example.org/ccm/');
    expect(plan.builderArgs).toEqual(
      expect.arrayContaining([
        '-c.publish.provider=generic',
        '-c.publish.url=https://updates.example.org/ccm/',
        '-c.extraMetadata.citizenCardManager.updateFeedUrl=https://updates.example.org/ccm/',
      ]),
    );
    expect(plan.sign).toBe(true);
  });

  it('refuses a feed that is not HTTPS and warns about unsigned updates', () => {
    expect(() => planDist([], { CCM_UPDATE_FEED_URL: 'http://updates.example.org/' })).toThrow(
      /https/,
    );
    const plan = planDist([], { CCM_UPDATE_FEED_URL: 'https://updates.example.org/' });
    expect(plan.warnings.join('\n')).toMatch(/no signing key/);
  });
});

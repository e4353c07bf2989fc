/**
 * `npm run dist [-- --win|--mac|--linux] [more electron-builder options]`: the installers.
 *
 *  1. builds main, preload and renderer for production (electron-vite);
 *  2. packages them with electron-builder (electron-builder.yml), which downloads Electron,
 *     rebuilds the native addons for it and signs where CSC_* / APPLE_* variables are set;
 *  3. when CCM_UPDATE_FEED_URL is set (an https:// folder), writes the update metadata
 *     (latest*.yml) for that feed and records the feed in the app, so it checks there;
 *  4. when CCM_UPDATE_SIGNING_KEY or CCM_UPDATE_SIGNING_KEY_FILE is set, signs every
 *     installer for the updater (scripts/dist-sign.ts).
 *
 * Each operating system builds its own installers: the native addons are compiled, not
 * downloaded, so Windows installers are built on Windows, macOS ones on a Mac.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRUSTED_UPDATE_KEYS } from '../src/updates';
import { signInstallers, signingKeyFromEnv } from './dist-sign';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface DistPlan {
  builderArgs: string[];
  feedUrl: string | undefined;
  sign: boolean;
  warnings: string[];
}

/** What to run, from the command line and the environment; throws on a bad feed URL. */
export function planDist(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): DistPlan {
  const builderArgs = ['--config', 'electron-builder.yml', '--publish', 'never', ...args];
  const warnings: string[] = [];
  const feed = env.CCM_UPDATE_FEED_URL?.trim();
  let feedUrl: string | undefined;
  if (feed) {
    const url = new URL(feed);
    if (url.protocol !== 'https:') throw new Error('CCM_UPDATE_FEED_URL must be an https:// URL');
    feedUrl = url.href.endsWith('/') ? url.href : `${url.href}/`;
    builderArgs.push(
      '-c.publish.provider=generic',
      `-c.publish.url=${feedUrl}`,
      `-c.extraMetadata.citizenCardManager.updateFeedUrl=${feedUrl}`,
    );
  }
  const sign = !!(env.CCM_UPDATE_SIGNING_KEY?.trim() || env.CCM_UPDATE_SIGNING_KEY_FILE);
  if (feedUrl && !sign) {
    warnings.push(
      'CCM_UPDATE_FEED_URL is set but no signing key: the app will refuse these updates.',
    );
  }
  if (feedUrl && TRUSTED_UPDATE_KEYS.length === 0) {
    warnings.push(
      'src/updates/trusted-keys.ts pins no key: installed apps will never update (add one).',
    );
  }
  return { builderArgs, feedUrl, sign, warnings };
}

function run(script: string, args: readonly string[]): void {
  const result = spawnSync(process.execPath, [join(root, script), ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`${script} ${args.join(' ')} failed (${result.status ?? result.signal})`);
  }
}

async function main(args: readonly string[]): Promise<void> {
  const plan = planDist(args, process.env);
  for (const warning of plan.warnings) console.warn(`warning: ${warning}`);
  run('node_modules/electron-vite/bin/electron-vite.js', ['build']);
  run('node_modules/electron-builder/cli.js', plan.builderArgs);
  if (plan.sign) {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    const written = await signInstallers({
      dir: join(root, 'dist'),
      version: pkg.version,
      privateKeyPem: signingKeyFromEnv(process.env)!,
      pinned: TRUSTED_UPDATE_KEYS,
    });
    for (const file of written) console.log(`signed: ${file}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}

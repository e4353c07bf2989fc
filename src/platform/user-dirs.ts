/**
 * Where this person's files go: settings (config), remembered cards (data) and answers worth
 * keeping for a while (cache), in the folders each OS has for them (env-paths: XDG on Linux,
 * ~/Library on macOS, %APPDATA% / %LOCALAPPDATA% on Windows).
 *
 * `CITIZEN_CARD_HOME` puts all three under one folder instead: tests use it so they never
 * touch the real home, and a helpdesk can run a portable copy from a USB stick with it.
 */
import { join } from 'node:path';
import envPaths from 'env-paths';

export const APP_DIR_NAME = 'citizen-card-manager';

export interface UserDirs {
  config: string;
  data: string;
  cache: string;
}

export function userDirs(env: NodeJS.ProcessEnv = process.env): UserDirs {
  const home = env.CITIZEN_CARD_HOME;
  if (home)
    return { config: join(home, 'config'), data: join(home, 'data'), cache: join(home, 'cache') };
  const paths = envPaths(APP_DIR_NAME, { suffix: '' });
  return { config: paths.config, data: paths.data, cache: paths.cache };
}

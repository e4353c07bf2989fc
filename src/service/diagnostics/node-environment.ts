/** The real machine: what `runDiagnostics` gets when nobody hands in a stand-in. */
import { existsSync } from 'node:fs';
import { arch, homedir, release, userInfo, version } from 'node:os';
import type { DiagnosticsDeps } from './deps';
import { httpGet } from './http-probe';
import { tcpConnect } from './tcp-probe';
import type { OsInfo } from './types';

export function currentOs(): OsInfo {
  let description: string | undefined;
  try {
    description = version();
  } catch {
    description = undefined;
  }
  const info: OsInfo = { platform: process.platform, release: release(), arch: arch() };
  if (description) info.version = description;
  return info;
}

export function machinePaths(env: NodeJS.ProcessEnv = process.env): DiagnosticsDeps['paths'] {
  const paths: DiagnosticsDeps['paths'] = { home: homedir() };
  if (env.SystemRoot) paths.systemRoot = env.SystemRoot;
  if (env.ProgramFiles) paths.programFiles = env.ProgramFiles;
  if (env['ProgramFiles(x86)']) paths.programFilesX86 = env['ProgramFiles(x86)'];
  if (env.CITIZEN_CARD_PKCS11_MODULE) paths.pkcs11Module = env.CITIZEN_CARD_PKCS11_MODULE;
  return paths;
}

/** As `homedir()` takes $HOME first, the login name comes from the environment first. */
export function currentUserName(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.USER ?? env.USERNAME ?? env.LOGNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    // No passwd entry for this uid (containers): nothing to mask.
    return undefined;
  }
}

/** The machine-facing dependencies; the caller adds language, app, clock and card source. */
export function machineDeps(
  env: NodeJS.ProcessEnv = process.env,
): Pick<DiagnosticsDeps, 'os' | 'paths' | 'fileExists' | 'httpGet' | 'tcpConnect' | 'userName'> {
  const deps: Pick<
    DiagnosticsDeps,
    'os' | 'paths' | 'fileExists' | 'httpGet' | 'tcpConnect' | 'userName'
  > = {
    os: currentOs(),
    paths: machinePaths(env),
    fileExists: existsSync,
    httpGet,
    tcpConnect,
  };
  const userName = currentUserName(env);
  if (userName) deps.userName = userName;
  return deps;
}

/**
 * Finding the vendor's PKCS#11 module (HiCOS, installed with MOICA's card component).
 * A path the person gave (`--pkcs11-module`, the app's setting) is the only one tried;
 * otherwise CITIZEN_CARD_PKCS11_MODULE, then the vendor's usual install paths below.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export const PKCS11_MODULE_ENV = 'CITIZEN_CARD_PKCS11_MODULE';

export type ModuleOrigin = 'option' | 'env' | 'default';

export interface ModuleCandidate {
  path: string;
  origin: ModuleOrigin;
  /** false: no public source confirms this location; it is a guess worth checking. */
  confirmed: boolean;
  /** Where the path comes from, for diagnostics and README "Real MOICA cards". */
  source: string;
}

export interface LocatorEnvironment {
  platform: string;
  home: string;
  env: Record<string, string | undefined>;
}

export interface LocateOptions {
  /** `--pkcs11-module PATH` or the app's setting. */
  override?: string;
  environment?: LocatorEnvironment;
  exists?: (path: string) => boolean;
}

export interface LocateResult {
  found: ModuleCandidate | null;
  /** Every path looked at, in order (for "not found" messages and diagnostics). */
  tried: ModuleCandidate[];
}

// Sources (gathered 2026-11-27, see README "Real MOICA cards"):
// - Windows: HiCOSPKCS11.dll is loaded by name from the system directory; public scripts on
//   GitHub that look for HiCOS check System32 and the HiCOS folders under Program Files.
// - macOS: libHicos_p11v1.dylib in /usr/local/lib (a Homebrew formula installs the HiPKI
//   Local Server's copy there), /Library/FBTokenLib (a bank plug-in's public JavaScript),
//   ~/Library/HiPKILocalSignServer (the HiPKI installer's own folder).
// - Linux: no public source names a path; the usual library folders are guesses.
const SRC_WIN = 'public scripts that check for HiCOS (system directory, Program Files\\HiCOS)';
const SRC_MAC_BREW = "Homebrew formula installing HiPKI Local Server's copy into /usr/local/lib";
const SRC_MAC_BANK = "a bank plug-in's public JavaScript (/Library/FBTokenLib)";
const SRC_MAC_HIPKI = "the HiPKI Local Server installer's folder";
const SRC_LINUX = 'unconfirmed: no public source; the usual library folders';

export function systemEnvironment(): LocatorEnvironment {
  return { platform: process.platform, home: homedir(), env: process.env };
}

export function defaultCandidates(environment: LocatorEnvironment): ModuleCandidate[] {
  const { platform, home, env } = environment;
  const def = (path: string, confirmed: boolean, source: string): ModuleCandidate => ({
    path,
    origin: 'default',
    confirmed,
    source,
  });
  if (platform === 'win32') {
    const systemRoot = env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows';
    const programFiles = env.ProgramFiles ?? 'C:\\Program Files';
    const programFilesX86 = env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)';
    return [
      def(win32.join(systemRoot, 'System32', 'HiCOSPKCS11.dll'), true, SRC_WIN),
      def(win32.join(programFiles, 'HiCOS', 'HiCOSPKCS11.dll'), true, SRC_WIN),
      def(win32.join(programFilesX86, 'HiCOS', 'HiCOSPKCS11.dll'), true, SRC_WIN),
    ];
  }
  if (platform === 'darwin') {
    return [
      def('/usr/local/lib/libHicos_p11v1.dylib', true, SRC_MAC_BREW),
      def('/Library/FBTokenLib/libHicos_p11v1.dylib', true, SRC_MAC_BANK),
      def(
        posix.join(home, 'Library/HiPKILocalSignServer/libHicos_p11v1.dylib'),
        true,
        SRC_MAC_HIPKI,
      ),
    ];
  }
  return [
    def('/usr/local/lib/libHicos_p11v1.so', false, SRC_LINUX),
    def('/usr/lib/libHicos_p11v1.so', false, SRC_LINUX),
  ];
}

/** The paths to try, in order. An explicit override is the only one: no silent fallback. */
export function moduleCandidates(
  environment: LocatorEnvironment,
  override?: string,
): ModuleCandidate[] {
  if (override) {
    return [{ path: override, origin: 'option', confirmed: true, source: 'given by the person' }];
  }
  const fromEnv = environment.env[PKCS11_MODULE_ENV];
  if (fromEnv) {
    return [{ path: fromEnv, origin: 'env', confirmed: true, source: PKCS11_MODULE_ENV }];
  }
  return defaultCandidates(environment);
}

export function locateModule(options: LocateOptions = {}): LocateResult {
  const environment = options.environment ?? systemEnvironment();
  const exists = options.exists ?? existsSync;
  const tried = moduleCandidates(environment, options.override);
  return { found: tried.find((c) => exists(c.path)) ?? null, tried };
}

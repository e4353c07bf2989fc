/**
 * Where MOICA's HiCOS PKCS#11 module usually lives, per operating system. Public facts
 * gathered for this project (sources below); none was checked on a machine here.
 */
import { posix, win32 } from 'node:path';

export interface ModuleCandidate {
  path: string;
  /** false: no public source confirms this location; it is a guess worth checking. */
  confirmed: boolean;
  source: string;
}

export interface PathEnvironment {
  platform: string;
  /** The person's home folder (macOS: ~/Library/...). */
  home: string;
  /** Windows: %SystemRoot%, %ProgramFiles%, %ProgramFiles(x86)%. */
  systemRoot?: string;
  programFiles?: string;
  programFilesX86?: string;
  /** CITIZEN_CARD_PKCS11_MODULE: a module installed somewhere else, checked first. */
  extra?: string;
}

const WIN_MODULE = 'HiCOSPKCS11.dll';
const MAC_MODULE = 'libHicos_p11v1.dylib';
const LINUX_MODULE = 'libHicos_p11v1.so';

const SRC_WIN = 'public scripts on GitHub that check these paths (loaded by name from System32)';
const SRC_MAC_BREW =
  'a Homebrew formula installing HiPKILocalSignServer’s copy into /usr/local/lib';
const SRC_MAC_BANK = 'a bank plug-in’s public JavaScript';
const SRC_MAC_HIPKI = 'the HiPKI installer’s folder';
const SRC_LINUX = 'no public source; the usual library folders';

export function pkcs11Candidates(env: PathEnvironment): ModuleCandidate[] {
  const list: ModuleCandidate[] = [];
  if (env.extra)
    list.push({ path: env.extra, confirmed: true, source: 'CITIZEN_CARD_PKCS11_MODULE' });
  switch (env.platform) {
    case 'win32': {
      const systemRoot = env.systemRoot ?? 'C:\\Windows';
      const programFiles = env.programFiles ?? 'C:\\Program Files';
      const programFilesX86 = env.programFilesX86 ?? 'C:\\Program Files (x86)';
      list.push(
        { path: win32.join(systemRoot, 'System32', WIN_MODULE), confirmed: true, source: SRC_WIN },
        { path: win32.join(programFiles, 'HiCOS', WIN_MODULE), confirmed: true, source: SRC_WIN },
        {
          path: win32.join(programFilesX86, 'HiCOS', WIN_MODULE),
          confirmed: true,
          source: SRC_WIN,
        },
      );
      break;
    }
    case 'darwin':
      list.push(
        { path: posix.join('/usr/local/lib', MAC_MODULE), confirmed: true, source: SRC_MAC_BREW },
        {
          path: posix.join('/Library/FBTokenLib', MAC_MODULE),
          confirmed: true,
          source: SRC_MAC_BANK,
        },
        {
          path: posix.join(env.home, 'Library/HiPKILocalSignServer', MAC_MODULE),
          confirmed: true,
          source: SRC_MAC_HIPKI,
        },
      );
      break;
    default:
      list.push(
        { path: posix.join('/usr/local/lib', LINUX_MODULE), confirmed: false, source: SRC_LINUX },
        { path: posix.join('/usr/lib', LINUX_MODULE), confirmed: false, source: SRC_LINUX },
      );
  }
  return list;
}

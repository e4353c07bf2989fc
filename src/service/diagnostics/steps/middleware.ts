/**
 * MOICA's own software next to this app: the HiCOS PKCS#11 module (signing on government
 * sites, and the only safe way to a real card's PIN state) and the HiPKI Local Server web
 * component on 127.0.0.1:61161. Both are needed for R-SETUP; neither is needed by this app.
 */
import { finding, msg, osKey, type DiagnosticsDeps } from '../deps';
import {
  WEB_COMPONENT_PORT,
  WEB_COMPONENT_TIMEOUT_MS,
  webComponentUrl,
  type HttpProbeResult,
} from '../http-probe';
import {
  defaultCandidates,
  moduleCandidates,
  PKCS11_MODULE_ENV,
  type ModuleCandidate,
} from '../../../card/pkcs11/locator';
import type { RawFinding } from '../types';

export interface Pkcs11Facts {
  found: ModuleCandidate | null;
  checked: ModuleCandidate[];
}

export interface WebComponentFacts {
  url: string;
  result: HttpProbeResult;
}

/**
 * Where the module is looked for: the PIN backend's own list (src/card/pkcs11/locator.ts keeps
 * the paths and their sources). Unlike the PIN backend, a CITIZEN_CARD_PKCS11_MODULE path
 * does not hide the usual places: a helpdesk wants to know whether HiCOS is installed too.
 */
export function pkcs11Candidates(
  environment: { platform: string } & DiagnosticsDeps['paths'],
): ModuleCandidate[] {
  const { platform, home } = environment;
  const env = {
    SystemRoot: environment.systemRoot,
    ProgramFiles: environment.programFiles,
    'ProgramFiles(x86)': environment.programFilesX86,
  };
  const defaults = defaultCandidates({ platform, home, env });
  if (!environment.pkcs11Module) return defaults;
  const fromEnv = { platform, home, env: { [PKCS11_MODULE_ENV]: environment.pkcs11Module } };
  return [...moduleCandidates(fromEnv), ...defaults];
}

export function findPkcs11Module(deps: DiagnosticsDeps): Pkcs11Facts {
  const checked = pkcs11Candidates({ platform: deps.os.platform, ...deps.paths });
  const found =
    checked.find((c) => {
      try {
        return deps.fileExists(c.path);
      } catch {
        return false;
      }
    }) ?? null;
  return { found, checked };
}

export async function probeWebComponent(deps: DiagnosticsDeps): Promise<WebComponentFacts> {
  const url = deps.webComponent?.url ?? webComponentUrl();
  const timeoutMs = deps.webComponent?.timeoutMs ?? WEB_COMPONENT_TIMEOUT_MS;
  try {
    return { url, result: await deps.httpGet(url, timeoutMs) };
  } catch (err) {
    return { url, result: { outcome: 'error', code: (err as Error)?.message ?? String(err) } };
  }
}

const RULES = ['R-SETUP'];

export function pkcs11Finding(facts: Pkcs11Facts, platform: string): RawFinding {
  const data = { found: facts.found?.path ?? null, checked: facts.checked.map((c) => c.path) };
  if (facts.found) {
    return finding('middleware.pkcs11', 'ok', {
      title: [msg('diagnostics.pkcs11.found.title')],
      cause: [msg('diagnostics.pkcs11.found.cause', { path: facts.found.path })],
      data,
    });
  }
  const os = osKey(platform);
  const cause = [msg('diagnostics.pkcs11.missing.cause', { paths: data.checked.join(', ') })];
  // No public source says where HiCOS installs on Linux: a miss there proves little.
  if (os === 'linux') cause.push(msg('diagnostics.pkcs11.missing.linuxUnconfirmed'));
  return finding('middleware.pkcs11', os === 'linux' ? 'info' : 'warning', {
    title: [msg('diagnostics.pkcs11.missing.title')],
    cause,
    remedy: [
      msg('diagnostics.pkcs11.missing.remedy'),
      { link: 'download-hicos' },
      msg('diagnostics.pkcs11.missing.elsewhere'),
    ],
    rules: RULES,
    data,
  });
}

export function webComponentFinding(facts: WebComponentFacts): RawFinding {
  const { url, result } = facts;
  const port = portOf(url);
  switch (result.outcome) {
    case 'answered':
      return finding('middleware.web-component', 'ok', {
        title: [msg('diagnostics.web.answered.title')],
        cause: [msg('diagnostics.web.answered.cause', { url, status: result.status })],
        data: { url, outcome: result.outcome, status: result.status, server: result.server },
      });
    case 'refused':
      return finding('middleware.web-component', 'warning', {
        title: [msg('diagnostics.web.refused.title')],
        cause: [msg('diagnostics.web.refused.cause', { port })],
        remedy: [msg('diagnostics.web.refused.remedy'), { link: 'download-hipki' }],
        rules: RULES,
        data: { url, outcome: result.outcome },
      });
    case 'timeout':
      return finding('middleware.web-component', 'warning', {
        title: [msg('diagnostics.web.timeout.title')],
        cause: [
          msg('diagnostics.web.timeout.cause', {
            port,
            seconds: Math.round(result.timeoutMs / 100) / 10,
          }),
        ],
        remedy: [msg('diagnostics.web.timeout.remedy'), { link: 'download-hipki' }],
        rules: RULES,
        data: { url, outcome: result.outcome, timeoutMs: result.timeoutMs },
      });
    default:
      return finding('middleware.web-component', 'info', {
        title: [msg('diagnostics.web.error.title')],
        cause: [msg('diagnostics.web.error.cause', { port, code: result.code })],
        data: { url, outcome: result.outcome, code: result.code },
      });
  }
}

function portOf(url: string): number {
  try {
    return Number(new URL(url).port) || WEB_COMPONENT_PORT;
  } catch {
    return WEB_COMPONENT_PORT;
  }
}

/** Exported for the busy-card finding: a running HiPKI Local Server may be the holder. */
export function webComponentRunning(facts: WebComponentFacts | null): boolean {
  return facts?.result.outcome === 'answered' || facts?.result.outcome === 'timeout';
}

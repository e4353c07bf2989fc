/**
 * Other local components government websites use, besides MOICA's own (middleware.ts): each
 * with a public source for where it listens, probed read-only. Only what a public source
 * documents is here (docs/diagnostics.md "Sources"); a component without one is left out.
 *
 * - NHI card component (健保卡網路服務元件): the National Health Insurance Administration's
 *   local service that lets websites read the 健保卡; listens on 127.0.0.1:7777 (a public
 *   setup guide of its Linux package). No public source describes a version request, so none
 *   is made or claimed.
 */
import { finding, msg, type DiagnosticsDeps } from '../deps';
import type { TcpProbeResult } from '../tcp-probe';
import type { RawFinding } from '../types';

export const NHI_COMPONENT_HOST = '127.0.0.1';
export const NHI_COMPONENT_PORT = 7777;
const NHI_COMPONENT_TIMEOUT_MS = 1500;

export interface ComponentFacts {
  host: string;
  port: number;
  result: TcpProbeResult;
}

/** null when the caller gave no way to probe (tests of other steps). */
export async function probeNhiComponent(deps: DiagnosticsDeps): Promise<ComponentFacts | null> {
  if (!deps.tcpConnect) return null;
  const port = deps.nhiComponent?.port ?? NHI_COMPONENT_PORT;
  const timeoutMs = deps.nhiComponent?.timeoutMs ?? NHI_COMPONENT_TIMEOUT_MS;
  try {
    return {
      host: NHI_COMPONENT_HOST,
      port,
      result: await deps.tcpConnect(NHI_COMPONENT_HOST, port, timeoutMs),
    };
  } catch (err) {
    return {
      host: NHI_COMPONENT_HOST,
      port,
      result: { outcome: 'error', code: (err as Error)?.message ?? String(err) },
    };
  }
}

/**
 * Information either way: a 自然人憑證 does not need it, but a person whose 健保卡 login fails
 * on a government site does, and a helpdesk asks.
 */
export function nhiComponentFinding(facts: ComponentFacts): RawFinding {
  const { host, port, result } = facts;
  const data = { host, port, outcome: result.outcome, version: null };
  if (result.outcome === 'listening') {
    return finding('component.nhi', 'info', {
      title: [msg('components.nhi.listening.title')],
      cause: [msg('components.nhi.listening.cause', { port })],
      data,
    });
  }
  return finding('component.nhi', 'info', {
    title: [msg('components.nhi.absent.title')],
    cause: [
      result.outcome === 'refused'
        ? msg('components.nhi.absent.cause', { port })
        : msg('components.nhi.other.cause', {
            port,
            detail: result.outcome === 'timeout' ? `timeout ${result.timeoutMs} ms` : result.code,
          }),
    ],
    remedy: [msg('components.nhi.absent.remedy')],
    data,
  });
}

/**
 * Shared pieces of the diagnostics tests: a machine that answers nothing by default (no
 * middleware on disk, nothing on 61161), and virtual cards in in-process readers.
 */
import { identifyCard } from '../../../../src/sources';
import {
  createVirtualSource,
  type VirtualCardSource,
} from '../../../../src/sources/virtual-source';
import type { DiagnosticsDeps, OpenedSource } from '../../../../src/service/diagnostics';
import type {
  DiagnosticReport,
  Finding,
  FindingId,
} from '../../../../src/service/diagnostics/types';
import type { ScenarioName } from '../../../../src/virtual-card';

export const NOW = new Date('2026-11-27T04:00:00Z');
export const READER = 'Reader A';

export function baseDeps(overrides: Partial<DiagnosticsDeps> = {}): DiagnosticsDeps {
  return {
    lang: 'en',
    now: () => NOW,
    app: { name: 'Citizen Card Manager', version: '9.8.7', runtime: 'cli' },
    os: { platform: 'linux', release: '6.1.0-test', arch: 'x64' },
    paths: { home: '/nonexistent-home-for-tests' },
    fileExists: () => false,
    httpGet: async () => ({ outcome: 'refused' }),
    openSource: async () => {
      throw new Error('no source in this test');
    },
    ...overrides,
  };
}

/** A reader per entry; `null` is an empty reader. Closing is left to the test. */
export async function virtualReaders(
  cards: Record<string, ScenarioName | null>,
): Promise<VirtualCardSource> {
  return createVirtualSource(
    Object.entries(cards).map(([reader, scenario]) => ({
      reader,
      // Each card keeps what it receives: the tests check that diagnosis only reads.
      card: scenario ? { scenario, now: () => NOW, recordCommands: 100_000 } : null,
    })),
    { identify: identifyCard, now: () => NOW },
  );
}

export function opened(source: VirtualCardSource, scenario = 'test'): OpenedSource {
  // The test closes the source itself, after looking at what the card received.
  return { source, close: async () => {}, virtualScenario: scenario };
}

export function only(report: DiagnosticReport, id: FindingId, reader?: string): Finding {
  const found = report.findings.filter(
    (f) => f.id === id && (reader === undefined || f.reader === reader),
  );
  if (found.length !== 1) {
    throw new Error(`expected one '${id}' finding, got ${found.length}: ${ids(report)}`);
  }
  return found[0]!;
}

export function ids(report: DiagnosticReport): string {
  return report.findings.map((f) => `${f.id}:${f.severity}`).join(', ');
}

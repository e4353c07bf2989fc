/** Is the PC/SC service there, and which readers does it see? */
import type { ReaderState } from '../../../sources/card-source';
import { isAppError } from '../../../core/errors';
import { finding, msg, osKey, type DiagnosticsDeps, type OpenedSource } from '../deps';
import type { RawFinding } from '../types';

export interface ServiceOutcome {
  opened: OpenedSource | null;
  findings: RawFinding[];
}

export async function openService(deps: DiagnosticsDeps): Promise<ServiceOutcome> {
  const os = osKey(deps.os.platform);
  let opened: OpenedSource;
  try {
    opened = await deps.openSource();
  } catch (err) {
    // Only "no service" is this finding; anything else is a bug worth a stack trace.
    if (!isAppError(err) || err.code !== 'pcsc-unavailable') throw err;
    return {
      opened: null,
      findings: [
        finding('pcsc.service', 'error', {
          title: [msg('diagnostics.pcsc.down.title')],
          cause: [msg(`diagnostics.pcsc.down.cause.${os}`)],
          remedy: [msg(`diagnostics.pcsc.down.remedy.${os}`)],
          rules: ['R-SETUP'],
          data: { available: false, detail: err.message },
        }),
      ],
    };
  }
  if (opened.source.kind === 'virtual') {
    return {
      opened,
      findings: [
        finding('pcsc.virtual', 'info', {
          title: [msg('diagnostics.pcsc.virtual.title')],
          cause: [
            msg('diagnostics.pcsc.virtual.cause', { scenario: opened.virtualScenario ?? '' }),
          ],
          remedy: [
            msg(
              deps.app.runtime === 'cli'
                ? 'diagnostics.pcsc.virtual.remedy'
                : 'guide.diagnose.virtualApp',
            ),
          ],
          data: { scenario: opened.virtualScenario ?? null },
        }),
      ],
    };
  }
  return {
    opened,
    findings: [
      finding('pcsc.service', 'ok', {
        title: [msg('diagnostics.pcsc.up.title')],
        cause: [msg(`diagnostics.pcsc.up.cause.${os}`)],
        data: { available: true },
      }),
    ],
  };
}

export function readersFinding(readers: ReaderState[], deps: DiagnosticsDeps): RawFinding {
  const names = readers.map((r) => r.name);
  if (deps.reader !== undefined && readers.length > 0 && !names.includes(deps.reader)) {
    return finding('readers', 'error', {
      title: [msg('diagnostics.readers.notFound.title', { reader: deps.reader })],
      cause: [msg('diagnostics.readers.found.cause', { names: names.join(', ') })],
      remedy: [msg('diagnostics.readers.notFound.remedy')],
      data: { count: readers.length, names },
    });
  }
  if (readers.length === 0) {
    const os = osKey(deps.os.platform);
    return finding('readers', 'error', {
      title: [msg('diagnostics.readers.none.title')],
      cause: [msg('diagnostics.readers.none.cause')],
      remedy: [
        msg('diagnostics.readers.none.remedy'),
        msg(`diagnostics.readers.none.remedy.${os}`),
      ],
      rules: ['R-SETUP'],
      data: { count: 0, names },
    });
  }
  const withCard = readers.filter((r) => r.cardPresent).map((r) => r.name);
  const cause = [msg('diagnostics.readers.found.cause', { names: names.join(', ') })];
  // Several readers: say which one holds the card (a laptop's built-in one often does not).
  if (readers.length > 1) {
    cause.push(
      withCard.length
        ? msg('readers.holding', { names: withCard.join(', ') })
        : msg('readers.holdingNone'),
    );
  }
  return finding('readers', 'ok', {
    title: [msg('diagnostics.readers.found.title', { count: readers.length })],
    cause,
    data: { count: readers.length, names, withCard },
  });
}

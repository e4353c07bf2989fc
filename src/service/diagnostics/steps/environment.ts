/** Where the report was made: operating system and app version, always first. */
import { finding, msg, osKey, type DiagnosticsDeps } from '../deps';
import type { RawFinding } from '../types';

const OS_NAMES = { windows: 'Windows', macos: 'macOS', linux: 'Linux' } as const;

export function environmentFindings(deps: DiagnosticsDeps): RawFinding[] {
  const { os, app } = deps;
  const name =
    os.platform === 'linux' || os.platform === 'win32' || os.platform === 'darwin'
      ? OS_NAMES[osKey(os.platform)]
      : os.platform;
  return [
    finding('os', 'info', {
      title: [msg('diagnostics.os.title', { name, release: os.release, arch: os.arch })],
      cause: [msg('diagnostics.os.cause', { description: os.version ?? `${name} ${os.release}` })],
      data: { ...os },
    }),
    finding('app', 'info', {
      title: [msg('diagnostics.app.title', { name: app.name, version: app.version })],
      cause: [msg(`diagnostics.app.runtime.${runtimeKey(app.runtime)}`)],
      data: { ...app },
    }),
  ];
}

function runtimeKey(runtime: string): 'cli' | 'electron' | 'browser' {
  return runtime === 'electron' || runtime === 'browser' ? runtime : 'cli';
}

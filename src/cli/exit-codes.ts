import type { ErrorCode } from '../core/errors';

/** docs/cli.md "Exit codes": promises scripts rely on. */
export const EXIT = {
  ok: 0,
  other: 1,
  usage: 2,
  noCard: 3,
  wrongSecret: 4,
  blocked: 5,
  refused: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function exitCodeFor(code: ErrorCode): ExitCode {
  switch (code) {
    case 'invalid-input':
      return EXIT.usage;
    case 'pcsc-unavailable':
    case 'no-reader':
    case 'no-card':
      return EXIT.noCard;
    case 'wrong-secret':
      return EXIT.wrongSecret;
    case 'secret-blocked':
      return EXIT.blocked;
    case 'refused':
      return EXIT.refused;
    default:
      return EXIT.other;
  }
}

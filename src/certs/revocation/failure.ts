import type { RevocationProblem } from '../../core/model';

/**
 * Why no answer that counts was obtained. Never leaves the revocation code as an exception:
 * the check turns it into `{ status: 'unknown', problem }`. `detail` is for logs and tests
 * (an HTTP status, a library's message), never shown as the reason itself.
 */
export class RevocationFailure extends Error {
  constructor(
    readonly problem: RevocationProblem,
    readonly detail = '',
  ) {
    super(detail ? `${problem}: ${detail}` : problem);
    this.name = 'RevocationFailure';
  }
}

export function isRevocationFailure(err: unknown): err is RevocationFailure {
  return err instanceof RevocationFailure;
}

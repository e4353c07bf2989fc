import type { SecretStatus } from '../../src/core/model';

export interface LastTryGate {
  /** The form must show the warning and the explicit confirmation checkbox. */
  needsConfirm: boolean;
  /** Submitting is allowed (false while the confirmation is missing, or when blocked). */
  canSubmit: boolean;
  /** What to send as `confirmLastTry`: true only after the person ticked the box. */
  confirmLastTry: boolean;
}

export function isLastTry(status: SecretStatus | null): boolean {
  return !!status && !status.blocked && (status.lastTry || status.triesLeft === 1);
}

/**
 * card-profile.md §1.2: with one try left an operation needs a second, explicit
 * confirmation. The gate is computed from the counter the card reported, never from the
 * form, so no path skips it.
 */
export function lastTryGate(status: SecretStatus | null, confirmed: boolean): LastTryGate {
  if (status?.blocked) return { needsConfirm: false, canSubmit: false, confirmLastTry: false };
  const needsConfirm = isLastTry(status);
  return {
    needsConfirm,
    canSubmit: !needsConfirm || confirmed,
    confirmLastTry: needsConfirm && confirmed,
  };
}

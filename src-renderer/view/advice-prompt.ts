import type { AdvisorResult, AdvisorStatus } from '../../src/core/model';

export interface AdvicePrompt {
  status: AdvisorStatus;
  /** `alert` interrupts a screen reader (expired, clock wrong); `status` waits politely. */
  urgency: 'alert' | 'status';
  /** The first action: the advisor lists the surest path first. */
  actionId: string | null;
}

const URGENT: readonly AdvisorStatus[] = [
  'expired-extendable',
  'expired-reapply',
  'not-yet-valid',
  // The issuer's answer (R-STATUS-*): the card cannot sign now, whatever the dates say.
  'suspended',
  'revoked',
];

/**
 * Whether the advisor's next step must be on every screen: when a window is open, or the
 * certificate is expired or not yet valid. A plain `valid` certificate gets no banner.
 */
export function advicePrompt(advice: AdvisorResult | null): AdvicePrompt | null {
  if (!advice) return null;
  const windowOpen = !!advice.windows.extension?.open || advice.windows.onlineRenewal.open;
  const urgent = URGENT.includes(advice.status);
  if (!windowOpen && !urgent) return null;
  return {
    status: advice.status,
    urgency: urgent ? 'alert' : 'status',
    actionId: advice.actions[0]?.id ?? null,
  };
}

/** "Expires in 0 days" reads badly: the last day of a window gets its own wording. */
export function headlineKey(status: string, daysLeft: number): string {
  const base = `ui.advice.headline.${status}`;
  return daysLeft === 0 && (status === 'extension-window' || status === 'renewal-window')
    ? `${base}.lastDay`
    : base;
}

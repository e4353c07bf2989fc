import type { SecretStatus } from '../../../src/core/model';
import { isLastTry } from '../../../src/card/pin-policy';

export interface PinStateView {
  key: string;
  tone: 'ok' | 'warning' | 'blocked' | 'unknown';
}

/**
 * A PIN state reported by the vendor's PKCS#11 module, in words: the module gives flags,
 * not a count (cli.md), so there is no "n/3" to show and none is made up.
 */
export function pinStateView(status: SecretStatus | null): PinStateView {
  if (!status) return { key: 'ui.pin.state.unknown', tone: 'unknown' };
  if (status.blocked) return { key: 'ui.pin.state.blocked', tone: 'blocked' };
  if (isLastTry(status)) return { key: 'ui.pin.state.lastTry', tone: 'warning' };
  return { key: 'ui.pin.state.ok', tone: 'ok' };
}

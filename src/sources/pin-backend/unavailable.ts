/**
 * The backend for cards that get no PIN command from this app: unknown cards (read-only,
 * card-profile.md §1.4), and vendor cards whose PKCS#11 module is missing or cannot serve
 * them. State is "unknown"; every operation is refused before any secret is used.
 */
import { PinOperationRefused, type AppError, type RefusalReason } from '../../core/errors';
import { withSecrets } from '../../card/pin-policy';
import type { PinBackend, PinOperation, PinState } from './types';

export class UnavailablePinBackend implements PinBackend {
  readonly kind = 'none' as const;

  /**
   * @param refusal what verify and change-pin throw
   * @param problem what `state` reports (null: unknown is normal, e.g. no module installed)
   * @param unblockRefusal unblock on a MOICA card is the online procedure (R-UNLOCK-ONLINE)
   */
  constructor(
    private readonly refusal: () => AppError,
    private readonly problem: AppError | null = null,
    private readonly unblockRefusal: RefusalReason | null = null,
  ) {}

  static refusing(reason: RefusalReason, unblock: RefusalReason | null = null) {
    return new UnavailablePinBackend(() => new PinOperationRefused(reason), null, unblock);
  }

  refusalFor(operation: PinOperation): AppError {
    if (operation === 'unblock' && this.unblockRefusal) {
      return new PinOperationRefused(this.unblockRefusal);
    }
    return this.refusal();
  }

  async state(): Promise<PinState> {
    return { pin: null, userCode: null, pinMustChange: false, problem: this.problem };
  }

  verifyPin(pin: Buffer): Promise<void> {
    return withSecrets([pin], async () => {
      throw this.refusalFor('verify');
    });
  }

  changePin(oldPin: Buffer, newPin: Buffer): Promise<void> {
    return withSecrets([oldPin, newPin], async () => {
      throw this.refusalFor('change');
    });
  }

  unblockPin(userCode: Buffer, newPin: Buffer): Promise<void> {
    return withSecrets([userCode, newPin], async () => {
      throw this.refusalFor('unblock');
    });
  }

  sign(pin: Buffer): Promise<Buffer> {
    return withSecrets([pin], async () => {
      throw this.refusalFor('sign');
    });
  }

  async close(): Promise<void> {}
}

/**
 * The PKCS#11 backend: real MOICA cards' PIN through the vendor's module, which speaks the
 * card's secure channel. The module runs in the worker process (src/card/pkcs11/client.ts).
 * PIN state comes from the token's flags alone; nothing logs in except the operation the
 * person asked for, and the token's flags are checked right before it (in the worker).
 */
import type { SecretOperationOptions } from '../../card';
import { assertSecretForm, withSecrets } from '../../card/pin-policy';
import { AppError, PinOperationRefused } from '../../core/errors';
import type { CardCertificate } from '../../core/model';
import type { Pkcs11Client } from '../../card/pkcs11/client';
import { decodeUserPinFlags, pinStatusFromFlags } from '../../card/pkcs11/flags';
import type { SlotRef, SlotReport, TokenReport } from '../../card/pkcs11/protocol';
import { certificatesDisagree, compareCertificates } from './compare';
import type { PinBackend, PinOperation, PinState } from './types';

export class CertificatesDifferError extends AppError {
  constructor() {
    super('card-error', 'pkcs11.certificatesDiffer');
  }
}

export class Pkcs11PinBackend implements PinBackend {
  readonly kind = 'pkcs11' as const;
  private readonly slot: SlotRef;
  /**
   * The token as the worker read it right after the last PIN operation, for the `state`
   * that follows: that worker has ended, and starting another just to re-read is waste.
   */
  private afterOperation: TokenReport | null = null;

  constructor(
    private readonly client: Pkcs11Client,
    slot: SlotReport,
    /** This backend started the client and ends it on close; the app's shared one stays. */
    private readonly ownsClient: boolean,
  ) {
    if (!slot.token) throw new TypeError('a matched slot has a token');
    this.slot = {
      slotId: slot.slotId,
      serialNumber: slot.token.serialNumber,
      label: slot.token.label,
    };
  }

  refusalFor(operation: PinOperation): AppError | null {
    return operation === 'unblock' ? new PinOperationRefused('unblock-not-offered') : null;
  }

  async state(options: { cardCertificates?: CardCertificate[] } = {}): Promise<PinState> {
    try {
      const token =
        (!options.cardCertificates && this.afterOperation) ||
        (await this.client.call('token', { slot: this.slot }));
      this.afterOperation = null;
      const state: PinState = {
        pin: pinStatusFromFlags(token.flags),
        // MOICA's user code is checked online, not by the module: unknown here.
        userCode: null,
        pinMustChange: decodeUserPinFlags(token.flags).toBeChanged,
        problem: null,
      };
      if (options.cardCertificates) {
        const listed = await this.client.call('certificates', { slot: this.slot });
        state.certificates = compareCertificates(options.cardCertificates, listed);
        if (certificatesDisagree(state.certificates)) state.problem = new CertificatesDifferError();
      }
      return state;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return { pin: null, userCode: null, pinMustChange: false, problem: err };
    }
  }

  verifyPin(pin: Buffer, opts: SecretOperationOptions): Promise<void> {
    return withSecrets([pin], async () => {
      // MOICA's PIN rule, checked before the module sees anything (exit 2, nothing sent).
      assertSecretForm('pin', pin, 'card.invalidPin');
      this.afterOperation = null;
      const report = await this.client.call('verify', {
        slot: this.slot,
        pin,
        confirmLastTry: opts?.confirmLastTry === true,
      });
      this.afterOperation = report.token;
    });
  }

  changePin(oldPin: Buffer, newPin: Buffer, opts: SecretOperationOptions): Promise<void> {
    return withSecrets([oldPin, newPin], async () => {
      assertSecretForm('pin', oldPin, 'card.invalidPin');
      assertSecretForm('pin', newPin, 'card.invalidNewPin');
      this.afterOperation = null;
      const report = await this.client.call('changePin', {
        slot: this.slot,
        oldPin,
        newPin,
        confirmLastTry: opts?.confirmLastTry === true,
      });
      this.afterOperation = report.token;
    });
  }

  sign(
    pin: Buffer,
    challenge: Buffer,
    certificate: Buffer,
    opts: SecretOperationOptions,
  ): Promise<Buffer> {
    return withSecrets([pin], async () => {
      assertSecretForm('pin', pin, 'card.invalidPin');
      this.afterOperation = null;
      const report = await this.client.call('sign', {
        slot: this.slot,
        pin,
        confirmLastTry: opts?.confirmLastTry === true,
        certificate,
        data: challenge,
      });
      this.afterOperation = report.token;
      return Buffer.from(report.signature);
    });
  }

  /** A MOICA card is unblocked online by the MOICA site (R-UNLOCK-ONLINE), never here. */
  unblockPin(userCode: Buffer, newPin: Buffer): Promise<void> {
    return withSecrets([userCode, newPin], async () => {
      throw this.refusalFor('unblock')!;
    });
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }
}

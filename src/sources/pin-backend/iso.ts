/**
 * The plain ISO 7816-4 backend: today's APDUs through the card driver, which enforces the
 * safety rules itself. Each operation is one connection to the card; PIN operations hold
 * it exclusively and reset the card afterwards (card-profile.md §1.6).
 */
import { CardDriver, type SecretOperationOptions } from '../../card';
import type { CardSource, WithCardOptions } from '../card-source';
import type { CardTransport } from '../../card/transport';
import { withSecrets } from '../../card/pin-policy';
import { sha256DigestInfo } from '../../card/signing';
import type { PinBackend, PinState } from './types';

export type DriverFactory = (transport: CardTransport) => CardDriver;

const PIN_OPERATION: WithCardOptions = { exclusive: true, reset: true };

export class IsoPinBackend implements PinBackend {
  readonly kind = 'iso' as const;

  constructor(
    private readonly source: CardSource,
    private readonly reader: string,
    private readonly createDriver: DriverFactory = (t) => new CardDriver(t),
  ) {}

  /** The driver decides from the ATR and the counters, inside the operation. */
  refusalFor(): null {
    return null;
  }

  state(): Promise<PinState> {
    return this.source.withCard(this.reader, async (transport) => {
      const driver = this.createDriver(transport);
      return {
        pin: await driver.readPinStatus(),
        userCode: await driver.readUserCodeStatus(),
        pinMustChange: false,
        problem: null,
      };
    });
  }

  verifyPin(pin: Buffer, opts: SecretOperationOptions): Promise<void> {
    return withSecrets([pin], () =>
      this.source.withCard(
        this.reader,
        (t) => this.createDriver(t).verifyPin(pin, opts),
        PIN_OPERATION,
      ),
    );
  }

  changePin(oldPin: Buffer, newPin: Buffer, opts: SecretOperationOptions): Promise<void> {
    return withSecrets([oldPin, newPin], () =>
      this.source.withCard(
        this.reader,
        (t) => this.createDriver(t).changePin(oldPin, newPin, opts),
        PIN_OPERATION,
      ),
    );
  }

  unblockPin(userCode: Buffer, newPin: Buffer, opts: SecretOperationOptions): Promise<void> {
    return withSecrets([userCode, newPin], () =>
      this.source.withCard(
        this.reader,
        (t) => this.createDriver(t).unblockPin(userCode, newPin, opts),
        PIN_OPERATION,
      ),
    );
  }

  /** The card's own signing key (reference 01) signs; `certificate` is the caller's to check. */
  sign(pin: Buffer, challenge: Buffer, _certificate: Buffer, opts: SecretOperationOptions) {
    return withSecrets([pin], () =>
      this.source.withCard(
        this.reader,
        (t) => this.createDriver(t).signDigestInfo(pin, sha256DigestInfo(challenge), opts),
        PIN_OPERATION,
      ),
    );
  }

  async close(): Promise<void> {
    // Nothing held between operations.
  }
}

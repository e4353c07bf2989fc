/**
 * A card that is not a 自然人憑證 (card-profile.md §7): the NHI card, a bank card, a SIM in
 * an adapter... It has an ATR, answers SELECT by name for the applications it is given and
 * nothing else, and records every command it receives, so a test can prove what the app
 * sent to a card it should leave alone.
 */
import { parseCommandApdu } from './command-apdu';
import { SW, swBytes } from './status-words';
import type { SimulatedCard } from './types';

export interface OtherCardOptions {
  atr: Buffer;
  /** DF names (the SELECT data) this card answers 9000 to. */
  applications?: Buffer[];
}

export class OtherCard implements SimulatedCard {
  /** Every command APDU received, in order (copies). */
  readonly received: Buffer[] = [];
  private readonly applications: Buffer[];

  constructor(private readonly options: OtherCardOptions) {
    this.applications = options.applications ?? [];
  }

  get atr(): Buffer {
    return Buffer.from(this.options.atr);
  }

  powerOn(): void {}
  powerOff(): void {}
  reset(): void {}

  process(command: Buffer): Promise<Buffer> {
    return Promise.resolve(this.answer(command));
  }

  private answer(command: Buffer): Buffer {
    this.received.push(Buffer.from(command));
    const apdu = parseCommandApdu(command);
    if (!apdu) return swBytes(SW.WRONG_LENGTH);
    if (apdu.ins !== 0xa4) return swBytes(SW.INS_NOT_SUPPORTED);
    const known = apdu.p1 === 0x04 && this.applications.some((a) => apdu.data?.equals(a));
    return swBytes(known ? SW.OK : SW.FILE_NOT_FOUND);
  }
}

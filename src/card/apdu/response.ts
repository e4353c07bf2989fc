import { CardRemovedError } from '../../core/errors';

export interface ResponseApdu {
  data: Buffer;
  sw: number;
  sw1: number;
  sw2: number;
}

/** Split a raw response into data and SW; fewer than two bytes means the card went away. */
export function parseResponse(raw: Buffer): ResponseApdu {
  if (raw.length < 2) throw new CardRemovedError();
  const sw1 = raw[raw.length - 2]!;
  const sw2 = raw[raw.length - 1]!;
  return { data: Buffer.from(raw.subarray(0, raw.length - 2)), sw: (sw1 << 8) | sw2, sw1, sw2 };
}

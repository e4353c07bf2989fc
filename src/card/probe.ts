import type { CardLayout } from '../core/model';
import { fromHex } from './apdu/hex';
import type { ApduLink } from './apdu/transmit';

/** card-profile.md §2 probe 1: the gen-2 PKI applet. */
export const GEN2_APPLET_AID = fromHex('A0 00 00 02 83 00 00 06 22 01 69 64 00 01 01 01');

const SW_OK = 0x9000;
const SW_CLA_NOT_SUPPORTED = 0x6e00;
const SW_INS_NOT_SUPPORTED = 0x6d00;

export interface ProbeResult {
  layout: CardLayout | null;
  /** What the successful probe left selected: the MF, or (gen 2) the applet. */
  selected: 'mf' | 'applet' | null;
}

/**
 * Find the card's layout, cheapest probe first, stopping at the first success
 * (card-profile.md §2). Only SELECTs are sent: probing never touches a PIN.
 */
export async function probeLayout(link: ApduLink): Promise<ProbeResult> {
  const applet = await link.send({
    cla: 0x00,
    ins: 0xa4,
    p1: 0x04,
    p2: 0x0c,
    data: GEN2_APPLET_AID,
  });
  if (applet.sw === SW_OK) return { layout: { cla: 0x00, root: '7FFF' }, selected: 'applet' };

  const selectMf = (cla: number) =>
    link.send({ cla, ins: 0xa4, p1: 0x00, p2: 0x00, data: Buffer.from([0x3f, 0x00]) });
  const proprietary = await selectMf(0x80);
  if (proprietary.sw === SW_OK) return { layout: { cla: 0x80, root: '3F00' }, selected: 'mf' };
  if (proprietary.sw === SW_CLA_NOT_SUPPORTED || proprietary.sw === SW_INS_NOT_SUPPORTED) {
    const iso = await selectMf(0x00);
    if (iso.sw === SW_OK) return { layout: { cla: 0x00, root: '3F00' }, selected: 'mf' };
  }
  return { layout: null, selected: null };
}

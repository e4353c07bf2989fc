/**
 * A vendor card's PIN state as `citizen-card status` and the app's card:status both get it
 * from the module: the same state and the same problems, comparing the token with every
 * certificate the card holds, a damaged one included. The module is a stand-in client
 * (SoftHSM2 cannot store a certificate it cannot parse).
 */
import { describe, expect, it } from 'vitest';
import { createCardBackend } from '../../../../src/service/handlers';
import { CardDriver } from '../../../../src/card';
import { createVirtualSource, DEMO_READER } from '../../../../src/sources/virtual-source';
import type { CardStatusView, IpcResult } from '../../../../src/service/contract';
import type { CardCertificate } from '../../../../src/core/model';
import type { Pkcs11Settings } from '../../../../src/sources/pin-backend';
import type { Pkcs11Client } from '../../../../src/card/pkcs11/client';
import type {
  SlotReport,
  TokenCertificate,
  TokenReport,
} from '../../../../src/card/pkcs11/protocol';
import { createVirtualCard } from '../../../../src/virtual-card';
import { VIRTUAL_CARD_DEFAULTS } from '../../../../src/virtual-card/defaults';
import { NOW, run } from '../../cli/run-cli';

const MODULE = '/opt/vendor/libmoica-test.so';
const TOKEN: TokenReport = {
  label: 'MOICA',
  serialNumber: VIRTUAL_CARD_DEFAULTS.cardNumber,
  manufacturer: 'test',
  model: 'test',
  flags: 0,
  minPinLen: 6,
  maxPinLen: 8,
};

/**
 * The vendor-gen1 card, except that the certificate at the start of 08F2 (the signing
 * one, card-profile.md §3) comes out with its tbsCertificate tagged as a SET: the DER
 * lengths still hold, so it is read whole, but it is no certificate any more.
 */
async function damagedVendorSource() {
  const card = await createVirtualCard({ scenario: 'vendor-gen1', now: () => NOW });
  const process = card.process.bind(card);
  let selected = '';
  card.process = async (apdu: Buffer) => {
    const answer = await process(apdu);
    if (apdu[1] === 0xa4) selected = apdu.subarray(5, 7).toString('hex');
    const firstRead = apdu[1] === 0xb0 && apdu[2] === 0 && apdu[3] === 0;
    if (firstRead && selected === '08f2' && answer[4] === 0x30) {
      const damaged = Buffer.from(answer);
      damaged[4] = 0x31;
      return damaged;
    }
    return answer;
  };
  const source = await createVirtualSource([{ reader: DEMO_READER }], { now: () => NOW });
  await source.insertCard(DEMO_READER, card);
  return source;
}

/** A module with one token for this card, listing `listed` as its certificates. */
function module(listed: CardCertificate[]): Pkcs11Settings {
  const slot: SlotReport = {
    slotId: '1',
    description: DEMO_READER,
    manufacturer: 'test',
    token: TOKEN,
  };
  const certificates: TokenCertificate[] = listed.map((c) => ({
    label: c.label,
    idHex: Buffer.from(c.id, 'ascii').toString('hex').toUpperCase(),
    der: new Uint8Array(c.der),
  }));
  const answers: Record<string, unknown> = { slots: [slot], token: TOKEN, certificates };
  const client = { call: async (op: string) => answers[op] };
  return {
    modulePath: MODULE,
    exists: (path) => path === MODULE,
    sharedClient: () => client as unknown as Pkcs11Client,
  };
}

/** The app's card:status for the damaged card, with this module. */
async function appStatus(pkcs11: Pkcs11Settings): Promise<CardStatusView> {
  const source = await damagedVendorSource();
  const backend = createCardBackend({
    source,
    appInfo: {
      name: 'test',
      version: '0',
      runtime: 'browser',
      platform: 'linux',
      demoScenario: null,
    },
    now: () => NOW,
    pinBackends: { pkcs11 },
    log: () => undefined,
  });
  try {
    const result = (await backend.invoke('card:status', {
      reader: DEMO_READER,
    })) as IpcResult<CardStatusView>;
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value;
  } finally {
    backend.close();
    await source.close();
  }
}

/** `citizen-card status --json` for the damaged card, with this module. */
async function cliStatus(pkcs11: Pkcs11Settings) {
  const r = await run(['status', '--json', '--virtual', 'vendor-gen1'], {
    services: { now: () => NOW, openVirtual: damagedVendorSource, pkcs11 },
  });
  return JSON.parse(r.stdout) as { pin: unknown; problems: Array<{ item: string; code: string }> };
}

describe("a vendor card's PIN state from its module, in the CLI and the app", () => {
  it("a damaged certificate the token also lists counts as the card's: no 'another card' problem in either", async () => {
    const reading = await damagedVendorSource();
    const read = await reading.withCard(DEMO_READER, (t) => new CardDriver(t).readCertificates());
    await reading.close();
    const sign = read.find((c) => c.id === 'SIGN')!;
    expect(sign.der[4]).toBe(0x31);
    // The token lists the card's signing certificate only, byte for byte as the card has it.
    const pkcs11 = module([sign]);
    const view = await appStatus(pkcs11);
    const doc = await cliStatus(pkcs11);
    expect(view.pin).toMatchObject({ source: 'pkcs11', blocked: false });
    expect(doc.pin).toEqual(view.pin);
    expect(view.problems?.map((p) => p.item)).toEqual(['certificate:SIGN']);
    expect(doc.problems.map((p) => p.item)).toEqual(['certificate:SIGN']);
  });

  it("a token listing another card's certificate: the same problem in both", async () => {
    const other = { id: 'OTHER', label: 'Someone else', der: Buffer.from('3003020101', 'hex') };
    const pkcs11 = module([other]);
    const view = await appStatus(pkcs11);
    const doc = await cliStatus(pkcs11);
    const pinProblem = { item: 'pin', code: 'card-error' };
    expect(view.problems).toContainEqual(expect.objectContaining(pinProblem));
    expect(doc.problems).toContainEqual(expect.objectContaining(pinProblem));
  });
});

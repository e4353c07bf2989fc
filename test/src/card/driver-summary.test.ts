import { describe, expect, it } from 'vitest';
import { CardDriver } from '../../../src/card';
import { CardRemovedError } from '../../../src/core/errors';
import { ATR, fakeTransport, type FakeCardOptions } from './fake-card';
import { CARD_NUMBER, cdfFile, CERTS, OS_VERSION, standardFiles } from './card-image';

function setup(opts: FakeCardOptions = {}) {
  const transport = fakeTransport({ files: standardFiles(), ...opts });
  return { transport, driver: new CardDriver(transport) };
}

const certReads = Object.values(CERTS).reduce((n, c) => n + Math.ceil(c.length / 200), 0);
const cdfBody = cdfFile({}, 0xff, true, 0).length;
const cdfReads = Math.ceil((cdfBody + 1) / 200);

/** The minimum documented on CardDriver.readCardSummary. */
function documentedMinimum(probe: 2 | 3, iso: boolean): number {
  return probe + 5 + 3 + cdfReads + 1 + certReads + (iso ? 2 : 0);
}

describe('readCardSummary', () => {
  it('reads everything in one transaction with the documented minimum of APDUs', async () => {
    const { transport, driver } = setup();
    const s = await driver.readCardSummary();
    expect(s).toMatchObject({
      reader: 'Fake Reader 00',
      identity: { family: 'virtual', pinChannel: 'iso', layout: { cla: 0, root: '3F00' } },
      cardNumber: CARD_NUMBER,
      osVersion: OS_VERSION,
      pin: { triesLeft: 3, maxTries: 3 },
      userCode: { triesLeft: 5, maxTries: 5 },
      problems: [],
    });
    expect(s.atr.historicalBytesAscii).toBe('CCM-VCARD.');
    expect(s.certificates.map((c) => c.id)).toEqual(['SIGN', 'KEYX', 'CA', 'ROOT']);
    expect(transport.transactions).toEqual([{ reset: false }]);
    expect(s.apduCount).toBe(transport.sent.length);
    expect(s.apduCount).toBe(documentedMinimum(3, true));
    // No file is selected twice in a row, and only the MF is selected again at all.
    const selects = transport.log.filter((c) => c.startsWith('00A40000'));
    expect(selects.map((c) => c.slice(-4))).toEqual([
      '3F00',
      '0900',
      '0903',
      '0905',
      '3F00',
      '5030',
      '4104',
      '08F2',
    ]);
  });

  it('costs 2 probe APDUs on a card that takes CLA 80, and no VERIFY on a vendor card', async () => {
    const { transport, driver } = setup({ atr: ATR.gen1, clas: [0x80] });
    const s = await driver.readCardSummary();
    expect(s.identity).toEqual({
      family: 'moica-gen1',
      pinChannel: 'vendor',
      layout: { cla: 0x80, root: '3F00' },
    });
    expect(s.apduCount).toBe(documentedMinimum(2, false));
    expect(transport.insList.filter((i) => [0x20, 0x24, 0x2c].includes(i))).toEqual([]);
  });

  it('pays one SELECT 3F00 instead of the probe when the card was identified before', async () => {
    const { driver } = setup();
    await driver.identify();
    const s = await driver.readCardSummary();
    expect(s.apduCount).toBe(documentedMinimum(3, true) - 3 + 1);
  });

  it('reports what it could not read and keeps the rest', async () => {
    const files = standardFiles();
    delete files['3F00/0900/0905'];
    const { driver } = setup({ files });
    const s = await driver.readCardSummary();
    expect(s.osVersion).toBeNull();
    expect(s.cardNumber).toBe(CARD_NUMBER);
    expect(s.certificates).toHaveLength(4);
    expect(s.problems.map((p) => [p.item, p.error.code])).toEqual([['osVersion', 'card-error']]);
  });

  it('fails safe on the gen-2 path: number and certificates "could not read", nothing spent', async () => {
    const { transport, driver } = setup({
      atr: ATR.gen2,
      gen2Applet: true,
      files: { '3F00/5030/08F2': Buffer.alloc(4) },
    });
    const s = await driver.readCardSummary();
    expect(s.identity.layout).toEqual({ cla: 0, root: '7FFF' });
    expect(s.problems.map((p) => [p.item, p.error.messageKey])).toEqual([
      ['cardNumber', 'card.readFailed.cardNumber'],
      ['osVersion', 'card.readFailed.osVersion'],
      ['certificates', 'card.readFailed.certificates'],
    ]);
    expect(transport.insList.filter((i) => [0x20, 0x24, 0x2c].includes(i))).toEqual([]);
  });

  it('reports a layout problem for a card no probe recognises', async () => {
    const { transport, driver } = setup({ atr: ATR.other, clas: [0x42] });
    const s = await driver.readCardSummary();
    expect(s.identity.layout).toBeNull();
    expect(s.problems.map((p) => p.item)).toEqual(['layout']);
    // The public-AID SELECTs of card-profile.md §7 (NHI, EMV PSE), then the layout probe.
    expect(transport.log.slice(0, 2)).toEqual([
      '00A4040010D1580000010000000000000000001100',
      '00A404000E315041592E5359532E444446303100',
    ]);
    expect(transport.sent).toHaveLength(5);
  });

  it('ends with CardRemovedError when the card is pulled mid-way', async () => {
    const { transport, driver } = setup();
    transport.removeAt = 20;
    await expect(driver.readCardSummary()).rejects.toThrow(CardRemovedError);
  });
});

describe('a card with a garbled ATR', () => {
  it('is read as an unknown card and never sent a PIN command', async () => {
    const { transport, driver } = setup({ atr: Buffer.from('3B8F01', 'hex') });
    const s = await driver.readCardSummary();
    expect(s.atr.problem).not.toBeNull();
    expect(s.identity.family).toBe('unknown');
    expect(s.cardNumber).toBe(CARD_NUMBER);
    await expect(
      driver.verifyPin(Buffer.from('730101'), { confirmLastTry: true }),
    ).rejects.toMatchObject({
      reason: 'unknown-card',
    });
    expect(transport.insList.filter((i) => [0x20, 0x24, 0x2c].includes(i))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { CardDriver, CardReadError, GEN2_APPLET_AID } from '../../../src/card';
import {
  CardRemovedError,
  MalformedResponseError,
  TransmitTimeoutError,
} from '../../../src/core/errors';
import { cdf } from './der';
import { ATR, fakeTransport, type FakeCardOptions } from './fake-card';
import { CARD_NUMBER, cdfFile, CERTS, OS_VERSION, SLOTS, standardFiles } from './card-image';

const PIN_INS = [0x20, 0x24, 0x2c];
const APPLET = '00A4040C10' + GEN2_APPLET_AID.toString('hex').toUpperCase();

function setup(opts: FakeCardOptions = {}) {
  const transport = fakeTransport({ files: standardFiles(), ...opts });
  return { transport, driver: new CardDriver(transport) };
}

const readsIn = (log: string[]) => log.filter((c) => c.slice(2, 4) === 'B0');

describe('identification and probing', () => {
  it('probes applet, then MF with CLA 80, then MF with CLA 00 on 6E00', async () => {
    const { transport, driver } = setup({ atr: ATR.virtual });
    const id = await driver.identify();
    expect(transport.log).toEqual([APPLET, '80A40000023F00', '00A40000023F00']);
    expect(id).toEqual({
      family: 'virtual',
      pinChannel: 'iso',
      layout: { cla: 0x00, root: '3F00' },
    });
  });

  it('stops at SELECT MF with CLA 80 when that works (gen-1 layout)', async () => {
    const { transport, driver } = setup({ atr: ATR.gen1, clas: [0x80] });
    const id = await driver.identify();
    expect(transport.log).toEqual([APPLET, '80A40000023F00']);
    expect(id).toEqual({
      family: 'moica-gen1',
      pinChannel: 'vendor',
      layout: { cla: 0x80, root: '3F00' },
    });
  });

  it('also retries with CLA 00 on 6D00', async () => {
    const { transport, driver } = setup({
      intercept: (cmd) => (cmd[0] === 0x80 ? '6D00' : undefined),
    });
    expect((await driver.identify()).layout).toEqual({ cla: 0x00, root: '3F00' });
    expect(transport.log).toHaveLength(3);
  });

  it('does not retry on other refusals and reports no layout', async () => {
    const { transport, driver } = setup({
      intercept: (cmd) => (cmd[1] === 0xa4 ? '6A82' : undefined),
    });
    expect((await driver.identify()).layout).toBeNull();
    expect(transport.log).toEqual([APPLET, '80A40000023F00']);
  });

  it('takes the gen-2 layout when the applet answers, after one APDU', async () => {
    const { transport, driver } = setup({ atr: ATR.gen2, gen2Applet: true });
    expect(await driver.identify()).toEqual({
      family: 'moica-gen2',
      pinChannel: 'vendor',
      layout: { cla: 0x00, root: '7FFF' },
    });
    expect(transport.log).toEqual([APPLET]);
  });

  it('probes once per card and never sends INS 20/24/2C while probing', async () => {
    const { transport, driver } = setup();
    await driver.identify();
    await driver.identify();
    expect(transport.log).toHaveLength(3);
    expect(transport.insList.some((i) => PIN_INS.includes(i))).toBe(false);
  });
});

describe('reading card number and version', () => {
  it('reads 0903 and 0905 under 3F00/0900', async () => {
    const { transport, driver } = setup();
    expect(await driver.readCardNumber()).toBe(CARD_NUMBER);
    expect(await driver.readOsVersion()).toBe(OS_VERSION);
    expect(transport.log.slice(3)).toEqual([
      '00A40000020900',
      '00A40000020903',
      '00B0000010', // the card number is 16 bytes: asked for exactly
      // New transaction: selection is not trusted across transactions.
      '00A40000023F00',
      '00A40000020900',
      '00A40000020905',
      '00B00000C8',
    ]);
  });

  it('accepts 9000 with fewer bytes as the end of the file', async () => {
    const { transport, driver } = setup({ pastEnd: 'ok' });
    expect(await driver.readOsVersion()).toBe(OS_VERSION);
    expect(readsIn(transport.log)).toHaveLength(1);
  });

  it('accepts 6B00 at the end of a file that filled the last read exactly', async () => {
    const version = Buffer.alloc(16, 0x41);
    const { transport, driver } = setup({
      maxRead: 16,
      files: { ...standardFiles(), '3F00/0900/0905': version },
    });
    expect(await driver.readOsVersion()).toBe('A'.repeat(16));
    // 200 refused (6987), 16 read in full, then 6B00 at offset 16.
    expect(readsIn(transport.log)).toEqual(['00B00000C8', '00B0000010', '00B0001010']);
  });

  it('fails safe with a clear "could not read" error when a file is missing', async () => {
    const files = standardFiles();
    delete files['3F00/0900/0903'];
    const { transport, driver } = setup({ files });
    const err = await driver.readCardNumber().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CardReadError);
    expect(err).toMatchObject({ item: 'cardNumber', sw: 0x6a82, code: 'card-error' });
    expect(transport.insList.some((i) => PIN_INS.includes(i))).toBe(false);
  });

  it('refuses a card number that is not text', async () => {
    const { driver } = setup({
      files: {
        ...standardFiles(),
        '3F00/0900/0903': Buffer.from('0102030405060708090A0B0C0D0E0F10', 'hex'),
      },
    });
    await expect(driver.readCardNumber()).rejects.toThrow(MalformedResponseError);
  });

  it('reports an unknown layout instead of reading', async () => {
    const { driver } = setup({ clas: [0x42] });
    await expect(driver.readCardNumber()).rejects.toMatchObject({ item: 'layout' });
  });
});

describe('reading certificates', () => {
  const expectAll = (certs: Array<{ id: string; label: string; der: Buffer }>) => {
    expect(certs.map((c) => c.id)).toEqual(['SIGN', 'KEYX', 'CA', 'ROOT']);
    expect(certs.map((c) => c.label)).toEqual(SLOTS.map((s) => s.label));
    for (const c of certs) expect(c.der.equals(CERTS[c.id as keyof typeof CERTS]), c.id).toBe(true);
  };

  it('follows the CDF (implicit length tags) into 08F2 with 200-byte reads', async () => {
    const { transport, driver } = setup();
    expectAll(await driver.readCertificates());
    const log = transport.log;
    const cdfAt = log.indexOf('00A40000024104');
    const certsAt = log.indexOf('00A400000208F2');
    // The CDF (under 200 bytes here) needs one read: its FF padding shows it is complete.
    expect(log.slice(cdfAt + 1, certsAt)).toEqual(['00B00000C8']);
    // SIGN is 1218 bytes: 6 × 200 + 18, the last read asking for exactly what is left.
    expect(log.slice(certsAt + 1, certsAt + 9)).toEqual([
      '00B00000C8',
      '00B000C8C8',
      '00B00190C8',
      '00B00258C8',
      '00B00320C8',
      '00B003E8C8',
      '00B004B012',
      '00B00700C8',
    ]);
  });

  it('follows a CDF with explicit length tags and 00 padding', async () => {
    const { driver } = setup({
      files: standardFiles('3F00', { cdf: cdfFile({ lengthTag: 'explicit' }, 0x00) }),
    });
    expectAll(await driver.readCertificates());
  });

  it('stops at the DER length when the CDF gives no length', async () => {
    const { transport, driver } = setup({
      files: standardFiles('3F00', { cdf: cdfFile({}, 0xff, false) }),
    });
    expectAll(await driver.readCertificates());
    // The header of the first chunk tells the size: the seventh read asks for the last 18 bytes.
    expect(readsIn(transport.log)).toContain('00B004B012');
    expect(readsIn(transport.log)).not.toContain('00B004C2C8');
  });

  it('falls back to 16-byte reads on 6987 and stays on 16', async () => {
    const { transport, driver } = setup({ maxRead: 16, bigReadSw: 0x6987 });
    expectAll(await driver.readCertificates());
    const reads = readsIn(transport.log);
    expect(reads.filter((r) => r.endsWith('C8'))).toEqual(['00B00000C8']);
    expect(reads.slice(1).every((r) => parseInt(r.slice(8), 16) <= 16)).toBe(true);
    // Later operations keep the small size: no second refused read.
    await driver.readOsVersion();
    expect(readsIn(transport.log).filter((r) => r.endsWith('C8'))).toHaveLength(1);
  });

  it('falls back to 16-byte reads on 6700 too', async () => {
    const { transport, driver } = setup({ maxRead: 16, bigReadSw: 0x6700 });
    expectAll(await driver.readCertificates());
    expect(readsIn(transport.log).filter((r) => r.endsWith('C8'))).toHaveLength(1);
  });

  it('gives up when even a 16-byte read is refused', async () => {
    const { driver } = setup({ maxRead: 8, bigReadSw: 0x6700 });
    await expect(driver.readCardNumber()).rejects.toMatchObject({ item: 'cardNumber', sw: 0x6700 });
  });

  it('scans 08F2 at 0000, 0700, 0E00, 1500 when the CDF is missing', async () => {
    const { transport, driver } = setup({ files: standardFiles('3F00', { cdf: null }) });
    const certs = await driver.readCertificates();
    expect(certs.map((c) => c.id)).toEqual(['08F2@0000', '08F2@0700', '08F2@0E00', '08F2@1500']);
    expect(certs.map((c) => c.der)).toEqual(SLOTS.map((s) => CERTS[s.id]));
    expect(transport.log).toContain('00A40000024104');
  });

  it('scans when the CDF is unreadable or empty', async () => {
    const garbage = setup({
      files: standardFiles('3F00', { cdf: Buffer.from('04034142430000', 'hex') }),
    });
    expect(await garbage.driver.readCertificates()).toHaveLength(4);
    const empty = setup({ files: standardFiles('3F00', { cdf: Buffer.alloc(64, 0xff) }) });
    expect(await empty.driver.readCertificates()).toHaveLength(4);
  });

  it('scans when the CDF points at nothing', async () => {
    const wrong = cdf([{ id: 'SIGN', label: 'x', offset: 0x0600, length: 100 }], {}, 0xff, 64);
    const { driver } = setup({ files: standardFiles('3F00', { cdf: wrong }) });
    expect((await driver.readCertificates()).map((c) => c.id)).toEqual([
      '08F2@0000',
      '08F2@0700',
      '08F2@0E00',
      '08F2@1500',
    ]);
  });

  it('skips empty slots in the scan and stops at the end of the file', async () => {
    const files = standardFiles('3F00', { cdf: null });
    const image = Buffer.from(files['3F00/5030/08F2']!.subarray(0, 0x1500));
    image.fill(0xff, 0x0700, 0x0e00);
    files['3F00/5030/08F2'] = image;
    const { transport, driver } = setup({ files });
    expect((await driver.readCertificates()).map((c) => c.id)).toEqual(['08F2@0000', '08F2@0E00']);
    // The empty slot cost one read, the slot past the end one 6B00.
    expect(readsIn(transport.log)).toContain('00B00700C8');
    expect(readsIn(transport.log).at(-1)).toBe('00B01500C8');
  });

  it('reads the three end-of-file answers as normal (6282, 9000 short, 6B00)', async () => {
    // A CDF without padding ends only with the file; so does the 8-byte version string.
    const unpadded = cdfFile({}, 0xff, true, 0);
    for (const [pastEnd, sw] of [
      ['warning', '6282'],
      ['ok', '9000'],
    ] as const) {
      const answers: string[] = [];
      const { transport, driver } = setup({
        pastEnd,
        files: standardFiles('3F00', { cdf: unpadded }),
      });
      const original = transport.card.process.bind(transport.card);
      transport.card.process = (cmd, i) => {
        const r = original(cmd, i);
        if (cmd[1] === 0xb0) answers.push(r.subarray(-2).toString('hex').toUpperCase());
        return r;
      };
      expectAll(await driver.readCertificates());
      expect(await driver.readOsVersion()).toBe(OS_VERSION);
      // The CDF's one read and the version's one read both ended the file with `sw`.
      expect(answers.filter((a) => a === sw).length, pastEnd).toBeGreaterThanOrEqual(2);
      expect(answers.filter((a) => a !== '9000' && a !== sw)).toEqual([]);
    }
    // 6B00 comes when the offset itself is past the end: see the 16-byte version above,
    // and here a CDF of exactly 200 bytes with no padding.
    const head = cdf([
      { id: 'SIGN', label: 'Signature', offset: 0, length: CERTS.SIGN.length },
      { id: 'KEYX', label: 'Key exchange', offset: 0x700, length: CERTS.KEYX.length },
    ]);
    const last = (label: string) =>
      cdf([{ id: 'CA', label, offset: 0xe00, length: CERTS.CA.length }]);
    const twoHundred = Buffer.concat([head, last('c'.repeat(200 - head.length - last('').length))]);
    const { transport, driver } = setup({ files: standardFiles('3F00', { cdf: twoHundred }) });
    expect((await driver.readCertificates()).map((c) => c.id)).toEqual(['SIGN', 'KEYX', 'CA']);
    const log = transport.log;
    const cdfReads = log.slice(log.indexOf('00A40000024104') + 1, log.indexOf('00A400000208F2'));
    expect(cdfReads).toEqual(['00B00000C8', '00B000C8C8']);
  });

  it('survives a card that shortens answers with 6Cxx (T=0) and hands data out by 61xx', async () => {
    const { transport, driver } = setup({ t0: true });
    expectAll(await driver.readCertificates());
    expect(await driver.readCardNumber()).toBe(CARD_NUMBER);
    expect(await driver.readOsVersion()).toBe(OS_VERSION);
    expect(transport.log.some((c) => c.slice(2, 4) === 'C0')).toBe(true);
    expect(transport.log).toContain('00B0000008'); // 6C08 answered with Le = 08
  });

  it('fails safe on the gen-2 layout when its files are not where assumed', async () => {
    const { transport, driver } = setup({
      atr: ATR.gen2,
      gen2Applet: true,
      files: standardFiles(),
    });
    const err = await driver.readCertificates().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CardReadError);
    expect(err).toMatchObject({ item: 'certificates', sw: 0x6a82 });
    expect(transport.log).toContain('00A40000027FFF');
    expect(transport.insList.some((i) => PIN_INS.includes(i))).toBe(false);
  });

  it('reads the gen-2 layout when the files are under 7FFF', async () => {
    const files = { ...standardFiles('3F00/7FFF') };
    const { transport, driver } = setup({ atr: ATR.gen2, gen2Applet: true, files });
    expectAll(await driver.readCertificates());
    expect(transport.log.slice(1, 5)).toEqual([
      '00A40000023F00',
      '00A40000027FFF',
      '00A40000025030',
      '00A40000024104',
    ]);
  });

  it('reports a card pulled mid-read as removed, not as an unreadable CDF', async () => {
    const { transport, driver } = setup();
    transport.removeAt = 8;
    await expect(driver.readCertificates()).rejects.toThrow(CardRemovedError);
  });

  it('times out a card that stops answering mid-read', async () => {
    const transport = fakeTransport({ files: standardFiles() });
    const driver = new CardDriver(transport, { timeoutMs: 30 });
    transport.hangAt = 9;
    await expect(driver.readCertificates()).rejects.toThrow(TransmitTimeoutError);
  });
});

import { describe, expect, it } from 'vitest';
import {
  CERTIFICATE_FILE_SIZE,
  createVirtualCard,
  FID,
  type VirtualCard,
} from '../../../src/virtual-card';
import { readBinary, selectPath, send } from './helpers';
import { readAll, uint } from './tlv';

const ID_DF = [FID.MF, FID.IDENTITY_DF];
const PKI_DF = [FID.MF, FID.PKI_DF];

interface CdfObject {
  label: string;
  id: string;
  authority: boolean;
  path: string;
  offset: number;
  length: number;
  /** The raw tag of Path.length: 0x80 implicit, 0xA0 explicit. */
  lengthTag: number;
}

function parseCdf(file: Buffer): CdfObject[] {
  return readAll(file).map((obj) => {
    expect(obj.tag).toBe(0x30);
    const [common, certAttrs, typeAttrs] = readAll(obj.value);
    const label = readAll(common!.value)[0]!;
    expect(label.tag).toBe(0x0c);
    const [id, authority] = readAll(certAttrs!.value);
    expect(typeAttrs!.tag).toBe(0xa1);
    const x509Attrs = readAll(typeAttrs!.value)[0]!;
    const pathSeq = readAll(x509Attrs.value)[0]!;
    const [path, index, length] = readAll(pathSeq.value);
    const lengthValue = length!.tag === 0xa0 ? readAll(length!.value)[0]!.value : length!.value;
    return {
      label: label.value.toString('utf8'),
      id: id!.value.toString('ascii'),
      authority: authority?.tag === 0x01 && authority.value[0] === 0xff,
      path: path!.value.toString('hex').toUpperCase(),
      offset: uint(index!.value),
      length: uint(lengthValue),
      lengthTag: length!.tag,
    };
  });
}

/** Read `length` bytes from `offset` of the current EF in 200-byte reads, as the driver does. */
async function readRange(card: VirtualCard, offset: number, length: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let at = offset; at < offset + length; at += 200) {
    const r = await readBinary(card, at, Math.min(200, offset + length - at));
    expect(r.sw).toBe('9000');
    parts.push(r.data);
  }
  return Buffer.concat(parts);
}

describe('identity files', () => {
  it('0903 holds the 16-character card number, read short with 6282', async () => {
    const card = await createVirtualCard();
    await selectPath(card, [...ID_DF, FID.CARD_NUMBER]);
    const r = await readBinary(card, 0, 200);
    expect(r).toEqual({ data: Buffer.from('TP03000012345678', 'ascii'), sw: '6282' });
  });

  it('0905 holds the OS version; SELECT with P2 0C works too and returns no FCI', async () => {
    const card = await createVirtualCard();
    expect(await send(card, '00 A4 00 0C 02 3F 00')).toEqual({ data: Buffer.alloc(0), sw: '9000' });
    expect((await send(card, '00 A4 00 0C 02 09 00')).sw).toBe('9000');
    expect(await send(card, '00 A4 00 00 02 09 05 00')).toEqual({
      data: Buffer.alloc(0),
      sw: '9000',
    });
    expect(await readBinary(card, 0, 8)).toEqual({ data: Buffer.from('CCM VC01'), sw: '9000' });
  });

  it('uses the holder and card number it was given', async () => {
    const card = await createVirtualCard({ holder: { cardNumber: 'TT99887766554433' } });
    await selectPath(card, [...ID_DF, FID.CARD_NUMBER]);
    expect((await readBinary(card, 0, 16)).data.toString()).toBe('TT99887766554433');
  });

  it('finds a sibling DF and the parent from inside a DF, as ISO SELECT by FID does', async () => {
    const card = await createVirtualCard();
    await selectPath(card, [...ID_DF, FID.CARD_NUMBER]);
    // From an EF in 0900: 5030 is a sibling of its DF, then 4104 a child of 5030.
    await selectPath(card, [FID.PKI_DF, FID.CDF]);
    expect((await readBinary(card, 0, 1)).data[0]).toBe(0x30);
    // 0903 is not reachable from 5030 without going back up.
    expect((await send(card, '00 A4 00 00 02 09 03')).sw).toBe('6A82');
  });
});

describe('certificate directory and certificates', () => {
  it('4104 lists SIGN, KEYX, CA, ROOT with a path to 08F2, an offset and a length, then FF', async () => {
    const card = await createVirtualCard();
    await selectPath(card, [...PKI_DF, FID.CDF]);
    const file = Buffer.concat(
      await Promise.all([0, 200, 400].map(async (o) => (await readBinary(card, o, 200)).data)),
    );
    const objects = parseCdf(file);
    expect(objects.map((o) => [o.id, o.offset, o.authority])).toEqual([
      ['SIGN', 0x0000, false],
      ['KEYX', 0x0700, false],
      ['CA', 0x0e00, true],
      ['ROOT', 0x1500, true],
    ]);
    for (const o of objects) {
      expect(o.path.endsWith('08F2')).toBe(true);
      expect(o.label.length).toBeGreaterThan(0);
      expect(o.lengthTag).toBe(0x80);
    }
    expect(objects.map((o) => o.length)).toEqual([
      card.certificates.signing.length,
      card.certificates.keyExchange.length,
      card.certificates.issuingCa.length,
      card.certificates.rootCa.length,
    ]);
    const used = readAll(file).reduce((n, t) => n + t.size, 0);
    expect(file.length).toBe(512);
    expect(file.subarray(used).every((b) => b === 0xff)).toBe(true);
  });

  it('can encode Path.length with an explicit [0] tag instead', async () => {
    const card = await createVirtualCard({ cdfLengthTagging: 'explicit' });
    await selectPath(card, [...PKI_DF, FID.CDF]);
    const file = Buffer.concat(
      await Promise.all([0, 200].map(async (o) => (await readBinary(card, o, 200)).data)),
    );
    const objects = parseCdf(file);
    expect(objects.map((o) => o.lengthTag)).toEqual([0xa0, 0xa0, 0xa0, 0xa0]);
    expect(objects[1]!.length).toBe(card.certificates.keyExchange.length);
  });

  it('08F2 gives back each DER certificate at the CDF offset, read in 200-byte chunks', async () => {
    const card = await createVirtualCard();
    await selectPath(card, [...PKI_DF, FID.CERTIFICATES]);
    const slots = [
      [0x0000, card.certificates.signing],
      [0x0700, card.certificates.keyExchange],
      [0x0e00, card.certificates.issuingCa],
      [0x1500, card.certificates.rootCa],
    ] as const;
    for (const [offset, der] of slots) {
      const got = await readRange(card, offset, der.length);
      expect(got.equals(der)).toBe(true);
      // The DER header says how long the certificate is (the fallback without a CDF).
      expect(got[0]).toBe(0x30);
      expect(got[1]).toBe(0x82);
      expect(got.readUInt16BE(2) + 4).toBe(der.length);
    }
  });

  it('a read across a slot boundary returns the gap (FF) and then the next certificate', async () => {
    const card = await createVirtualCard();
    await selectPath(card, [...PKI_DF, FID.CERTIFICATES]);
    const signLen = card.certificates.signing.length;
    const r = await readBinary(card, 0x0700 - 100, 200);
    expect(r.sw).toBe('9000');
    expect(r.data.subarray(0, 100).every((b) => b === 0xff)).toBe(true);
    expect(r.data.subarray(100).equals(card.certificates.keyExchange.subarray(0, 100))).toBe(true);
    // The end of the signing certificate runs straight into the gap.
    const tail = await readBinary(card, signLen - 10, 20);
    expect(tail.data.subarray(0, 10).equals(card.certificates.signing.subarray(-10))).toBe(true);
    expect(tail.data.subarray(10).every((b) => b === 0xff)).toBe(true);
  });
});

describe('end of file', () => {
  it('answers a read that runs past the end with the bytes there and 6282', async () => {
    const card = await createVirtualCard();
    await selectPath(card, [...PKI_DF, FID.CERTIFICATES]);
    const r = await readBinary(card, CERTIFICATE_FILE_SIZE - 10, 200);
    expect(r.sw).toBe('6282');
    expect(r.data.length).toBe(10);
  });

  it('answers 6B00 when the offset itself is at or beyond the end', async () => {
    const card = await createVirtualCard();
    await selectPath(card, [...PKI_DF, FID.CERTIFICATES]);
    expect(await readBinary(card, CERTIFICATE_FILE_SIZE, 200)).toEqual({
      data: Buffer.alloc(0),
      sw: '6B00',
    });
    expect((await readBinary(card, 0x7fff, 1)).sw).toBe('6B00');
  });

  it('can answer a short read with 9000 and fewer bytes instead', async () => {
    const card = await createVirtualCard({ readPastEnd: 'ok' });
    await selectPath(card, [...ID_DF, FID.CARD_NUMBER]);
    expect(await readBinary(card, 10, 200)).toEqual({ data: Buffer.from('345678'), sw: '9000' });
    expect((await readBinary(card, 16, 200)).sw).toBe('6B00');
  });
});

describe('command errors', () => {
  it('answers 6E00 to a CLA it does not use, 6D00 to an unknown INS', async () => {
    const card = await createVirtualCard();
    expect((await send(card, '80 A4 00 00 02 3F 00')).sw).toBe('6E00');
    expect((await send(card, '00 CA 01 01 00')).sw).toBe('6D00');
  });

  it('answers 6A86 to bad P1/P2', async () => {
    const card = await createVirtualCard();
    expect((await send(card, '00 A4 01 00 02 3F 00')).sw).toBe('6A86');
    expect((await send(card, '00 A4 00 04 02 3F 00')).sw).toBe('6A86');
    await selectPath(card, [...ID_DF, FID.CARD_NUMBER]);
    expect((await send(card, '00 B0 81 00 10')).sw).toBe('6A86');
    expect((await send(card, '00 C0 01 00 10')).sw).toBe('6A86');
  });

  it('answers 6700 to a wrong length', async () => {
    const card = await createVirtualCard();
    expect((await send(card, '00 A4 00')).sw).toBe('6700');
    expect((await send(card, '00 A4 00 00 01 3F')).sw).toBe('6700');
    expect((await send(card, '00 A4 00 00 03 3F 00')).sw).toBe('6700');
    await selectPath(card, [...ID_DF, FID.CARD_NUMBER]);
    expect((await send(card, '00 B0 00 00')).sw).toBe('6700');
    expect((await send(card, '00 20 00 01 04 31 32 33 34')).sw).toBe('6700');
  });

  it('answers 6A82 to a missing file and keeps the current one', async () => {
    const card = await createVirtualCard();
    await selectPath(card, [...ID_DF, FID.CARD_NUMBER]);
    expect((await send(card, '00 A4 00 00 02 12 34')).sw).toBe('6A82');
    expect((await readBinary(card, 0, 2)).data.toString()).toBe('TP');
  });

  it('answers 6986 to READ BINARY with a DF selected, 6985 to GET RESPONSE with nothing waiting', async () => {
    const card = await createVirtualCard();
    await selectPath(card, ID_DF);
    expect((await readBinary(card, 0, 16)).sw).toBe('6986');
    expect((await send(card, '00 C0 00 00 10')).sw).toBe('6985');
  });

  it('answers 6A82 to the gen-2 applet SELECT: no scenario emulates gen 2', async () => {
    const card = await createVirtualCard();
    expect(
      (await send(card, '00 A4 04 0C 10 A0 00 00 02 83 00 00 06 22 01 69 64 00 01 01 01')).sw,
    ).toBe('6A82');
  });

  it('records every command it received, in order, when asked to', async () => {
    const card = await createVirtualCard({ recordCommands: 10 });
    await send(card, '00 A4 00 00 02 3F 00');
    await send(card, '00 CA 01 01 00');
    expect(card.received.map((b) => b.toString('hex'))).toEqual(['00a40000023f00', '00ca010100']);
  });
});

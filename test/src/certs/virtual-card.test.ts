import { describe, expect, it } from 'vitest';
import {
  certificateToText,
  checkChain,
  parseCertificate,
  type ParsedCertificate,
} from '../../../src/certs';
import { CERTIFICATE_SLOTS, createVirtualCard, type VirtualCard } from '../../../src/virtual-card';

const NOW = new Date('2026-11-27T04:00:00Z');

/** One APDU to the card; returns the data of a 9000 or 6282 answer. */
async function send(card: VirtualCard, hex: string): Promise<Buffer> {
  const answer = await card.process(Buffer.from(hex.replace(/ /g, ''), 'hex'));
  const sw = answer.subarray(-2).toString('hex');
  expect(['9000', '6282']).toContain(sw);
  return answer.subarray(0, -2);
}

async function readBinary(card: VirtualCard, offset: number, length: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let at = offset; at < offset + length; at += 200) {
    const le = Math.min(200, offset + length - at);
    const p1p2 = at.toString(16).padStart(4, '0');
    parts.push(await send(card, `00 B0 ${p1p2} ${le.toString(16).padStart(2, '0')}`));
  }
  return Buffer.concat(parts);
}

/** The certificates as the app reads them: SELECT 3F00/5030/08F2, READ BINARY per slot. */
async function readCertificates(card: VirtualCard): Promise<Map<string, ParsedCertificate>> {
  card.powerOn();
  await send(card, '00 A4 00 00 02 3F00');
  await send(card, '00 A4 00 00 02 5030');
  await send(card, '00 A4 00 00 02 08F2');
  const certs = new Map<string, ParsedCertificate>();
  for (const slot of CERTIFICATE_SLOTS) {
    const head = await readBinary(card, slot.offset, 4);
    expect(head.subarray(0, 2).toString('hex')).toBe('3082');
    const der = await readBinary(card, slot.offset, 4 + head.readUInt16BE(2));
    certs.set(slot.id, parseCertificate(der, { id: slot.id, label: slot.label }));
  }
  return certs;
}

describe('the virtual card, read through its files', () => {
  it("has a chain that is trusted for 'virtual' and a test root for 'moica-gen1'", async () => {
    const card = await createVirtualCard({ scenario: 'fresh', now: () => NOW });
    const certs = await readCertificates(card);
    expect([...certs.values()].map((c) => c.role)).toEqual([
      'signing',
      'key-exchange',
      'issuing-ca',
      'root-ca',
    ]);
    const all = [...certs.values()];
    for (const id of ['SIGN', 'KEYX']) {
      const holder = certs.get(id)!;
      expect(checkChain(holder, all, { family: 'virtual', at: NOW }).status).toBe('trusted');
      expect(checkChain(holder, all, { family: 'moica-gen1', at: NOW }).status).toBe('test-root');
    }
    const signing = certs.get('SIGN')!;
    expect(signing.summary.id).toBe('SIGN');
    expect(signing.subjectCN).toBe(card.holderName);
    expect(certificateToText(signing, 'zh-TW', { at: NOW })).toContain('用途: 簽章憑證');
  });

  it('reports an expired holder certificate as an invalid chain, naming the expiry', async () => {
    const card = await createVirtualCard({ scenario: 'expired-extendable', now: () => NOW });
    const certs = await readCertificates(card);
    const result = checkChain(certs.get('SIGN')!, [...certs.values()], {
      family: 'virtual',
      at: NOW,
    });
    expect(result.status).toBe('invalid');
    expect(result.links[0]!.checks.validity).toBe('expired');
    expect(result.links.slice(1).every((l) => l.problems.length === 0)).toBe(true);
  });
});

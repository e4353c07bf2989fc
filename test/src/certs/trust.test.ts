import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultTrustList, parseTrustList, TrustListError } from '../../../src/certs';
import bundled from '../../../resources/trust-anchors.json' with { type: 'json' };

const anchors = defaultTrustList().anchors;
const byName = (name: string) => anchors.find((a) => a.name === name);

describe('the bundled trust list', () => {
  it('pins the GRCA G3 root with the published figures and their source', () => {
    const grca = byName('GRCA G3');
    expect(grca).toMatchObject({
      kind: 'root',
      certSha256: '57df6f20e04c588e85f35be8832f5d4e78958336ae3b18fb7c9bae0dfead4044',
      subjectKeyId: '3a908ee741471973dc9cbda37ed83d3e83091f03',
      keySize: 4096,
      validFrom: '2022-06-07',
      validTo: '2049-12-31',
    });
    expect(grca!.source).toContain('grca.nat.gov.tw/repository/Certs/GRCAG3.crt');
    expect(grca!.source).toContain('as recorded 2026-08-07');
    expect(grca!.families).toEqual(expect.arrayContaining(['moica-gen1', 'moica-gen2']));
  });

  it('knows MOICA G3 as an intermediate, and the key identifier of every MOICA generation', () => {
    expect(byName('MOICA G3')).toMatchObject({
      kind: 'intermediate',
      certSha256: 'ed793fd0d50a2a398049d598982cf01e75f873b532066caec238f800a06ca9da',
      issuerKeyId: '3a908ee741471973dc9cbda37ed83d3e83091f03',
      families: [],
    });
    const generations = Object.fromEntries(
      anchors.filter((a) => a.moicaGeneration).map((a) => [a.moicaGeneration, a.subjectKeyId]),
    );
    expect(generations).toEqual({
      G1: 'b620c8cfbe518aa454b978d304d10ab2cc7e2f46',
      G2: 'fa9b3467090a9822f762488b8226a645c5c322a4',
      G3: '4720a3b1264bcd6d48acf2640886972c7454115f',
    });
  });

  it("pins the virtual card's test root by the SPKI of its committed key, for 'virtual' only", () => {
    const test = anchors.find((a) => a.test);
    const pem = readFileSync(
      new URL('../../../resources/virtual-card/keys/test-root-ca.key.pem', import.meta.url),
    );
    const spki = createPublicKey(pem).export({ type: 'spki', format: 'der' });
    expect(test?.spkiSha256).toBe(createHash('sha256').update(spki).digest('hex'));
    expect(test?.spkiSha256).toBe(
      '31eaf7168938f3919215333fff0e41e9bdcc310277a105d9b2eb5b4a259b45b9',
    );
    expect(test?.families).toEqual(['virtual']);
    expect(test?.kind).toBe('root');
  });

  it('trusts no other root', () => {
    expect(anchors.filter((a) => a.kind === 'root').map((a) => a.name)).toEqual([
      'GRCA G3',
      'Citizen Card Manager virtual-card test CA',
    ]);
  });
});

describe('trust list schema check', () => {
  const root = {
    name: 'R',
    kind: 'root',
    certSha256: 'ab'.repeat(32),
    families: ['virtual'],
    source: 'here',
  };
  const bad: Array<[string, unknown]> = [
    ['not an object', 'x'],
    ['a wrong version', { version: 2, anchors: [root] }],
    ['no anchors', { version: 1, anchors: [] }],
    ['a missing source', { version: 1, anchors: [{ ...root, source: '' }] }],
    ['an upper-case hash', { version: 1, anchors: [{ ...root, certSha256: 'AB'.repeat(32) }] }],
    ['a short hash', { version: 1, anchors: [{ ...root, certSha256: 'ab' }] }],
    ['an unknown family', { version: 1, anchors: [{ ...root, families: ['moica-gen9'] }] }],
    [
      'a root without a pin',
      { version: 1, anchors: [{ ...root, certSha256: undefined, subjectKeyId: 'ab' }] },
    ],
    ['an unknown field', { version: 1, anchors: [{ ...root, trusted: true }] }],
    ['a duplicate name', { version: 1, anchors: [root, root] }],
    [
      'an intermediate trusted for a family',
      { version: 1, anchors: [{ ...root, kind: 'intermediate' }] },
    ],
    ['a bad date', { version: 1, anchors: [{ ...root, validTo: '31/12/2049' }] }],
    ['a bad generation', { version: 1, anchors: [{ ...root, moicaGeneration: 'G4' }] }],
  ];

  it.each(bad)('rejects %s', (_name, data) => {
    expect(() => parseTrustList(data)).toThrow(TrustListError);
  });

  it('accepts the bundled file and a minimal valid list', () => {
    expect(parseTrustList(bundled).anchors.length).toBe(anchors.length);
    expect(parseTrustList({ version: 1, anchors: [root] }).anchors[0]!.name).toBe('R');
  });
});

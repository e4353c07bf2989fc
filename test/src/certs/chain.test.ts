import { describe, expect, it } from 'vitest';
import {
  CHAIN_PROBLEMS,
  chainToText,
  checkChain,
  defaultTrustList,
  parseCertificate,
  parseTrustList,
  type ParsedCertificate,
  type TrustList,
} from '../../../src/certs';
import { hasMessage } from '../../../src/core/i18n';
import {
  DAY,
  freshKey,
  holderSubject,
  keyIdOf,
  makeCert,
  virtualCardChain,
  type KeyPair,
} from './fixtures';

const NOW = new Date('2026-11-27T04:00:00Z');
const virtual = virtualCardChain(NOW);
const [vRoot, vIssuing, vSigning, vKeyExchange] = [
  virtual.root,
  virtual.issuing,
  virtual.signing,
  virtual.keyExchange,
].map((d) => parseCertificate(d)) as [
  ParsedCertificate,
  ParsedCertificate,
  ParsedCertificate,
  ParsedCertificate,
];

// A throwaway hierarchy with the MOICA shape (holder → issuing CA → root), fresh keys.
const rootKey = freshKey();
const caKey = freshKey();
const holderKey = freshKey();
const ROOT_DN = [
  { shortName: 'C', value: 'TW' },
  { shortName: 'O', value: '測試政府', valueTagClass: 12 },
  { shortName: 'CN', value: 'Throwaway Root CA' },
];
const CA_DN = [
  { shortName: 'C', value: 'TW' },
  { shortName: 'O', value: '測試政府', valueTagClass: 12 },
  { shortName: 'OU', value: '測試憑證管理中心', valueTagClass: 12 },
];

function rootCert(over: Partial<Parameters<typeof makeCert>[0]> = {}): ParsedCertificate {
  return parseCertificate(
    makeCert({
      subject: ROOT_DN,
      key: rootKey,
      serial: '10',
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2040-01-01T00:00:00Z'),
      ca: true,
      keyUsage: { keyCertSign: true, cRLSign: true },
      authorityKeyId: null,
      ...over,
    }),
  );
}

function caCert(over: Partial<Parameters<typeof makeCert>[0]> = {}): ParsedCertificate {
  return parseCertificate(
    makeCert({
      subject: CA_DN,
      issuer: ROOT_DN,
      key: caKey,
      signer: rootKey,
      serial: '20',
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2034-01-01T00:00:00Z'),
      ca: true,
      pathLen: 0,
      keyUsage: { keyCertSign: true, cRLSign: true },
      ...over,
    }),
  );
}

function holderCert(over: Partial<Parameters<typeof makeCert>[0]> = {}): ParsedCertificate {
  return parseCertificate(
    makeCert({
      subject: holderSubject(),
      issuer: CA_DN,
      key: holderKey,
      signer: caKey,
      serial: '30',
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2030-01-01T00:00:00Z'),
      ca: false,
      keyUsage: { digitalSignature: true, nonRepudiation: true },
      ...over,
    }),
  );
}

const root = rootCert();
const ca = caCert();
const holder = holderCert();

/** The bundled list plus the throwaway root, pinned by its certificate hash. */
function trustWith(
  cert: ParsedCertificate,
  by: 'certSha256' | 'spkiSha256' = 'certSha256',
): TrustList {
  const base = defaultTrustList();
  return parseTrustList({
    version: 1,
    anchors: [
      ...base.anchors,
      {
        name: 'Throwaway root',
        kind: 'root',
        [by]: by === 'certSha256' ? cert.sha256 : cert.spkiSha256,
        families: ['moica-gen2'],
        source: 'made by this test',
      },
    ],
  });
}

describe('chain status', () => {
  it('is trusted when the chain is complete and its root is pinned for the family', () => {
    const result = checkChain(holder, [ca, root], {
      family: 'moica-gen2',
      at: NOW,
      trust: trustWith(root),
    });
    expect(result.status).toBe('trusted');
    expect(result.rootMatch).toEqual({ name: 'Throwaway root', source: 'made by this test' });
    expect(result.links.map((l) => l.role)).toEqual(['signing', 'issuing-ca', 'root-ca']);
    expect(result.links.every((l) => l.checks.signature === 'ok')).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.message).toEqual({
      key: 'certs.chain.status.trusted',
      params: { root: 'Throwaway root' },
    });
    expect(chainToText(result, 'en')).toContain('matched the pinned Throwaway root root');
  });

  it('trusts a root pinned by its key (SPKI SHA-256) even when re-signed', () => {
    const resigned = rootCert({ serial: '11', notBefore: new Date('2026-11-01T00:00:00Z') });
    expect(resigned.sha256).not.toBe(root.sha256);
    const result = checkChain(holder, [ca, resigned], {
      family: 'moica-gen2',
      at: NOW,
      trust: trustWith(root, 'spkiSha256'),
    });
    expect(result.status).toBe('trusted');
  });

  it('is untrusted-root, not invalid, when the complete chain ends at a root not pinned', () => {
    const result = checkChain(holder, [ca, root], { family: 'moica-gen2', at: NOW });
    expect(result.status).toBe('untrusted-root');
    expect(result.rootMatch).toBeNull();
    expect(result.links.every((l) => l.checks.signature === 'ok')).toBe(true);
    expect(result.problems).toEqual([CHAIN_PROBLEMS.rootNotPinned]);
    expect(chainToText(result, 'en')).toContain('Chain complete, root not in the pinned list');
  });

  it('is untrusted-root when the root is pinned for other families only', () => {
    const result = checkChain(holder, [ca, root], {
      family: 'moica-gen1',
      at: NOW,
      trust: trustWith(root),
    });
    expect(result.status).toBe('untrusted-root');
  });

  it('is incomplete when the issuing CA is missing, naming its key identifier', () => {
    const result = checkChain(holder, [root], {
      family: 'moica-gen2',
      at: NOW,
      trust: trustWith(root),
    });
    expect(result.status).toBe('incomplete');
    expect(result.links).toHaveLength(1);
    expect(result.links[0]!.checks.signature).toBe('not-checked');
    expect(result.missingIssuer).toEqual({ keyId: keyIdOf(caKey.publicKey), knownAs: null });
    expect(result.problems).toEqual([CHAIN_PROBLEMS.missingIssuer]);
  });

  it('is incomplete when the root is missing', () => {
    const result = checkChain(holder, [ca], {
      family: 'moica-gen2',
      at: NOW,
      trust: trustWith(root),
    });
    expect(result.status).toBe('incomplete');
    expect(result.links).toHaveLength(2);
  });

  it('names a missing MOICA issuer from its key identifier', () => {
    const g3Holder = holderCert({ authorityKeyId: '4720a3b1264bcd6d48acf2640886972c7454115f' });
    const result = checkChain(g3Holder, [ca, root], { family: 'moica-gen2', at: NOW });
    expect(result.status).toBe('incomplete');
    expect(result.missingIssuer?.knownAs).toBe('MOICA G3');
    expect(result.message).toEqual({
      key: 'certs.chain.status.incompleteKnown',
      params: { issuer: 'MOICA G3' },
    });
  });

  it('is invalid when a signature does not verify: same key identifier, other key', () => {
    // A CA certificate claiming the real CA's key identifier but holding another key.
    const impostor = caCert({ key: freshKey(), subjectKeyId: keyIdOf(caKey.publicKey) });
    const result = checkChain(holder, [impostor, root], {
      family: 'moica-gen2',
      at: NOW,
      trust: trustWith(root),
    });
    expect(result.status).toBe('invalid');
    expect(result.links[0]!.checks.signature).toBe('bad');
    expect(result.links[0]!.problems).toContain(CHAIN_PROBLEMS.badSignature);
  });

  it('is invalid when the holder certificate was altered after signing', () => {
    const der = Buffer.from(holder.der);
    const at = der.indexOf(Buffer.from('0000000012345678'));
    der.write('9', at, 'latin1'); // change one digit of the subject serialNumber
    const altered = parseCertificate(der);
    expect(altered.subjectSerialNumber).toBe('9000000012345678');
    const result = checkChain(altered, [ca, root], {
      family: 'moica-gen2',
      at: NOW,
      trust: trustWith(root),
    });
    expect(result.status).toBe('invalid');
    expect(result.problems).toContain(CHAIN_PROBLEMS.badSignature);
  });

  it('is invalid when the issuer had expired at the instant checked', () => {
    const expiredCa = caCert({ notAfter: new Date('2026-11-27T03:59:59Z') });
    const result = checkChain(holder, [expiredCa, root], {
      family: 'moica-gen2',
      at: NOW,
      trust: trustWith(root),
    });
    expect(result.status).toBe('invalid');
    expect(result.links[1]!.checks.validity).toBe('expired');
    expect(result.links[1]!.problems).toEqual([CHAIN_PROBLEMS.expired]);
    expect(result.links[0]!.problems).toEqual([]);
  });

  it('checks validity at exact instants: valid through notAfter, expired one millisecond later', () => {
    const end = holder.notAfter;
    const opts = { family: 'moica-gen2' as const, trust: trustWith(root) };
    expect(checkChain(holder, [ca, root], { ...opts, at: end }).status).toBe('trusted');
    const after = checkChain(holder, [ca, root], { ...opts, at: new Date(end.getTime() + 1) });
    expect(after.status).toBe('invalid');
    expect(after.links[0]!.checks.validity).toBe('expired');
    const before = checkChain(holder, [ca, root], {
      ...opts,
      at: new Date(holder.notBefore.getTime() - 1),
    });
    expect(before.links[0]!.checks.validity).toBe('not-yet-valid');
  });

  it('is invalid when the issuer is not a CA', () => {
    const notCa = caCert({ ca: false });
    const result = checkChain(holder, [notCa, root], {
      family: 'moica-gen2',
      at: NOW,
      trust: trustWith(root),
    });
    expect(result.status).toBe('invalid');
    expect(result.links[1]!.checks.ca).toBe('not-ca');
    expect(result.problems).toEqual([CHAIN_PROBLEMS.notCA]);
  });

  it('is invalid when the issuer may not sign certificates (no keyCertSign)', () => {
    const noSign = caCert({ keyUsage: { digitalSignature: true, cRLSign: true } });
    const result = checkChain(holder, [noSign, root], {
      family: 'moica-gen2',
      at: NOW,
      trust: trustWith(root),
    });
    expect(result.status).toBe('invalid');
    expect(result.problems).toEqual([CHAIN_PROBLEMS.noKeyCertSign]);
  });

  it('is invalid when a CA path length is exceeded', () => {
    const subKey = freshKey();
    const SUB_DN = [{ shortName: 'CN', value: 'Sub CA' }];
    const sub = parseCertificate(
      makeCert({
        subject: SUB_DN,
        issuer: CA_DN,
        key: subKey,
        signer: caKey,
        notBefore: new Date('2024-01-01T00:00:00Z'),
        notAfter: new Date('2034-01-01T00:00:00Z'),
        ca: true,
        keyUsage: { keyCertSign: true },
      }),
    );
    const deep = holderCert({ issuer: SUB_DN, signer: subKey });
    const result = checkChain(deep, [sub, ca, root], {
      family: 'moica-gen2',
      at: NOW,
      trust: trustWith(root),
    });
    expect(result.status).toBe('invalid');
    expect(result.links[2]!.checks.pathLen).toBe('exceeded');
  });

  it('is invalid when a certificate has a critical extension it does not know', () => {
    const odd = holderCert({
      extra: [{ id: '1.3.6.1.4.1.55555.1', critical: true, value: '\x05\x00' }],
    });
    const result = checkChain(odd, [ca, root], {
      family: 'moica-gen2',
      at: NOW,
      trust: trustWith(root),
    });
    expect(result.status).toBe('invalid');
    expect(result.problems).toEqual([CHAIN_PROBLEMS.unknownCriticalExtension]);
  });
});

describe('chains are built by key identifier, never by name', () => {
  // Two CA generations with the same DN (as MOICA G2 and G3), different keys.
  const otherKey = freshKey();
  const otherGeneration = caCert({ key: otherKey, serial: '21' });

  it('picks the issuer whose key identifier the holder names, whatever the order', () => {
    const trust = trustWith(root);
    for (const candidates of [
      [otherGeneration, ca, root],
      [root, ca, otherGeneration],
    ]) {
      const result = checkChain(holder, candidates, { family: 'moica-gen2', at: NOW, trust });
      expect(result.status).toBe('trusted');
      expect(result.links[1]!.sha256).toBe(ca.sha256);
    }
  });

  it('does not take a same-name CA with another key identifier as the issuer', () => {
    const result = checkChain(holder, [otherGeneration, root], {
      family: 'moica-gen2',
      at: NOW,
      trust: trustWith(root),
    });
    expect(result.status).toBe('incomplete');
  });

  it('prefers the path to a pinned root when the CA key is certified twice', () => {
    // The same CA key certified by a second root (a cross-certificate): one path is trusted.
    const otherRootKey: KeyPair = freshKey();
    const otherRootDn = [{ shortName: 'CN', value: 'Other Root' }];
    const otherRoot = parseCertificate(
      makeCert({
        subject: otherRootDn,
        key: otherRootKey,
        notBefore: new Date('2020-01-01T00:00:00Z'),
        notAfter: new Date('2040-01-01T00:00:00Z'),
        ca: true,
        authorityKeyId: null,
      }),
    );
    const cross = caCert({ issuer: otherRootDn, signer: otherRootKey, serial: '22' });
    const result = checkChain(holder, [cross, otherRoot, ca, root], {
      family: 'moica-gen2',
      at: NOW,
      trust: trustWith(root),
    });
    expect(result.status).toBe('trusted');
    expect(result.links[2]!.sha256).toBe(root.sha256);
  });
});

describe("the virtual card's test chain", () => {
  it('is trusted for the virtual family, by the bundled list', () => {
    for (const cert of [vSigning, vKeyExchange]) {
      const result = checkChain(cert, [vSigning, vKeyExchange, vIssuing, vRoot], {
        family: 'virtual',
        at: NOW,
      });
      expect(result.status).toBe('trusted');
      expect(result.rootMatch?.name).toBe('Citizen Card Manager virtual-card test CA');
    }
  });

  it('is a test certificate, not genuine, for any other family', () => {
    for (const family of ['moica-gen1', 'moica-gen2', 'moica-unknown', 'unknown'] as const) {
      const result = checkChain(vSigning, [vIssuing, vRoot], { family, at: NOW });
      expect(result.status).toBe('test-root');
      expect(result.problems).toEqual([CHAIN_PROBLEMS.testRoot]);
      expect(chainToText(result, 'en')).toContain('Test certificate, not genuine');
      expect(chainToText(result, 'zh-TW')).toContain('測試憑證，不是正式憑證');
    }
  });

  it('stays recognised when the test root is re-signed with new dates', () => {
    const tomorrow = new Date(NOW.getTime() + DAY);
    const again = virtualCardChain(tomorrow);
    const [r, i, s] = [again.root, again.issuing, again.signing].map((d) => parseCertificate(d));
    expect(r!.sha256).not.toBe(vRoot.sha256);
    expect(checkChain(s!, [i!, r!], { family: 'virtual', at: tomorrow }).status).toBe('trusted');
  });

  it('is not trusted when a look-alike root with another key signs the same chain', () => {
    const fakeRoot = freshKey();
    const fake = virtualCardChain(NOW, { root: fakeRoot });
    const [r, i, s] = [fake.root, fake.issuing, fake.signing].map((d) => parseCertificate(d));
    expect(r!.subject).toBe(vRoot.subject);
    const result = checkChain(s!, [i!, r!], { family: 'virtual', at: NOW });
    expect(result.status).toBe('untrusted-root');
  });
});

describe('chain messages', () => {
  it('have zh-TW and English texts for every problem and status', () => {
    for (const key of Object.values(CHAIN_PROBLEMS)) expect(hasMessage(key)).toBe(true);
    for (const status of [
      'trusted',
      'testRoot',
      'untrustedRoot',
      'incomplete',
      'incompleteKnown',
      'invalid',
    ]) {
      expect(hasMessage(`certs.chain.status.${status}`)).toBe(true);
    }
  });

  it('render each link with its problems', () => {
    const expiredCa = caCert({ notAfter: new Date('2026-01-01T00:00:00Z') });
    const result = checkChain(holder, [expiredCa, root], {
      family: 'moica-gen2',
      at: NOW,
      trust: trustWith(root),
    });
    const text = chainToText(result, 'zh-TW');
    expect(text).toContain('憑證鏈無效');
    expect(text).toContain('2. 簽發 CA 憑證: C=TW, O=測試政府, OU=測試憑證管理中心');
    expect(text).toContain('這張憑證在檢查時已過期');
  });
});

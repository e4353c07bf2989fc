/**
 * The status check against real responders on 127.0.0.1 (docs/revocation.md): Debian's
 * `openssl ocsp` answering from an index for the virtual card's test CA, CRLs made by
 * `openssl ca -gencrl` and served over HTTP, a forward proxy, and a server for what a
 * responder should never send. Every case of issue 15's list is here.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificateDer, type ParsedCertificate } from '../../../../src/certs';
import { buildOcspRequest, certificatePair } from '../../../../src/certs/revocation';
import {
  checkCertificates,
  checkRevocation,
  type RevocationCheckOptions,
} from '../../../../src/service/revocation';
import { createVirtualCard, type RevocationUrls } from '../../../../src/virtual-card';
import {
  createTestPki,
  postTo,
  startHttpServer,
  startOcspResponder,
  startProxy,
  type RunningResponder,
  type TestPki,
  type TestServer,
} from '../../../helpers/openssl-pki';

interface Holder {
  signing: ParsedCertificate;
  keyExchange: ParsedCertificate;
  ca: ParsedCertificate;
  root: ParsedCertificate;
  all: ParsedCertificate[];
}

async function holderWith(urls: Partial<RevocationUrls>): Promise<Holder> {
  const card = await createVirtualCard({ revocationUrls: urls });
  const c = card.certificates;
  const signing = parseCertificateDer(c.signing, { id: 'SIGN' });
  const keyExchange = parseCertificateDer(c.keyExchange, { id: 'KEYX' });
  const ca = parseCertificateDer(c.issuingCa, { id: 'CA' });
  const root = parseCertificateDer(c.rootCa, { id: 'ROOT' });
  return { signing, keyExchange, ca, root, all: [signing, keyExchange, ca, root] };
}

const UNANSWERED = 'http://127.0.0.1:9/nothing';
const HOUR = 3_600_000;

let pki: TestPki;
let responder: RunningResponder;
let server: TestServer;
let crl: Buffer = Buffer.alloc(0);
let relayTo = '';
let otherRequest: Buffer = Buffer.alloc(0);
let work: string;
const extra: RunningResponder[] = [];

/** The index every running responder answers from, in effect for the next request. */
async function setIndex(entries: Parameters<TestPki['setIndex']>[0]): Promise<void> {
  pki.setIndex(entries);
  for (const r of [responder, ...extra]) await r.refresh();
}

function options(over: RevocationCheckOptions = {}): RevocationCheckOptions {
  return { cacheDir: null, workDir: work, env: {}, timeoutMs: 5_000, ...over };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ccm-revocation-'));
  const h = await holderWith({});
  pki = createTestPki(h.ca.der);
  responder = await startOcspResponder(pki);
  relayTo = responder.url;
  otherRequest = Buffer.from(buildOcspRequest(certificatePair(h.keyExchange, h.ca)));
  server = await startHttpServer({
    '/crl': (_req, _body, res) => void res.writeHead(200).end(crl),
    '/relay': async (_req, body, res) => void res.writeHead(200).end(await postTo(relayTo, body)),
    '/other-serial': async (_req, _body, res) =>
      void res.writeHead(200).end(await postTo(relayTo, otherRequest)),
    '/garbage': (_req, _body, res) => void res.writeHead(200).end(randomBytes(700)),
    '/error': (_req, _body, res) => void res.writeHead(500).end('oops'),
    '/hang': () => undefined,
    '/huge': (_req, _body, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 0x30);
      let sent = 0;
      const more = () => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent < 64) res.once('drain', more);
        else res.end();
      };
      more();
    },
    '/ca': (_req, _body, res) => void res.writeHead(200).end(h.ca.der),
  });
});

afterAll(async () => {
  await responder?.stop();
  await server?.stop();
  pki?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

afterEach(async () => {
  for (const r of extra.splice(0)) await r.stop();
  relayTo = responder.url;
  // Nothing a check streamed to disk is left behind.
  expect(readdirSync(work)).toEqual([]);
});

describe('OCSP against openssl ocsp', () => {
  it('good: the issuer says so, with where and when', async () => {
    const h = await holderWith({ ocsp: responder.url, crl: UNANSWERED });
    await setIndex({ [h.signing.serialNumber]: { kind: 'good' } });
    const now = new Date();
    const info = await checkRevocation(h.signing, h.all, options({ now: () => now }));
    expect(info).toMatchObject({
      status: 'good',
      source: 'ocsp',
      url: responder.url,
      problem: null,
    });
    expect(Date.parse(info.checkedAt!)).toBeCloseTo(now.getTime(), -4);
    expect(Date.parse(info.nextUpdate!) - Date.parse(info.thisUpdate!)).toBe(HOUR);
  });

  it('on hold: certificateHold is "suspended", with its date', async () => {
    const h = await holderWith({ ocsp: responder.url, crl: UNANSWERED });
    const at = new Date('2026-01-02T03:04:05Z');
    await setIndex({
      [h.signing.serialNumber]: { kind: 'revoked', at, reason: 'certificateHold' },
    });
    const info = await checkRevocation(h.signing, h.all, options());
    expect(info).toMatchObject({
      status: 'suspended',
      reason: 'certificateHold',
      revokedAt: '2026-01-02T03:04:05Z',
      source: 'ocsp',
    });
  });

  it('revoked: with its reason and date', async () => {
    const h = await holderWith({ ocsp: responder.url, crl: UNANSWERED });
    const at = new Date('2025-12-24T10:00:00Z');
    await setIndex({ [h.signing.serialNumber]: { kind: 'revoked', at, reason: 'keyCompromise' } });
    const info = await checkRevocation(h.signing, h.all, options());
    expect(info).toMatchObject({
      status: 'revoked',
      reason: 'keyCompromise',
      revokedAt: '2025-12-24T10:00:00Z',
    });
  });

  it('unknown to the responder, and no CRL answers: unknown, and why', async () => {
    const h = await holderWith({ ocsp: responder.url, crl: UNANSWERED });
    await setIndex({});
    const info = await checkRevocation(h.signing, h.all, options());
    expect(info).toMatchObject({
      status: 'unknown',
      problem: 'unknown-to-responder',
      url: responder.url,
      source: null,
    });
  });

  it('unknown to the responder: the CRL answers instead', async () => {
    const h = await holderWith({ ocsp: responder.url, crl: server.url('/crl') });
    await setIndex({
      [h.signing.serialNumber]: {
        kind: 'revoked',
        at: new Date('2026-02-01T00:00:00Z'),
        reason: 'superseded',
      },
    });
    crl = pki.makeCrl();
    await setIndex({});
    const info = await checkRevocation(h.signing, h.all, options());
    expect(info).toMatchObject({
      status: 'revoked',
      source: 'crl',
      reason: 'superseded',
      url: server.url('/crl'),
    });
  });

  it('a responder certificate the CA signed for OCSP signing counts', async () => {
    const delegated = await startOcspResponder(pki, { signer: pki.makeResponder('delegated') });
    extra.push(delegated);
    const h = await holderWith({ ocsp: delegated.url, crl: UNANSWERED });
    await setIndex({ [h.signing.serialNumber]: { kind: 'good' } });
    expect(await checkRevocation(h.signing, h.all, options())).toMatchObject({ status: 'good' });
  });

  it.each([
    ['a key of its own (self-signed responder)', 'self-signed'],
    ['a CA-signed certificate without the OCSP-signing usage', 'delegated-no-eku'],
  ] as const)('responder signed by a wrong key, %s: not trusted', async (_what, kind) => {
    const wrong = await startOcspResponder(pki, { signer: pki.makeResponder(kind) });
    extra.push(wrong);
    const h = await holderWith({ ocsp: wrong.url, crl: UNANSWERED });
    await setIndex({
      [h.signing.serialNumber]: { kind: 'revoked', at: new Date(), reason: 'keyCompromise' },
    });
    expect(await checkRevocation(h.signing, h.all, options())).toMatchObject({
      status: 'unknown',
      problem: 'bad-signature',
    });
  });

  it('a genuine response for another serial: not about this certificate', async () => {
    const h = await holderWith({ ocsp: server.url('/other-serial'), crl: UNANSWERED });
    await setIndex({
      [h.signing.serialNumber]: { kind: 'good' },
      [h.keyExchange.serialNumber]: { kind: 'good' },
    });
    expect(await checkRevocation(h.signing, h.all, options())).toMatchObject({
      status: 'unknown',
      problem: 'wrong-certificate',
    });
  });

  it('stale nextUpdate, and an answer from the future: neither counts', async () => {
    const short = await startOcspResponder(pki, { minutes: 1 });
    extra.push(short);
    const h = await holderWith({ ocsp: short.url, crl: UNANSWERED });
    await setIndex({ [h.signing.serialNumber]: { kind: 'good' } });
    const later = new Date(Date.now() + 10 * 60_000);
    expect(await checkRevocation(h.signing, h.all, options({ now: () => later }))).toMatchObject({
      status: 'unknown',
      problem: 'stale',
    });
    const earlier = new Date(Date.now() - 10 * 60_000);
    expect(await checkRevocation(h.signing, h.all, options({ now: () => earlier }))).toMatchObject({
      status: 'unknown',
      problem: 'future-dated',
    });
  });

  it('responder down: a hang ends at the timeout, a closed port at once', async () => {
    const hanging = await holderWith({ ocsp: server.url('/hang'), crl: UNANSWERED });
    const started = Date.now();
    const info = await checkRevocation(hanging.signing, hanging.all, options({ timeoutMs: 700 }));
    expect(info).toMatchObject({ status: 'unknown', problem: 'timeout', url: server.url('/hang') });
    expect(Date.now() - started).toBeLessThan(3_000);
    const closed = await holderWith({ ocsp: UNANSWERED, crl: UNANSWERED });
    expect(await checkRevocation(closed.signing, closed.all, options())).toMatchObject({
      status: 'unknown',
      problem: 'offline',
    });
  });

  it('garbage, and an HTTP error: unknown, with the right reason', async () => {
    const garbage = await holderWith({ ocsp: server.url('/garbage'), crl: UNANSWERED });
    expect(await checkRevocation(garbage.signing, garbage.all, options())).toMatchObject({
      status: 'unknown',
      problem: 'malformed',
    });
    const failing = await holderWith({ ocsp: server.url('/error'), crl: UNANSWERED });
    expect(await checkRevocation(failing.signing, failing.all, options())).toMatchObject({
      status: 'unknown',
      problem: 'responder-error',
    });
  });
});

describe('CRL over HTTP', () => {
  it('listed on hold in an openssl CRL: suspended; not listed: good', async () => {
    const h = await holderWith({ ocsp: UNANSWERED, crl: server.url('/crl') });
    await setIndex({
      [h.signing.serialNumber]: {
        kind: 'revoked',
        at: new Date('2026-03-01T00:00:00Z'),
        reason: 'certificateHold',
      },
      [h.keyExchange.serialNumber]: { kind: 'good' },
    });
    crl = pki.makeCrl();
    const both = await checkCertificates(h.all, options());
    expect(both.get('SIGN')).toMatchObject({
      status: 'suspended',
      source: 'crl',
      reason: 'certificateHold',
      revokedAt: '2026-03-01T00:00:00Z',
    });
    expect(both.get('KEYX')).toMatchObject({ status: 'good', source: 'crl' });
    expect(both.get('CA')).toMatchObject({ status: 'not-checked', problem: 'not-applicable' });
    expect(both.get('ROOT')).toMatchObject({ status: 'not-checked', problem: 'not-applicable' });
  });

  it('a CRL signed by another key, and a stale one: neither counts', async () => {
    const h = await holderWith({ ocsp: UNANSWERED, crl: server.url('/crl') });
    await setIndex({});
    const impostor = pki.makeImpostor();
    crl = pki.makeCrl(impostor);
    expect(await checkRevocation(h.signing, h.all, options())).toMatchObject({
      status: 'unknown',
      problem: 'bad-signature',
    });
    crl = pki.makeCrl({ hours: 0 });
    const later = new Date(Date.now() + HOUR);
    expect(await checkRevocation(h.signing, h.all, options({ now: () => later }))).toMatchObject({
      status: 'unknown',
      problem: 'stale',
    });
  });

  it('a huge CRL is cut off at the cap and leaves no file behind', async () => {
    const h = await holderWith({ ocsp: UNANSWERED, crl: server.url('/huge') });
    const info = await checkRevocation(h.signing, h.all, options({ maxCrlBytes: 1024 * 1024 }));
    expect(info).toMatchObject({
      status: 'unknown',
      problem: 'too-large',
      url: server.url('/huge'),
    });
  });
});

describe('proxies', () => {
  it('a responder only the proxy can reach; NO_PROXY honoured; a dead proxy named as such', async () => {
    const proxy = await startProxy();
    try {
      const hidden = `http://ocsp.test.invalid:${responder.port}/`;
      const h = await holderWith({ ocsp: hidden, crl: UNANSWERED });
      await setIndex({ [h.signing.serialNumber]: { kind: 'good' } });
      const viaProxy = await checkRevocation(
        h.signing,
        h.all,
        options({ env: { HTTP_PROXY: proxy.url } }),
      );
      expect(viaProxy).toMatchObject({ status: 'good', url: hidden });
      expect(proxy.requests).toEqual([`POST ${hidden}`]);

      const direct = await checkRevocation(h.signing, h.all, options({ env: {} }));
      expect(direct).toMatchObject({ status: 'unknown', problem: 'offline' });
      const bypassed = await checkRevocation(
        h.signing,
        h.all,
        options({ env: { http_proxy: proxy.url, no_proxy: '127.0.0.1,.test.invalid' } }),
      );
      expect(bypassed).toMatchObject({ status: 'unknown', problem: 'offline' });
      expect(proxy.requests).toHaveLength(1);

      const deadProxy = await checkRevocation(
        h.signing,
        h.all,
        options({ env: { HTTP_PROXY: 'http://127.0.0.1:9' } }),
      );
      expect(deadProxy).toMatchObject({ status: 'unknown', problem: 'proxy' });
    } finally {
      await proxy.stop();
    }
  });
});

describe('issuer and cache', () => {
  it('fetches the issuing CA from the certificate\'s "CA issuers" address when it is not at hand', async () => {
    const h = await holderWith({
      ocsp: responder.url,
      crl: UNANSWERED,
      caIssuers: server.url('/ca'),
    });
    await setIndex({ [h.signing.serialNumber]: { kind: 'good' } });
    expect(await checkRevocation(h.signing, [h.signing], options())).toMatchObject({
      status: 'good',
    });
    const none = await holderWith({ ocsp: responder.url, crl: UNANSWERED, caIssuers: UNANSWERED });
    expect(await checkRevocation(none.signing, [none.signing], options())).toMatchObject({
      status: 'unknown',
      problem: 'offline',
    });
  });

  it('keeps a good answer until nextUpdate, and not after', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'ccm-revocation-cache-'));
    try {
      const h = await holderWith({ ocsp: server.url('/relay'), crl: UNANSWERED });
      await setIndex({ [h.signing.serialNumber]: { kind: 'good' } });
      const first = await checkRevocation(h.signing, h.all, options({ cacheDir }));
      expect(first.status).toBe('good');
      relayTo = UNANSWERED; // the responder "goes away"
      const again = await checkRevocation(h.signing, h.all, options({ cacheDir }));
      expect(again).toEqual(first);
      const past = new Date(Date.parse(first.nextUpdate!) + 1000);
      const expired = await checkRevocation(
        h.signing,
        h.all,
        options({ cacheDir, now: () => past }),
      );
      expect(expired).toMatchObject({ status: 'unknown', problem: 'offline' });
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

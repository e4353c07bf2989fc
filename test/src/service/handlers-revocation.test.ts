/**
 * card:revocation and the advice that follows it, over the app's backend: in demo mode the
 * virtual cards' test CA answers in process (its answers pass every check a real one must),
 * the person's setting turns asking off, and the Diagnose screen follows the same setting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { memorySettingsStore } from '../../../src/service/settings';
import { parseCertificateDer } from '../../../src/certs';
import { readOcspResponse, buildOcspRequest, certificatePair } from '../../../src/certs/revocation';
import type { AppInfo, RevocationView } from '../../../src/service/contract';
import type { CardBackend } from '../../../src/service/handler-types';
import { createCardBackend } from '../../../src/service/handlers';
import { demoOcspResponse } from '../../../src/service/revocation/demo-responder';
import { DEMO_READER, openVirtualSource, type VirtualCardSource } from '../../../src/sources';
import type { AdvisorResult } from '../../../src/core/model';
import { createVirtualCard } from '../../../src/virtual-card';

const info = (demoScenario: string | null): AppInfo => ({
  name: 'Citizen Card Manager',
  version: '0.0.0-test',
  runtime: 'browser',
  platform: 'linux',
  demoScenario,
});

let source: VirtualCardSource | null = null;
let backend: CardBackend | null = null;

afterEach(async () => {
  backend?.close();
  await source?.close();
  source = null;
  backend = null;
});

async function demo(scenario: string, onlineStatusCheck = true) {
  source = await openVirtualSource(scenario);
  backend = createCardBackend({
    source,
    appInfo: info(scenario),
    settings: memorySettingsStore({ onlineStatusCheck }),
  });
  return backend;
}

async function call<T>(b: CardBackend, channel: string, request: unknown): Promise<T> {
  const r = await b.invoke(channel, request);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}

describe('card:revocation', () => {
  it.each([
    ['suspended', 'suspended', 'resume'],
    ['revoked', 'revoked', 'reapply'],
    ['fresh', 'good', 'wait-for-extension'],
  ])(
    'demo %s: the test CA answers %s, and card:advise follows (%s)',
    async (scenario, status, first) => {
      const b = await demo(scenario);
      await call(b, 'card:status', { reader: DEMO_READER });
      const view = await call<RevocationView>(b, 'card:revocation', { reader: DEMO_READER });
      expect(view.enabled).toBe(true);
      const byId = Object.fromEntries(view.certificates.map((c) => [c.id, c.revocation]));
      expect(byId.SIGN).toMatchObject({ status, source: 'ocsp', url: 'http://127.0.0.1:9/ocsp' });
      expect(byId.KEYX!.status).toBe(status);
      expect(byId.CA).toMatchObject({ status: 'not-checked', problem: 'not-applicable' });
      const advice = await call<AdvisorResult>(b, 'card:advise', { reader: DEMO_READER });
      expect(advice.revocation.status).toBe(status);
      expect(advice.actions[0]!.id).toBe(first);
    },
  );

  it('asks nothing when the person turned the check off', async () => {
    const b = await demo('revoked', false);
    const view = await call<RevocationView>(b, 'card:revocation', { reader: DEMO_READER });
    expect(view.enabled).toBe(false);
    for (const c of view.certificates) {
      expect(c.revocation).toMatchObject({ status: 'not-checked', problem: 'turned-off' });
    }
    const advice = await call<AdvisorResult>(b, 'card:advise', { reader: DEMO_READER });
    expect(advice.status).not.toBe('revoked');
    const report = await call<{
      findings: Array<{ id: string; data: { revocation?: { problem: string } } }>;
    }>(b, 'diagnose:run', { lang: 'en', unmask: false, trace: false });
    const statuses = report.findings.filter((f) => f.id === 'certificate.status');
    expect(statuses.length).toBe(2);
    expect(statuses[0]!.data.revocation!.problem).toBe('turned-off');
  });

  it('refuses a request without a reader', async () => {
    const b = await demo('fresh');
    const r = await b.invoke('card:revocation', { reader: 7 });
    expect(r.ok).toBe(false);
  });
});

describe('the demo responder', () => {
  it('signs what the card scenario says, and its answer passes the real checks', async () => {
    const card = await createVirtualCard({ scenario: 'suspended' });
    const sign = parseCertificateDer(card.certificates.signing);
    const ca = parseCertificateDer(card.certificates.issuingCa);
    const pair = certificatePair(sign, ca);
    const now = new Date();
    const der = demoOcspResponse(buildOcspRequest(pair), [card], now)!;
    const answer = await readOcspResponse(der, pair, now);
    expect(answer).toMatchObject({ status: 'suspended', reason: 'certificateHold' });
    // Not for a certificate it did not issue.
    const other = await createVirtualCard({ holder: { serialNumber: '1111222233334444' } });
    const otherPair = certificatePair(parseCertificateDer(other.certificates.signing), ca);
    expect(demoOcspResponse(buildOcspRequest(otherPair), [card], now)).toBeNull();
  });
});

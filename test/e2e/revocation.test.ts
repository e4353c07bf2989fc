/**
 * The issuer's answer in the app, end to end: virtual cards in vpcd → pcscd → the PC/SC card
 * service → the browser host → Chromium, their certificates naming a real `openssl ocsp` on
 * 127.0.0.1 (docs/revocation.md). 停用 and 廢止 on the Card and Expiry screens with the
 * address asked, and 無法確認 with the reason when nothing answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createVirtualCard, type ScenarioName } from '../../src/virtual-card';
import {
  createTestPki,
  startOcspResponder,
  type RunningResponder,
  type TestPki,
} from '../helpers/openssl-pki';
import { RunningApp, type AppPage } from './harness';

const env = inject('e2e');

describe.skipIf(!env.available)(
  'status from the issuer in the app (openssl ocsp on loopback)',
  () => {
    let running: RunningApp;
    let app: AppPage;
    let pki: TestPki;
    let responder: RunningResponder;
    let home: string;
    const savedHome = process.env.CITIZEN_CARD_HOME;

    /** A card whose certificates name the test responder, and the index saying its scenario. */
    async function insert(scenario: ScenarioName) {
      const revocationUrls = { ocsp: responder.url, crl: 'http://127.0.0.1:9/crl' };
      pki.indexCard(await createVirtualCard({ scenario, revocationUrls }));
      await responder.refresh();
      return running.insert(scenario, 0, { revocationUrls });
    }

    beforeAll(async () => {
      // The backend's settings (check on, the default) and cache in a folder of this test's own.
      home = mkdtempSync(join(tmpdir(), 'ccm-e2e-revocation-'));
      process.env.CITIZEN_CARD_HOME = home;
      pki = createTestPki((await createVirtualCard()).certificates.issuingCa);
      responder = await startOcspResponder(pki);
      running = await RunningApp.start();
      app = running.app;
      await running.readersReady();
    });

    afterEach(async () => {
      await running.pull();
      await app.openTab('card').catch(() => undefined);
    });

    afterAll(async () => {
      await running?.close();
      await responder?.stop();
      pki?.cleanup();
      if (savedHome === undefined) delete process.env.CITIZEN_CARD_HOME;
      else process.env.CITIZEN_CARD_HOME = savedHome;
      rmSync(home, { recursive: true, force: true });
    });

    it('suspended: 停用 with the address asked, the banner says resume, Expiry leads with it', async () => {
      await insert('suspended');
      await app.expectText('issuer-status-badge', '停用');
      await app.expectText('issuer-status-from', responder.url);
      await app.expectText('advice-banner', '請先辦理復用');
      await app.shot('issuer-suspended', { downTo: 'issuer-status' });
      await app.openTab('expiry');
      await app.expectText('expiry-issuer-status-badge', '停用');
      await app.expectText('advice-actions', '復用');
      const first = app.page.locator('[data-testid="advice-actions"] li').first();
      expect(await first.getAttribute('data-action')).toBe('resume');
    });

    it('revoked: 廢止, and only a new application', async () => {
      await insert('revoked');
      await app.expectText('issuer-status-badge', '廢止');
      await app.openTab('expiry');
      await app.expectText('expiry-issuer-status', '金鑰遭破解');
      const actions = app.page.locator('[data-testid="advice-actions"] li');
      await app.expectText('advice-actions', '重新申請');
      expect(await actions.count()).toBe(1);
    });

    it('nothing answers: 無法確認 with the reason, and the dates are not called valid', async () => {
      await running.insert('fresh');
      await app.expectText('issuer-status-badge', '無法確認');
      await app.expectText('issuer-status-why', '連不上發證單位');
      await app.openTab('expiry');
      await app.expectText('advice-status', '發證單位的狀態未確認');
    });

    it('raised no page errors', () => {
      expect(app.errors).toEqual([]);
    });
  },
);

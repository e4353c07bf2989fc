/**
 * The helpdesk's second round end to end (vpcd → pcscd → browser host → Chromium): "can this
 * card sign?" on a sound and a broken card, the 健保卡 put in by mistake, and a report the
 * app saved, opened again by `citizen-card diagnose --open` to the very same text and by the
 * Diagnose screen itself.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { defaultAtrTable } from '../../src/card';
import { fromHex } from '../../src/card/apdu/hex';
import { OtherCard } from '../../src/virtual-card';
import { connectToVpcd, vpcdReaderName, type VpcdLink } from '../../src/virtual-card/vpcd-link';
import { DEFAULT_PIN, RunningApp, until, type AppPage } from './harness';

const env = inject('e2e');

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const code = await runCli(argv, {
    stdout: new PassThrough().on('data', (c: Buffer) => out.push(Buffer.from(c))),
    stderr: new PassThrough().on('data', (c: Buffer) => err.push(Buffer.from(c))),
    stdin: Readable.from([]),
    env: { LANG: 'en_US.UTF-8' },
  });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

describe.skipIf(!env.available)('helpdesk, second round (end to end)', () => {
  let running: RunningApp;
  let app: AppPage;
  let other: VpcdLink | null = null;
  const dir = mkdtempSync(join(tmpdir(), 'ccm-e2e-helpdesk-'));

  beforeAll(async () => {
    running = await RunningApp.start();
    app = running.app;
    await running.readersReady();
  });

  afterEach(async () => {
    await running.pull();
    if (other) {
      await other.remove();
      other = null;
      const reader = vpcdReaderName(0);
      await until(
        () => running.host.source.readers().some((r) => r.name === reader && !r.cardPresent),
        'reader empty',
      );
    }
    await app.openTab('card').catch(() => undefined);
  });

  afterAll(async () => {
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the folded panel, types the PIN and asks; waits for the answer. */
  async function selfTest(pin: string): Promise<void> {
    await app.tid('selftest').locator('summary').click();
    await app.fill('selftest-pin', pin);
    await app.tid('selftest-submit').click();
    await app.tid('selftest-result').waitFor();
  }

  it('PIN screen: a sound card can sign', async () => {
    const card = await running.insert('fresh');
    await app.expectText('pin-tries', '3/3');
    await app.openTab('pin');
    await selfTest(DEFAULT_PIN);
    await app.expectText('selftest-result', '這張卡可以簽章');
    expect(await app.tid('selftest-result').getAttribute('data-ok')).toBe('true');
    expect(card.received.filter((c) => c[1] === 0x2a)).toHaveLength(1);
    expect(card.verified).toBe(false);
    await app.shot('selftest-passed', { downTo: 'selftest-result' });
  });

  it('Diagnose screen: a card whose key does not match its certificate fails at verification', async () => {
    await running.insert('sign-broken');
    await app.expectText('pin-tries', '3/3');
    await app.openTab('diagnose');
    await selfTest(DEFAULT_PIN);
    await app.expectText('selftest-result', '失敗在「驗證簽章」這一步');
    expect(await app.tid('selftest-result').getAttribute('data-step')).toBe('verify');
  });

  it('the 健保卡 put in by mistake: the Card screen says so, and the card was sent nothing', async () => {
    const atr = fromHex(defaultAtrTable.families.find((r) => r.otherCard === 'nhi')!.atr!);
    const card = new OtherCard({ atr });
    other = await connectToVpcd(card, { slot: 0 });
    await app.expectText('other-card', '這是你的健保卡，不是自然人憑證。');
    expect(await app.tid('other-card').getAttribute('role')).toBe('alert');
    expect(card.received).toEqual([]);
    await app.shot('other-card');
  });

  it('a report saved by the app round-trips through diagnose --open to the same text', async () => {
    await running.insert('locked');
    await app.expectText('pin-tries', '0/3');
    await app.openTab('diagnose');
    await app.tid('diagnose-run').click();
    await app.expectText('finding-card.pin', 'PIN 碼已鎖住');
    const save = async (id: string, name: string): Promise<string> => {
      const [download] = await Promise.all([
        app.page.waitForEvent('download'),
        app.tid(id).click(),
      ]);
      const path = join(dir, name);
      await download.saveAs(path);
      return path;
    };
    const jsonPath = await save('diagnose-save-json', 'report.json');
    const textPath = await save('diagnose-save-text', 'report.txt');
    const opened = await cli(['diagnose', '--open', jsonPath]);
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toBe(readFileSync(textPath, 'utf8'));
    expect(opened.code).toBe(1);

    // The Diagnose screen opens it too, and says it was not made here.
    await app.tid('open-report-input').setInputFiles(jsonPath);
    await app.expectText('open-report-banner', 'report.json');
    await app.expectText('finding-card.pin', 'PIN 碼已鎖住');
  });

  it('raised no error in the page', () => {
    expect(app.errors).toEqual([]);
  });
});

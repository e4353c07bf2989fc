/**
 * `citizen-card diagnose` through a real pcscd with vpcd readers: each finding produced by
 * creating its situation on this machine (an empty reader, a mute card, an unknown card, a
 * locked card, an expired card, another program holding the card, pcscd stopped, pcscd
 * running without any reader).
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliServices } from '../../src/cli/context';
import { runCli } from '../../src/cli/main';
import type { DiagnosticReport, Finding } from '../../src/service/diagnostics';
import { connectToVpcd, vpcdReaderName } from '../../src/virtual-card/vpcd-link';
import { createCardService } from '../../src/sources/pcsc';
import {
  ensurePcscd,
  findPcscd,
  isAlive,
  pcscdStatus,
  removeStaleFiles,
  stopPcscd,
  takeDownPcscd,
} from '../helpers/pcscd';
import { cardFor, pcscEnv, serviceForFile, startService, until } from './support';

const services: CliServices = { openPcsc: async () => createCardService({ busyRetryMs: 300 }) };

async function diagnose(extra: string[] = []): Promise<{ code: number; report: DiagnosticReport }> {
  const out: Buffer[] = [];
  const code = await runCli(
    ['diagnose', '--json', ...extra],
    {
      stdout: new PassThrough().on('data', (c: Buffer) => out.push(Buffer.from(c))),
      stderr: new PassThrough(),
      stdin: Readable.from([]),
      env: { LANG: 'en_US.UTF-8' },
    },
    services,
  );
  return { code, report: JSON.parse(Buffer.concat(out).toString('utf8')) as DiagnosticReport };
}

function find(report: DiagnosticReport, id: string, reader?: string): Finding {
  const f = report.findings.find(
    (x) => x.id === id && (reader === undefined || x.reader === reader),
  );
  if (!f) throw new Error(`no ${id} finding: ${report.findings.map((x) => x.id).join(', ')}`);
  return f;
}

const SLOT0 = vpcdReaderName(0);
const SLOT1 = vpcdReaderName(1);

describe.skipIf(!pcscEnv.available)('diagnose through pcscd + vpcd', () => {
  const pcsc = serviceForFile();

  it('readers present, no card: service ok, both vpcd readers listed, "no card" is the error', async () => {
    const { code, report } = await diagnose();
    expect(code).toBe(1);
    expect(find(report, 'pcsc.service').severity).toBe('ok');
    expect(find(report, 'readers').data.names).toEqual(expect.arrayContaining([SLOT0, SLOT1]));
    expect(find(report, 'card.absent', SLOT0).severity).toBe('error');
    expect(find(report, 'card.absent', SLOT1).severity).toBe('error');
  });

  it('a mute virtual card (never answers GET ATR) reads as an empty slot through vpcd', async () => {
    const card = await cardFor('fresh');
    const link = await connectToVpcd(card, { slot: 0, mute: true });
    try {
      // pcscd is polling it (asking for its ATR) and still calls the slot empty.
      await link.served;
      await new Promise((resolve) => setTimeout(resolve, 500));
      const { report } = await diagnose();
      expect(find(report, 'card.absent', SLOT0).severity).toBe('error');
      expect(report.findings.some((f) => f.id === 'card.mute')).toBe(false);
      expect(card.received).toEqual([]);
    } finally {
      await link.remove();
    }
  });

  it('an unknown card: a warning with the report naming the vpcd reader, no PIN command', async () => {
    const card = await cardFor('unknown-atr');
    await pcsc.insert(card, 0);
    const { code, report } = await diagnose();
    const atr = find(report, 'card.atr', SLOT0);
    expect(atr.severity).toBe('warning');
    expect(atr.data.report).toContain(`Reader: ${SLOT0}`);
    expect(atr.data.report).toContain('"OTHERPKI"');
    expect(card.received.some((apdu) => apdu[1] === 0x20)).toBe(false);
    // The other, empty reader is only information now that a card is in.
    expect(find(report, 'card.absent', SLOT1).severity).toBe('info');
    // Its certificates end at the virtual card's test root, which only the virtual family
    // may use: for any other card that is "test certificate, not genuine".
    const sign = report.findings.find((f) => f.id === 'certificate' && f.data.id === 'SIGN')!;
    expect(sign).toMatchObject({ severity: 'error', data: { chain: { status: 'test-root' } } });
    expect(code).toBe(1);
  });

  it('a locked card: PIN locked (R-PIN-LOCK, R-UNLOCK-ONLINE), read with empty VERIFYs only', async () => {
    const card = await cardFor('locked');
    await pcsc.insert(card, 1);
    const { code, report } = await diagnose(['--reader', SLOT1]);
    expect(code).toBe(1);
    const pin = find(report, 'card.pin', SLOT1);
    expect(pin).toMatchObject({ severity: 'error', title: 'PIN locked' });
    expect(pin.rules).toEqual(expect.arrayContaining(['R-PIN-LOCK', 'R-UNLOCK-ONLINE']));
    const verifies = card.received.filter((apdu) => apdu[1] === 0x20);
    expect(verifies.every((apdu) => apdu.length === 4)).toBe(true);
    expect(report.findings.filter((f) => f.reader === SLOT0)).toEqual([]);
  });

  it('an expired card: the signing certificate and the advice are errors with their rules', async () => {
    const card = await cardFor('expired-reapply');
    await pcsc.insert(card, 0);
    const { report } = await diagnose();
    const advice = find(report, 'advice', SLOT0);
    expect(advice).toMatchObject({
      severity: 'error',
      data: { advice: { status: 'expired-reapply' } },
    });
    expect(advice.rules).toContain('R-EXPIRED-LATE');
    const sign = report.findings.find((f) => f.id === 'certificate' && f.data.id === 'SIGN')!;
    expect(sign.severity).toBe('error');
  });

  it('another program holds the card exclusively: card.busy, and the card is untouched', async () => {
    const card = await cardFor('fresh');
    await pcsc.insert(card, 0);
    const other = await startService({ identify: null });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const hold = other.withCard(
      SLOT0,
      async () => {
        holding();
        await held;
      },
      { exclusive: true },
    );
    try {
      await isHolding;
      const before = card.received.length;
      const { code, report } = await diagnose();
      expect(code).toBe(1);
      const busy = find(report, 'card.busy', SLOT0);
      expect(busy.severity).toBe('error');
      expect(busy.cause).toContain('Linux does not tell which program holds a card');
      expect(card.received.length).toBe(before);
    } finally {
      release();
      await hold;
      await other.close();
    }
  });

  it('--trace FILE saves the report with the trace of the real PC/SC exchange', async () => {
    const card = await cardFor('fresh');
    await pcsc.insert(card, 0);
    const dir = mkdtempSync(join(tmpdir(), 'ccm-diag-'));
    try {
      const file = join(dir, 'report.json');
      const { code } = await diagnose(['--trace', file]);
      // A card in slot 0 makes the empty slot 1 mere information: no error.
      expect(code).toBe(0);
      const saved = JSON.parse(readFileSync(file, 'utf8')) as DiagnosticReport;
      expect(saved.trace!.some((e) => e.reader === SLOT0 && e.hex === '00 20 00 01')).toBe(true);
      expect(JSON.stringify(saved)).not.toContain(card.cardNumber);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * pcscd started by this test with a reader.conf.d folder of its own, so it loads no vpcd
 * reader (and a container has no USB reader): "service up, no reader" for real. The log
 * goes next to the folder, never inside it: pcscd would read it as reader configuration.
 */
async function startPcscdWithoutReaders(confDir: string, logFile: string): Promise<number> {
  const bin = findPcscd()!;
  removeStaleFiles();
  const fd = openSync(logFile, 'a');
  const child = spawn(bin, ['--foreground', '--info', '--config', confDir], {
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  child.unref();
  const pid = child.pid!;
  try {
    await until(
      () => readFileSync(logFile, 'utf8').includes('daemon ready') || !isAlive(pid),
      10_000,
    );
    if (!isAlive(pid)) throw new Error(`pcscd exited: ${readFileSync(logFile, 'utf8')}`);
  } catch (err) {
    // Never leave this pcscd behind: the next test would take it for the run's own.
    await stopPcscd(pid);
    throw err;
  }
  return pid;
}

describe.skipIf(!pcscEnv.available || !pcscEnv.restartable)(
  'diagnose with pcscd down or readerless',
  () => {
    afterAll(async () => {
      // Whatever happened, leave the run's pcscd (with vpcd) for the files after this one.
      await ensurePcscd();
    });

    it('pcscd stopped: the service finding is the error, with the Linux fix; exit 1, not 3', async () => {
      await takeDownPcscd('term');
      expect((await pcscdStatus()).running).toBe(false);
      const { code, report } = await diagnose();
      expect(code).toBe(1);
      const service = find(report, 'pcsc.service');
      expect(service.severity).toBe('error');
      expect(service.remedy).toContain('sudo apt install pcscd');
      expect(report.findings.some((f) => f.id === 'readers')).toBe(false);
      await ensurePcscd();
    });

    it('pcscd running with no reader configured: "no card reader found" with the fix', async () => {
      await takeDownPcscd('term');
      const workDir = mkdtempSync(join(tmpdir(), 'ccm-noreader-'));
      const confDir = join(workDir, 'reader.conf.d');
      mkdirSync(confDir);
      let pid: number | null = null;
      try {
        pid = await startPcscdWithoutReaders(confDir, join(workDir, 'pcscd.log'));
        const { code, report } = await diagnose();
        expect(code).toBe(1);
        expect(find(report, 'pcsc.service').severity).toBe('ok');
        const readers = find(report, 'readers');
        expect(readers).toMatchObject({
          severity: 'error',
          title: 'No card reader found',
          data: { count: 0 },
        });
        expect(readers.remedy).toContain('libccid');
      } finally {
        if (pid !== null) await stopPcscd(pid);
        rmSync(workDir, { recursive: true, force: true });
        await ensurePcscd();
      }
    });
  },
);

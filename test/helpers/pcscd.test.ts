/**
 * The pcscd harness's decisions, without touching the machine's pcscd: who may restart
 * it, how a missing install is detected, and how the pcsc suite reacts (skip loudly, or
 * fail under CI).
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENABLE_HINT, mayRestart, vpcdInstalled, type PcscdStatus } from './pcscd';

const pcscdMock = vi.hoisted(() => ({ installed: true }));
vi.mock('./pcscd', async (importOriginal) => {
  const original = await importOriginal<typeof import('./pcscd')>();
  return {
    ...original,
    findPcscd: () => (pcscdMock.installed ? '/usr/sbin/pcscd' : null),
    vpcdInstalled: (dir?: string) => (dir ? original.vpcdInstalled(dir) : pcscdMock.installed),
  };
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  pcscdMock.installed = true;
});

describe('mayRestart', () => {
  const system: PcscdStatus = { running: true, pid: 42, owned: false };

  it('never lets the tests stop a desktop pcscd they did not start', () => {
    expect(mayRestart(system, {})).toBe(false);
  });

  it('allows it for a pcscd the harness started, on CI, or when asked to', () => {
    expect(mayRestart({ ...system, owned: true }, {})).toBe(true);
    expect(mayRestart(system, { CI: 'true' })).toBe(true);
    expect(mayRestart(system, { CITIZEN_CARD_PCSCD_RESTARTABLE: '1' })).toBe(true);
    expect(mayRestart({ running: false, pid: null, owned: false }, {})).toBe(true);
  });
});

describe('vpcdInstalled', () => {
  it('finds the vpcd driver among the reader.conf.d entries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'readerconf-'));
    expect(vpcdInstalled(dir)).toBe(false);
    writeFileSync(join(dir, 'other'), 'LIBPATH /usr/lib/pcsc/drivers/serial/libother.so\n');
    expect(vpcdInstalled(dir)).toBe(false);
    writeFileSync(join(dir, 'vpcd'), 'LIBPATH /usr/lib/pcsc/drivers/serial/libifdvpcd.so\n');
    expect(vpcdInstalled(dir)).toBe(true);
    expect(vpcdInstalled(join(dir, 'missing'))).toBe(false);
    mkdirSync(join(dir, 'sub'));
    expect(vpcdInstalled(dir)).toBe(true);
  });
});

describe('pcsc suite global setup without pcscd', () => {
  async function runSetup() {
    const { default: setup } = await import('../pcsc/global-setup');
    const provided: Record<string, unknown> = {};
    const project = { provide: (key: string, value: unknown) => (provided[key] = value) };
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    const outcome = await setup(project as never).then(
      (teardown) => ({ teardown }),
      (error: Error) => ({ error }),
    );
    vi.mocked(process.stderr.write).mockRestore();
    return { provided, writes, outcome };
  }

  it('outside CI: skips the suite with one loud line that says how to enable it', async () => {
    vi.stubEnv('CI', '');
    pcscdMock.installed = false;
    const { provided, writes, outcome } = await runSetup();
    expect(outcome).toHaveProperty('teardown');
    expect(provided.pcsc).toMatchObject({ available: false, restartable: false });
    const loud = writes.join('').trim().split('\n').filter(Boolean);
    expect(loud).toHaveLength(1);
    expect(loud[0]).toContain('SKIPPED');
    expect(loud[0]).toContain(ENABLE_HINT);
  });

  it('with CI=true: fails the run', async () => {
    vi.stubEnv('CI', 'true');
    pcscdMock.installed = false;
    const { outcome } = await runSetup();
    expect(outcome).toHaveProperty('error');
    expect((outcome as { error: Error }).error.message).toContain(ENABLE_HINT);
  });
});

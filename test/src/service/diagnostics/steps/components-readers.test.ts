/**
 * The NHI card component probe (a real TCP listener, and a port nothing listens on), the
 * reader-quirks list, and which of several readers holds the card.
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runDiagnostics } from '../../../../../src/service/diagnostics';
import { tcpConnect } from '../../../../../src/service/diagnostics/tcp-probe';
import {
  defaultReaderQuirks,
  quirkOf,
} from '../../../../../src/service/diagnostics/steps/readers-quirks';
import { catalogs } from '../../../../../src/core/i18n/catalog';
import type { VirtualCardSource } from '../../../../../src/sources/virtual-source';
import { baseDeps, only, opened, virtualReaders } from '../helpers';

let source: VirtualCardSource | null = null;
let server: Server | null = null;
afterEach(async () => {
  await source?.close();
  source = null;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function listening(): Promise<number> {
  server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function report(extra: Parameters<typeof baseDeps>[0] = {}) {
  source = await virtualReaders({ 'Reader A': 'fresh' });
  const s = source;
  return runDiagnostics(baseDeps({ openSource: async () => opened(s), ...extra }));
}

describe('NHI card component (健保卡網路服務元件) on 127.0.0.1', () => {
  it('something listening on its port: info, running, no version claimed', async () => {
    const port = await listening();
    const f = only(await report({ tcpConnect, nhiComponent: { port } }), 'component.nhi');
    expect(f).toMatchObject({
      severity: 'info',
      data: { port, outcome: 'listening', version: null },
    });
    expect(f.title).toContain('running');
  });

  it('nothing listening: info, with where to get it, only for 健保卡 sites', async () => {
    const port = await freePort();
    const f = only(await report({ tcpConnect, nhiComponent: { port } }), 'component.nhi');
    expect(f).toMatchObject({ severity: 'info', data: { outcome: 'refused' } });
    expect(f.cause).toContain('not for your 自然人憑證');
    expect(f.remedy).toContain('cloudicweb.nhi.gov.tw');
  });

  it('is not looked for when the caller gives no way to probe', async () => {
    expect((await report()).findings.some((f) => f.id === 'component.nhi')).toBe(false);
  });
});

describe('readers whose driver is known to misbehave', () => {
  it('every entry has a public source and both languages name its problem', () => {
    for (const q of defaultReaderQuirks.readers) {
      expect(q.source.length).toBeGreaterThan(40);
      for (const lang of ['zh-TW', 'en'] as const) {
        expect(catalogs[lang][`readerQuirk.${q.problem}.cause`], q.problem).toBeTruthy();
        expect(catalogs[lang][`readerQuirk.${q.problem}.remedy`], q.problem).toBeTruthy();
      }
    }
  });

  it('a Broadcom 5880 reader gets a warning with what to do; another reader nothing', async () => {
    expect(
      quirkOf('Broadcom Corp 5880 [Contacted SmartCard] (0123456789ABCD) 00 00'),
    ).toMatchObject({
      problem: 'firmware',
    });
    expect(quirkOf('Virtual PCD 00 00')).toBeNull();
    source = await virtualReaders({
      'Broadcom Corp 5880 [Contacted SmartCard] (0123456789ABCD) 00 00': null,
      'Reader B': 'fresh',
    });
    const s = source;
    const r = await runDiagnostics(baseDeps({ openSource: async () => opened(s) }));
    const f = only(r, 'reader.quirk');
    expect(f.severity).toBe('warning');
    expect(f.reader).toContain('Broadcom Corp 5880');
    expect(f.remedy).toContain('firmware');
  });
});

describe('several readers', () => {
  it('says which one holds the card', async () => {
    source = await virtualReaders({ 'Built-in reader': null, 'USB reader': 'fresh' });
    const s = source;
    const r = await runDiagnostics(baseDeps({ openSource: async () => opened(s) }));
    const f = only(r, 'readers');
    expect(f.cause).toContain('Of these, USB reader hold(s) a card.');
    expect(f.data).toMatchObject({ count: 2, withCard: ['USB reader'] });
    expect(only(r, 'card.absent', 'Built-in reader').severity).toBe('info');
  });
});

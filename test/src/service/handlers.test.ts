import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCardBackend, type CardBackendOptions } from '../../../src/service/handlers';
import type { CardBackend } from '../../../src/service/handler-types';
import {
  CardSourceBase,
  DEMO_READER,
  openVirtualSource,
  VirtualCardSource,
} from '../../../src/sources';
import type { ReaderSnapshot } from '../../../src/sources/source-base';
import { parseCertificate } from '../../../src/certs';
import type {
  AppInfo,
  CardStatusView,
  IpcEvents,
  IpcResult,
  PinOutcome,
} from '../../../src/service/contract';
import { run as runCli } from '../cli/run-cli';

const APP_INFO: AppInfo = {
  name: 'Citizen Card Manager',
  version: '0.0.0-test',
  runtime: 'browser',
  platform: 'linux',
  demoScenario: null,
};
const R = DEMO_READER;
const DEFAULT_PIN = '730101';
const USER_CODE = '12345678';

let source: VirtualCardSource;

/** A PC/SC source whose cards are seen by their ATR only: no command reaches them. */
class AtrOnlySource extends CardSourceBase {
  readonly kind = 'pcsc' as const;
  private readonly present: ReaderSnapshot[] = [];

  constructor() {
    super('up', 0, { identify: null });
  }

  /** `atr` '' is a mute card, as the PC/SC service reports one. */
  insert(reader: string, atr: string): void {
    this.present.push({ name: reader, cardPresent: true, atr: atr || null, mute: atr === '' });
    this.cardInserted(reader, atr ? Buffer.from(atr, 'hex') : null);
  }

  protected snapshot(): ReaderSnapshot[] {
    return this.present;
  }

  withCard(): Promise<never> {
    return Promise.reject(new Error('not reached'));
  }

  async close(): Promise<void> {
    this.markClosed();
  }
}
let backend: CardBackend;

async function setup(scenario: string, extra: Partial<CardBackendOptions> = {}) {
  source = await openVirtualSource(scenario, undefined, {
    now: extra.now,
    recordCommands: 100_000,
  });
  backend = createCardBackend({ source, appInfo: APP_INFO, log: () => undefined, ...extra });
  // Identification runs in the background on insertion; let it finish so tests count only
  // the APDUs they cause.
  await vi.waitUntil(() => source.readers()[0]?.identity);
  return backend;
}

afterEach(async () => {
  backend?.close();
  await source?.close();
});

function value<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

const status = async () =>
  value((await backend.invoke('card:status', { reader: R })) as IpcResult<CardStatusView>);
const verify = (pin: string, confirmLastTry = false) =>
  backend.invoke('pin:verify', { reader: R, pin, confirmLastTry }) as Promise<
    IpcResult<PinOutcome>
  >;

describe('card:status', () => {
  it('reads the card, parses and checks its certificates and advises on the signing one', async () => {
    await setup('fresh');
    const view = await status();
    expect(view).toMatchObject({
      reader: R,
      family: 'virtual',
      pinChannel: 'iso',
      cardNumber: 'TP03000012345678',
      holderName: '王小明',
      demo: true,
      pin: { triesLeft: 3, maxTries: 3, blocked: false },
      userCode: { triesLeft: 5, maxTries: 5 },
      problems: [],
    });
    const roles = view.certificates.map((c) => c.role);
    expect(roles).toEqual(expect.arrayContaining(['signing', 'key-exchange', 'issuing-ca']));
    const signing = view.certificates.find((c) => c.role === 'signing')!;
    expect(signing.chain.status).not.toBe('invalid');
    expect(signing.chain.rootName).toMatch(/test/i);
    expect(parseCertificate(signing.pem).sha256).toBe(signing.sha256);
    expect(view.advice).toMatchObject({ status: 'valid', extendedSource: 'inferred' });
  });

  it('shows the extension window for an expiring card, on the injected clock', async () => {
    const now = () => new Date('2031-06-15T04:00:00Z');
    await setup('expiring', { now });
    const view = await status();
    expect(view.advice).toMatchObject({ status: 'extension-window', today: '2031-06-15' });
    expect(view.advice!.daysLeft).toBeGreaterThanOrEqual(0);
    expect(view.advice!.daysLeft).toBeLessThanOrEqual(60);
  });

  it('names a missing reader and an empty one', async () => {
    await setup('fresh');
    expect(await backend.invoke('card:status', { reader: 'No such reader' })).toMatchObject({
      ok: false,
      error: { code: 'no-reader' },
    });
    source.removeCard(R);
    expect(await backend.invoke('card:status', { reader: R })).toMatchObject({
      ok: false,
      error: { code: 'no-card', params: { reader: R } },
    });
  });

  it('ends with card-removed when the card is pulled mid-read', async () => {
    await setup('fresh');
    const card = source.cardIn(R)!;
    const process = card.process.bind(card);
    let commands = 0;
    card.process = (command) => {
      if (++commands === 6) source.removeCard(R);
      return process(command);
    };
    expect(await backend.invoke('card:status', { reader: R })).toMatchObject({
      ok: false,
      error: { code: 'card-removed', messageKey: 'error.cardRemoved' },
    });
  });
});

describe('PIN operations', () => {
  it('a wrong PIN says how many tries are left; the right one returns fresh counters', async () => {
    await setup('fresh');
    expect(await verify('000000')).toMatchObject({
      ok: false,
      error: { code: 'wrong-secret', messageKey: 'error.wrongPin', params: { triesLeft: 2 } },
    });
    expect((await status()).pin?.triesLeft).toBe(2);
    expect(value(await verify(DEFAULT_PIN))).toMatchObject({
      pin: { triesLeft: 3, blocked: false },
      userCode: { triesLeft: 5 },
    });
  });

  it('resets the card after a PIN operation, so nothing stays verified', async () => {
    await setup('fresh');
    const card = source.cardIn(R)!;
    const reset = vi.spyOn(card, 'reset');
    value(await verify(DEFAULT_PIN));
    expect(reset).toHaveBeenCalledTimes(1);
  });

  it('refuses the last try until the person confirms it', async () => {
    await setup('one-try-left');
    const card = source.cardIn(R)!;
    const sent = () => card.received.filter((c) => c[1] === 0x20 && c.length > 5).length;
    expect(await verify(DEFAULT_PIN)).toMatchObject({
      ok: false,
      error: { code: 'refused', messageKey: 'refused.last-try-unconfirmed' },
    });
    expect(sent()).toBe(0);
    expect(value(await verify(DEFAULT_PIN, true)).pin?.triesLeft).toBe(3);
    expect(sent()).toBe(1);
  });

  it('changes the PIN: the old one stops working, the new one works', async () => {
    await setup('fresh');
    const change = await backend.invoke('pin:change', {
      reader: R,
      oldPin: DEFAULT_PIN,
      newPin: 'Ab12cd34',
      confirmLastTry: false,
    });
    expect(value(change as IpcResult<PinOutcome>).pin?.triesLeft).toBe(3);
    expect(await verify(DEFAULT_PIN)).toMatchObject({ ok: false, error: { code: 'wrong-secret' } });
    expect((await verify('Ab12cd34')).ok).toBe(true);
  });

  it('a locked card is unblocked with the user code and a new PIN', async () => {
    await setup('locked');
    expect(await verify(DEFAULT_PIN)).toMatchObject({
      ok: false,
      error: { code: 'secret-blocked', messageKey: 'error.pinBlocked' },
    });
    const unblock = await backend.invoke('pin:unblock', {
      reader: R,
      userCode: USER_CODE,
      newPin: '135790',
      confirmLastTry: false,
    });
    expect(value(unblock as IpcResult<PinOutcome>)).toMatchObject({
      pin: { triesLeft: 3, blocked: false },
    });
    expect((await verify('135790')).ok).toBe(true);
  });

  it('checks arguments before touching the card, and never echoes a secret', async () => {
    await setup('fresh');
    const card = source.cardIn(R)!;
    const before = card.received.length;
    const results = [
      await backend.invoke('pin:verify', { reader: R, pin: 'x1', confirmLastTry: false }),
      await backend.invoke('pin:verify', { reader: R, pin: DEFAULT_PIN }),
      await backend.invoke('pin:verify', { reader: '', pin: DEFAULT_PIN, confirmLastTry: false }),
      await backend.invoke('pin:change', { reader: R, oldPin: DEFAULT_PIN, confirmLastTry: false }),
      await backend.invoke('pin:dump', { reader: R }),
    ];
    for (const r of results)
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(card.received.length).toBe(before);
    expect(JSON.stringify(results)).not.toContain(DEFAULT_PIN);
  });

  it('reports an unexpected failure as internal, without its message', async () => {
    const leaky = new VirtualCardSource();
    vi.spyOn(leaky, 'withCard').mockRejectedValue(new Error(`boom with PIN ${DEFAULT_PIN}`));
    const log = vi.fn();
    const b = createCardBackend({ source: leaky, appInfo: APP_INFO, log });
    const result = await b.invoke('pin:verify', {
      reader: R,
      pin: DEFAULT_PIN,
      confirmLastTry: false,
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', messageKey: 'error.internal', params: { detail: 'Error' } },
    });
    expect(log).toHaveBeenCalledOnce();
  });
});

describe('certificate export', () => {
  it('hands the file to the injected save function (Electron)', async () => {
    const saveFile = vi.fn(async () => true);
    await setup('fresh', { saveFile });
    const result = await backend.invoke('cert:export', { reader: R, id: 'SIGN', format: 'pem' });
    expect(value(result)).toEqual({ fileName: 'TP03000012345678-SIGN.pem', saved: true });
    const [, data] = saveFile.mock.calls[0] as unknown as [string, Buffer];
    expect(data.toString('ascii')).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(parseCertificate(data).role).toBe('signing');
  });

  it('returns the DER as base64 when there is no save dialog (browser)', async () => {
    await setup('fresh');
    const result = value(
      (await backend.invoke('cert:export', { reader: R, id: 'KEYX', format: 'der' })) as IpcResult<{
        fileName: string;
        saved: boolean;
        base64: string;
      }>,
    );
    expect(result.fileName).toBe('TP03000012345678-KEYX.cer');
    expect(result.saved).toBe(false);
    expect(parseCertificate(Buffer.from(result.base64, 'base64')).role).toBe('key-exchange');
    expect(
      await backend.invoke('cert:export', { reader: R, id: 'NOPE', format: 'der' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', messageKey: 'app.error.noSuchCertificate' },
    });
  });
});

describe('card:advise', () => {
  it("follows the person's statement that the certificate was extended", async () => {
    await setup('fresh');
    const inferred = value(await backend.invoke('card:advise', { reader: R }));
    const stated = value(await backend.invoke('card:advise', { reader: R, extended: true }));
    expect(inferred).toMatchObject({ extended: false, extendedSource: 'inferred' });
    expect(stated).toMatchObject({ extended: true, extendedSource: 'stated' });
  });
});

describe('shell:open-external', () => {
  it('opens MOICA pages only', async () => {
    const openUrl = vi.fn(async () => undefined);
    await setup('fresh', { openUrl });
    expect(
      await backend.invoke('shell:open-external', { url: 'https://moica.nat.gov.tw/index.html' }),
    ).toEqual({ ok: true, value: true });
    expect(
      await backend.invoke('shell:open-external', {
        url: 'https://moica.nat.gov.tw.evil.example/',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', messageKey: 'app.error.urlNotAllowed' },
    });
    expect(openUrl).toHaveBeenCalledExactlyOnceWith('https://moica.nat.gov.tw/index.html');
  });
});

describe('events', () => {
  it('forwards insertions, removals and reader changes as contract events', async () => {
    await setup('fresh');
    const seen: Array<{ event: keyof IpcEvents; payload: unknown }> = [];
    backend.subscribe((event, payload) => seen.push({ event, payload }));
    source.removeCard(R);
    await source.insertCard(R, { scenario: 'locked' });
    const names = seen.map((s) => s.event);
    expect(names).toEqual(
      expect.arrayContaining(['card-removed', 'card-inserted', 'readers-changed']),
    );
    expect(seen.find((s) => s.event === 'card-removed')?.payload).toEqual({ reader: R });
    expect(seen.find((s) => s.event === 'card-inserted')?.payload).toMatchObject({
      reader: R,
      family: 'virtual',
    });
    const lastReaders = seen.filter((s) => s.event === 'readers-changed').at(-1)?.payload;
    expect(lastReaders).toEqual([expect.objectContaining({ name: R, cardPresent: true })]);
    // The new card is read afresh: it is the locked one now.
    expect((await status()).pin?.blocked).toBe(true);
  });

  it("names an inserted card's family from its ATR as `citizen-card readers` does: unknown when garbled, null when mute", async () => {
    const gen1 = '3BB813008131FA524348544D4F494341A5';
    // T0 promises ten historical bytes that never come.
    const garbled = '3B8A8001';
    const inserted = [
      { reader: 'Gen1', atr: gen1 },
      { reader: 'Garbled', atr: garbled },
      // A mute card: present, no ATR (the PC/SC service sends '').
      { reader: 'Mute', atr: '' },
    ];
    const bare = new AtrOnlySource();
    const own = createCardBackend({ source: bare, appInfo: APP_INFO, log: () => undefined });
    const families: unknown[] = [];
    own.subscribe((event, payload) => {
      if (event === 'card-inserted') families.push((payload as IpcEvents['card-inserted']).family);
    });
    for (const { reader, atr } of inserted) bare.insert(reader, atr);
    own.close();
    expect(families).toEqual(['moica-gen1', 'unknown', null]);
    const cli = await runCli(['readers', '--json'], { services: { openPcsc: async () => bare } });
    // Listed by name, so compared reader by reader.
    const listed = JSON.parse(cli.stdout).readers as Array<{ name: string; family: unknown }>;
    const familyOf = (name: string) => listed.find((r) => r.name === name)?.family;
    expect(inserted.map(({ reader }) => familyOf(reader))).toEqual(families);
  });

  it('stops forwarding once closed', async () => {
    await setup('fresh');
    const listener = vi.fn();
    backend.subscribe(listener);
    backend.close();
    source.removeCard(R);
    expect(listener).not.toHaveBeenCalled();
  });
});

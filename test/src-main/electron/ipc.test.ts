import { describe, expect, it, vi, type Mock } from 'vitest';
import type { BrowserWindow, IpcMain } from 'electron';
import { isOwnPage, registerChannels } from '../../../src-main/electron/ipc';
import { CHANNELS, type Channel } from '../../../src/service/contract';
import type { ChannelHandlers } from '../../../src/service/handler-types';
import { SAMPLE_REQUESTS } from '../../helpers/ipc-requests';

const APP_URL = 'file:///opt/ccm/resources/app/out/renderer/index.html';

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  processId: number;
  routingId: number;
}

type Listener = (event: unknown, raw: unknown) => Promise<unknown>;

/** A handler per channel that answers with what it was given, so a test sees who ran. */
function echoHandlers() {
  const entries = CHANNELS.map((channel) => [
    channel,
    vi.fn(async (request: unknown) => ({ ok: true as const, value: { channel, request } })),
  ]);
  return Object.fromEntries(entries) as Record<
    Channel,
    Mock<(request: unknown) => Promise<unknown>>
  >;
}

function setup(appUrl = APP_URL) {
  const mainFrame: FakeFrame = { url: appUrl, parent: null, processId: 4, routingId: 1 };
  const webContents = { mainFrame };
  const window = { webContents, isDestroyed: () => false } as unknown as BrowserWindow;
  const registered = new Map<string, Listener>();
  const ipcMain = {
    handle: (channel: string, listener: Listener) => {
      if (registered.has(channel)) throw new Error(`${channel} registered twice`);
      registered.set(channel, listener);
    },
  } as unknown as IpcMain;
  let current: BrowserWindow | null = window;
  const handlers = echoHandlers();
  registerChannels(ipcMain, handlers as unknown as ChannelHandlers, () => current, appUrl);
  const handler = handlers['card:status'];
  const call = (event: unknown, raw: unknown) => registered.get('card:status')!(event, raw);
  const fromMain = { sender: webContents, senderFrame: mainFrame };
  return {
    handlers,
    registered,
    handler,
    call,
    fromMain,
    webContents,
    mainFrame,
    closeWindow: () => (current = null),
  };
}

describe('IPC registrar: what is registered', () => {
  it("registers exactly the contract's channels, each once", () => {
    const s = setup();
    expect([...s.registered.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('routes every channel to its own handler with the validated request', async () => {
    const s = setup();
    for (const channel of CHANNELS) {
      const request = SAMPLE_REQUESTS[channel];
      expect(await s.registered.get(channel)!(s.fromMain, request)).toEqual({
        ok: true,
        value: { channel, request },
      });
    }
    for (const channel of CHANNELS) expect(s.handlers[channel]).toHaveBeenCalledOnce();
  });
});

describe('IPC registrar: who may call', () => {
  it('runs the handler for the main frame of our window on our page', async () => {
    const s = setup();
    expect(await s.call(s.fromMain, { reader: 'R' })).toEqual({
      ok: true,
      value: { channel: 'card:status', request: { reader: 'R' } },
    });
    expect(s.handler).toHaveBeenCalledExactlyOnceWith({ reader: 'R' });
  });

  it('refuses a subframe, even one showing our own page', async () => {
    const s = setup();
    const iframe: FakeFrame = { ...s.mainFrame, parent: s.mainFrame, routingId: 2 };
    await expect(
      s.call({ sender: s.webContents, senderFrame: iframe }, { reader: 'R' }),
    ).rejects.toThrow(/refused/);
    expect(s.handler).not.toHaveBeenCalled();
  });

  it('refuses our window once it shows a foreign page', async () => {
    const s = setup();
    const foreign = { ...s.mainFrame, url: 'https://evil.example/index.html' };
    await expect(
      s.call({ sender: s.webContents, senderFrame: foreign }, { reader: 'R' }),
    ).rejects.toThrow();
    const otherFile = { ...s.mainFrame, url: 'file:///tmp/evil/index.html' };
    await expect(
      s.call({ sender: s.webContents, senderFrame: otherFile }, { reader: 'R' }),
    ).rejects.toThrow();
    expect(s.handler).not.toHaveBeenCalled();
  });

  it('refuses other web contents, a missing frame, and calls after the window closed', async () => {
    const s = setup();
    const otherContents = { mainFrame: s.mainFrame };
    await expect(
      s.call({ sender: otherContents, senderFrame: s.mainFrame }, { reader: 'R' }),
    ).rejects.toThrow();
    await expect(
      s.call({ sender: s.webContents, senderFrame: null }, { reader: 'R' }),
    ).rejects.toThrow();
    s.closeWindow();
    await expect(s.call(s.fromMain, { reader: 'R' })).rejects.toThrow();
    expect(s.handler).not.toHaveBeenCalled();
  });

  it('answers a malformed request with an invalid-input result, without calling the handler', async () => {
    const s = setup();
    expect(await s.call(s.fromMain, { reader: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', params: { field: 'reader' } },
    });
    expect(await s.call(s.fromMain, { reader: 'R', pin: '730101' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(s.handler).not.toHaveBeenCalled();
  });
});

describe('own page', () => {
  it('is the built index.html, or the dev server origin in development', () => {
    expect(isOwnPage(`${APP_URL}#/pin`, APP_URL)).toBe(true);
    expect(isOwnPage('file:///opt/ccm/resources/app/out/renderer/other.html', APP_URL)).toBe(false);
    expect(isOwnPage('http://localhost:5173/', 'http://localhost:5173/')).toBe(true);
    expect(isOwnPage('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isOwnPage('about:blank', APP_URL)).toBe(false);
    expect(isOwnPage('not a url', APP_URL)).toBe(false);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { CardSource, ReaderState } from '../../../src/sources/card-source';
import { NoCardError } from '../../../src/core/errors';
import { CHANNELS } from '../../../src/service/contract';
import { createSoftHsm, type SoftHsm } from '../../helpers/softhsm';

type Handler = (...args: unknown[]) => unknown;

const electron = vi.hoisted(() => {
  const state = {
    lock: true,
    appHandlers: new Map<string, Handler>(),
    ipcHandlers: new Map<string, Handler>(),
    windows: [] as Array<Record<string, unknown>>,
    headerHook: null as Handler | null,
    permissionHandler: null as Handler | null,
    quit: (() => undefined) as Handler,
    openExternal: (async () => undefined) as Handler,
    /** The module path of every utility process the app started. */
    utilityForks: [] as string[],
  };
  return state;
});

vi.mock('electron', async () => {
  // The PKCS#11 worker starts as a utility process: an imitation runs the real worker.
  const { fakeUtilityFork } = await import('../../helpers/fake-utility-process');
  class BrowserWindow {
    readonly options: Record<string, unknown>;
    readonly events = new Map<string, Handler>();
    readonly webContents: Record<string, unknown>;
    minimized = false;
    focus = vi.fn();
    restore = vi.fn();
    show = vi.fn();
    loadURL = vi.fn(async () => undefined);
    constructor(options: Record<string, unknown>) {
      this.options = options;
      const mainFrame = { url: '', parent: null, processId: 7, routingId: 1 };
      this.webContents = { mainFrame, send: vi.fn() };
      electron.windows.push(this as unknown as Record<string, unknown>);
    }
    once(name: string, h: Handler) {
      this.events.set(name, h);
    }
    on(name: string, h: Handler) {
      this.events.set(name, h);
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return this.minimized;
    }
    static getAllWindows() {
      return electron.windows;
    }
  }
  return {
    app: {
      requestSingleInstanceLock: () => electron.lock,
      quit: (...a: unknown[]) => electron.quit(...a),
      exit: vi.fn(),
      on: (name: string, h: Handler) => electron.appHandlers.set(name, h),
      whenReady: () => Promise.resolve(),
      getName: () => 'Citizen Card Manager',
      getVersion: () => '0.1.0',
    },
    BrowserWindow,
    dialog: { showSaveDialog: vi.fn(async () => ({ canceled: true })) },
    ipcMain: { handle: (channel: string, h: Handler) => electron.ipcHandlers.set(channel, h) },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (h: Handler) => (electron.headerHook = h) },
        setPermissionRequestHandler: (h: Handler) => (electron.permissionHandler = h),
        setPermissionCheckHandler: () => undefined,
      },
    },
    shell: { openExternal: (...a: unknown[]) => electron.openExternal(...a) },
    // Reminders are tested with notifications of their own (reminders.test.ts).
    Notification: { isSupported: () => false },
    utilityProcess: {
      fork: (...args: Parameters<typeof fakeUtilityFork>) => {
        electron.utilityForks.push(args[0]);
        return fakeUtilityFork(...args);
      },
    },
  };
});

const APP_URL = 'file:///opt/ccm/out/renderer/index.html';
const paths = { preload: '/opt/ccm/out/preload/preload.cjs', appUrl: APP_URL };

function fakeSource(kind: 'pcsc' | 'virtual', readers: ReaderState[]) {
  const emitter = new EventEmitter();
  return Object.assign(emitter, {
    kind,
    readers: () => readers,
    withCard: vi.fn(),
    close: vi.fn(async () => undefined),
  }) as unknown as CardSource & EventEmitter;
}

const READER: ReaderState = {
  name: 'R',
  cardPresent: false,
  atr: null,
  mute: false,
  identity: null,
};

async function load() {
  return import('../../../src-main/electron/app');
}

async function started() {
  await vi.waitUntil(() => electron.windows.length > 0);
  const window = electron.windows[0] as unknown as {
    options: { webPreferences: Record<string, unknown> };
    webContents: { mainFrame: { url: string }; send: ReturnType<typeof vi.fn> };
    loadURL: ReturnType<typeof vi.fn>;
    focus: ReturnType<typeof vi.fn>;
    restore: ReturnType<typeof vi.fn>;
    minimized: boolean;
  };
  await vi.waitUntil(() => window.loadURL.mock.calls.length > 0);
  window.webContents.mainFrame.url = APP_URL;
  return window;
}

function invoke(window: Awaited<ReturnType<typeof started>>, channel: string, request?: unknown) {
  const event = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
  return electron.ipcHandlers.get(channel)!(event, request);
}

beforeEach(() => {
  vi.resetModules();
  electron.lock = true;
  electron.appHandlers.clear();
  electron.ipcHandlers.clear();
  electron.windows.length = 0;
  electron.headerHook = null;
  electron.permissionHandler = null;
  electron.quit = vi.fn();
  electron.openExternal = vi.fn(async () => undefined);
});

describe('Electron main process', () => {
  it('quits at once when another instance holds the lock, creating nothing', async () => {
    electron.lock = false;
    const { runApp } = await load();
    const pcsc = vi.fn();
    expect(runApp({ argv: [], paths, sources: { pcsc, demo: vi.fn() } })).toBe(false);
    expect(electron.quit).toHaveBeenCalledOnce();
    await new Promise((r) => setTimeout(r, 10));
    expect(electron.windows).toHaveLength(0);
    expect(electron.ipcHandlers.size).toBe(0);
    expect(pcsc).not.toHaveBeenCalled();
  });

  it('brings the existing window forward when a second instance starts', async () => {
    const { runApp } = await load();
    const pcsc = fakeSource('pcsc', [READER]);
    runApp({ argv: [], paths, sources: { pcsc: async () => pcsc, demo: vi.fn() } });
    const window = await started();
    window.minimized = true;
    electron.appHandlers.get('second-instance')!();
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
    expect(electron.windows).toHaveLength(1);
  });

  it('opens one isolated window on our page, with CSP, denied permissions and every channel', async () => {
    const { runApp } = await load();
    const pcsc = fakeSource('pcsc', [READER]);
    runApp({ argv: [], paths, sources: { pcsc: async () => pcsc, demo: vi.fn() } });
    const window = await started();
    expect(window.options.webPreferences).toMatchObject({
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(window.loadURL).toHaveBeenCalledExactlyOnceWith(APP_URL);
    expect(electron.headerHook).toBeTypeOf('function');
    let granted: boolean | undefined;
    electron.permissionHandler!({}, 'media', (ok: boolean) => (granted = ok), {});
    expect(granted).toBe(false);
    expect([...electron.ipcHandlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(await invoke(window, 'app:info')).toEqual({
      ok: true,
      value: expect.objectContaining({ runtime: 'electron', demoScenario: null }),
    });
    expect(await invoke(window, 'card:readers')).toEqual({ ok: true, value: [READER] });
  });

  it('never falls back to the demo card: without PC/SC it says so, and switches only when asked', async () => {
    const { runApp } = await load();
    const down = Object.assign(fakeSource('pcsc', []), { status: 'down' });
    const demo = fakeSource('virtual', [{ ...READER, name: 'Demo card 示範卡 (virtual)' }]);
    const demoFactory = vi.fn(async () => demo);
    runApp({ argv: [], paths, sources: { pcsc: async () => down, demo: demoFactory } });
    const window = await started();
    expect(demoFactory).not.toHaveBeenCalled();
    expect(await invoke(window, 'app:info')).toMatchObject({ value: { demoScenario: null } });
    expect(await invoke(window, 'card:readers')).toMatchObject({
      ok: false,
      error: { code: 'pcsc-unavailable' },
    });
    // The "try the demo card" button.
    expect(await invoke(window, 'app:switch-source', { demo: 'fresh' })).toMatchObject({
      ok: true,
      value: { demoScenario: 'fresh' },
    });
    expect(demoFactory).toHaveBeenCalledExactlyOnceWith('fresh');
    // Set aside, not closed: the way back to real cards reuses it.
    expect(down.close).not.toHaveBeenCalled();
    expect(window.webContents.send).toHaveBeenCalledWith('source-changed', {
      demoScenario: 'fresh',
    });
  });

  it('runs the scenario given with --demo', async () => {
    const { runApp } = await load();
    const demo = fakeSource('virtual', [READER]);
    const pcsc = vi.fn();
    runApp({
      argv: ['electron', '.', '--demo', 'expiring'],
      paths,
      sources: { pcsc, demo: async () => demo },
    });
    const window = await started();
    expect(pcsc).not.toHaveBeenCalled();
    expect(await invoke(window, 'app:info')).toMatchObject({
      value: { demoScenario: 'expiring' },
    });
  });

  it('pushes card events to every window', async () => {
    const { runApp } = await load();
    const pcsc = fakeSource('pcsc', [READER]);
    runApp({ argv: [], paths, sources: { pcsc: async () => pcsc, demo: vi.fn() } });
    const window = await started();
    // A second window (such as one a later version opens) hears the same card.
    const { BrowserWindow } = await import('electron');
    const second = new BrowserWindow({}) as unknown as typeof window;
    pcsc.emit('card-removed', { reader: 'R' });
    for (const each of [window, second]) {
      expect(each.webContents.send).toHaveBeenCalledWith('card-removed', { reader: 'R' });
      expect(each.webContents.send).toHaveBeenCalledWith('readers-changed', [READER]);
    }
  });

  it('hardens every web contents: no navigation, links only to MOICA through the shell', async () => {
    const { runApp } = await load();
    const pcsc = fakeSource('pcsc', [READER]);
    runApp({ argv: [], paths, sources: { pcsc: async () => pcsc, demo: vi.fn() } });
    const window = await started();
    const events = new Map<string, Handler>();
    let openHandler: Handler | undefined;
    electron.appHandlers.get('web-contents-created')!(
      {},
      {
        on: (name: string, h: Handler) => events.set(name, h),
        setWindowOpenHandler: (h: Handler) => (openHandler = h),
      },
    );
    const navigation = { preventDefault: vi.fn() };
    events.get('will-navigate')!(navigation, 'https://evil.example/');
    expect(navigation.preventDefault).toHaveBeenCalled();
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'https://moica.nat.gov.tw/' })).toEqual({ action: 'deny' });
    expect(electron.openExternal).toHaveBeenCalledExactlyOnceWith('https://moica.nat.gov.tw/');
    expect(
      await invoke(window, 'shell:open-external', {
        url: 'https://moica.nat.gov.tw.evil.example/',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(electron.openExternal).toHaveBeenCalledTimes(1);
  });

  it('refuses IPC from a frame that is not our page', async () => {
    const { runApp } = await load();
    const pcsc = fakeSource('pcsc', [READER]);
    runApp({ argv: [], paths, sources: { pcsc: async () => pcsc, demo: vi.fn() } });
    const window = await started();
    window.webContents.mainFrame.url = 'https://evil.example/';
    await expect(Promise.resolve(invoke(window, 'card:readers'))).rejects.toThrow(/refused/);
  });
});

describe('Electron main process: a MOICA card through the vendor PKCS#11 module', () => {
  // moica-gen1 (card-profile.md §2): a vendor card, never sent a PIN APDU by the app.
  const MOICA_ATR = '3BB813008131FA524348544D4F494341A5';
  const WORKER = fileURLToPath(
    new URL('./fixtures/pkcs11-worker-from-source.mjs', import.meta.url),
  );
  let hsm: SoftHsm | null = null;

  afterEach(() => {
    hsm?.cleanup();
    hsm = null;
    electron.utilityForks.length = 0;
  });

  /** A vendor card whose card number cannot be read, so the slot is matched by reader name. */
  function moicaSource(name: string) {
    const source = fakeSource('pcsc', [
      { name, cardPresent: true, atr: MOICA_ATR, mute: false, identity: null },
    ]);
    source.withCard = vi.fn(async () => {
      throw new NoCardError(name);
    }) as CardSource['withCard'];
    return source;
  }

  /**
   * A token whose slot a reader can be named after. SoftHSM2 names slots "SoftHSM slot ID
   * 0x…" and keeps a free one, "…0x1"; the app accepts a slot description cut short of the
   * reader's name, so a token drawn as "…0x1…" would be ambiguous: draw it again then.
   */
  function pairableToken(softHsm: SoftHsm, label: string, pin: string): string {
    for (let attempt = 0; attempt < 20; attempt++) {
      softHsm.initToken(label, pin);
      const out = execFileSync('softhsm2-util', ['--show-slots'], {
        env: softHsm.env,
        encoding: 'utf8',
      });
      const slots = out.split(/^Slot /m).map((block) => ({
        label: /^\s*Label:\s*(.*?)\s*$/m.exec(block)?.[1],
        description: /^\s*Description:\s*(.*?)\s*$/m.exec(block)?.[1] ?? '',
      }));
      const mine = slots.find((slot) => slot.label === label);
      if (!mine) throw new Error(`no SoftHSM2 slot labelled ${label}`);
      const others = slots.filter((slot) => slot !== mine && slot.description);
      if (!others.some((slot) => mine.description.startsWith(slot.description))) {
        return mine.description;
      }
      execFileSync('softhsm2-util', ['--delete-token', '--token', label], {
        env: softHsm.env,
        stdio: 'ignore',
      });
    }
    throw new Error('SoftHSM2 kept drawing ambiguous slot names');
  }

  it('reports a CITIZEN_CARD_PKCS11_MODULE that does not exist, and a worker file that is missing', async () => {
    const { runApp } = await load();
    const name = 'ACS ACR39U 00 00';
    runApp({
      argv: [],
      paths: { ...paths, pkcs11Worker: '/opt/ccm/out/main/no-such-worker.js' },
      sources: { pcsc: async () => moicaSource(name), demo: vi.fn() },
      env: { CITIZEN_CARD_PKCS11_MODULE: '/opt/HiCOS/missing/libHicos_p11v1.so' },
    });
    const window = await started();
    const request = { reader: name, pin: '730101', confirmLastTry: false };
    expect(await invoke(window, 'pin:verify', request)).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-input',
        messageKey: 'pkcs11.moduleNotFoundAt',
        params: { path: '/opt/HiCOS/missing/libHicos_p11v1.so' },
      },
    });
    electron.appHandlers.get('will-quit')!();

    // The module is there but the worker is not: said so, instead of forking the app itself.
    electron.windows.length = 0;
    vi.resetModules();
    const again = await load();
    again.runApp({
      argv: [],
      paths: { ...paths, pkcs11Worker: '/opt/ccm/out/main/no-such-worker.js' },
      sources: { pcsc: async () => moicaSource(name), demo: vi.fn() },
      env: { CITIZEN_CARD_PKCS11_MODULE: process.execPath },
    });
    const second = await started();
    expect(await invoke(second, 'pin:verify', request)).toMatchObject({
      ok: false,
      error: { code: 'pkcs11-module', messageKey: 'pkcs11.error.workerMissing' },
    });
    electron.appHandlers.get('will-quit')!();
  });

  it('verifies the PIN through the module CITIZEN_CARD_PKCS11_MODULE names, in a utility process', async () => {
    hsm = createSoftHsm();
    const name = pairableToken(hsm, 'TP03000012345678', '730101');
    const { runApp } = await load();
    runApp({
      argv: [],
      paths: { ...paths, pkcs11Worker: WORKER },
      sources: { pcsc: async () => moicaSource(name), demo: vi.fn() },
      env: { ...hsm.env, CITIZEN_CARD_PKCS11_MODULE: hsm.module },
    });
    const window = await started();
    const verify = (pin: string) =>
      invoke(window, 'pin:verify', { reader: name, pin, confirmLastTry: false });

    expect(await verify('111111')).toMatchObject({
      ok: false,
      error: { code: 'wrong-secret', messageKey: 'error.wrongPinNoCount' },
    });
    expect(await verify('730101')).toEqual({
      ok: true,
      value: {
        pin: { triesLeft: null, maxTries: null, blocked: false, lastTry: false, source: 'pkcs11' },
        userCode: null,
      },
    });
    // Unblocking a MOICA card stays MOICA's online procedure, module or not.
    expect(
      await invoke(window, 'pin:unblock', {
        reader: name,
        userCode: '12345678',
        newPin: '654321',
        confirmLastTry: false,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'refused', messageKey: 'refused.unblock-not-offered' },
    });
    // The worker ran as Electron utility processes (no child_process.fork of the app binary,
    // which would need the runAsNode fuse), one per PIN operation.
    expect(electron.utilityForks).toEqual([WORKER, WORKER]);
    electron.appHandlers.get('will-quit')!();
  }, 60_000);
});

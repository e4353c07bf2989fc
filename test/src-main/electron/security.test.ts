import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { hardenContents, hardenSession, windowOptions } from '../../../src-main/electron/security';

const EXPECTED_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; " +
  "form-action 'none'";

function fakeSession() {
  let onHeaders: ((details: unknown, cb: (r: unknown) => void) => void) | undefined;
  let onRequest: ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void) | undefined;
  let onCheck: ((...args: unknown[]) => boolean) | undefined;
  const session = {
    webRequest: { onHeadersReceived: (l: typeof onHeaders) => (onHeaders = l) },
    setPermissionRequestHandler: (h: typeof onRequest) => (onRequest = h),
    setPermissionCheckHandler: (h: typeof onCheck) => (onCheck = h),
  };
  return {
    session: session as unknown as Session,
    headersFor(responseHeaders: Record<string, string[]>) {
      let out: { responseHeaders: Record<string, string[]> } | undefined;
      onHeaders!({ url: 'file:///x', responseHeaders }, (r) => (out = r as typeof out));
      return out!.responseHeaders;
    },
    request(permission: string) {
      let granted: boolean | undefined;
      onRequest!({}, permission, (ok) => (granted = ok));
      return granted;
    },
    check: (permission: string) => onCheck!({}, permission, 'file://', {}),
  };
}

function fakeContents() {
  const handlers = new Map<string, (event: { preventDefault(): void }, ...a: unknown[]) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (name: string, h: (event: { preventDefault(): void }) => void) => handlers.set(name, h),
    setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
  };
  return {
    contents: contents as unknown as WebContents,
    fire(name: string, url: string) {
      const event = { preventDefault: vi.fn() };
      handlers.get(name)?.(event, url);
      return event.preventDefault.mock.calls.length > 0;
    },
    open: (url: string) => openHandler!({ url }),
  };
}

describe('window options', () => {
  it('isolate the page: context isolation, sandbox, no Node, web security on', () => {
    const prefs = windowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });
  });
});

describe('session hardening', () => {
  it('sets the strict CSP on every response, replacing any other', () => {
    const s = fakeSession();
    hardenSession(s.session);
    const headers = s.headersFor({
      'content-security-policy': ["default-src *; script-src 'unsafe-eval'"],
      'Content-Type': ['text/html'],
    });
    expect(headers['Content-Security-Policy']).toEqual([EXPECTED_CSP]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['Content-Type']).toEqual(['text/html']);
  });

  it('denies every permission request and check', () => {
    const s = fakeSession();
    hardenSession(s.session);
    for (const p of [
      'media',
      'notifications',
      'geolocation',
      'hid',
      'smart-card',
      'openExternal',
    ]) {
      expect(s.request(p), p).toBe(false);
      expect(s.check(p), p).toBe(false);
    }
  });
});

describe('navigation and new windows', () => {
  it('prevents every navigation, redirect and webview', () => {
    const c = fakeContents();
    hardenContents(c.contents, vi.fn());
    expect(c.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(c.fire('will-navigate', 'https://moica.nat.gov.tw/')).toBe(true);
    expect(c.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(c.fire('will-attach-webview', 'https://evil.example/')).toBe(true);
  });

  it('opens no window; only allow-listed links go to the system browser', async () => {
    const openExternal = vi.fn(async () => undefined);
    const c = fakeContents();
    hardenContents(c.contents, openExternal);
    expect(c.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(c.open('https://moica.nat.gov.tw.evil.example/')).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
    expect(c.open('https://moica.nat.gov.tw/rac_plus.html')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://moica.nat.gov.tw/rac_plus.html');
  });
});

/**
 * Electron hardening that does not depend on the window: the session's CSP header and
 * permission handlers, and the navigation rules every web contents gets. Kept apart from
 * main.ts so each rule can be tested against a mocked `electron`.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { allowedExternalUrl } from '../../src/service/external-url';
import { contentSecurityPolicy } from '../csp';

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: '自然人憑證卡片管家 Citizen Card Manager',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** CSP on every response, and no permission (camera, notifications, USB...) for anyone. */
export function hardenSession(session: Session): void {
  const csp = contentSecurityPolicy();
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    // Drop any CSP the response brought (the dev server's) so ours is the one in force.
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * The page never navigates and never opens windows. A link to an allow-listed MOICA page
 * is handed to the system browser; anything else is dropped.
 */
export function hardenContents(
  contents: WebContents,
  openExternal: (url: string) => Promise<void>,
): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const allowed = allowedExternalUrl(url);
    if (allowed) void openExternal(allowed).catch(() => undefined);
    return { action: 'deny' };
  });
}

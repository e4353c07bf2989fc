/**
 * The one way main registers its IPC handlers. Every channel gets the same two gates before
 * its handler runs: the sender must be the main frame of our window showing our own page,
 * and the request must pass the channel's validator.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type Channel, type RequestOf } from '../../src/service/contract';
import type { ChannelHandlers } from '../../src/service/handler-types';
import { toIpcError } from '../../src/service/result';
import { validateRequest } from '../../src/service/validate';

/** Our page: the built index.html (file://) or, in development, the dev server's origin. */
export function isOwnPage(frameUrl: string, appUrl: string): boolean {
  let frame: URL;
  let own: URL;
  try {
    frame = new URL(frameUrl);
    own = new URL(appUrl);
  } catch {
    return false;
  }
  if (own.protocol === 'file:') {
    return frame.protocol === 'file:' && frame.host === own.host && frame.pathname === own.pathname;
  }
  return frame.origin === own.origin;
}

export function isTrustedSender(
  event: IpcMainInvokeEvent,
  window: BrowserWindow | null,
  appUrl: string,
): boolean {
  const frame = event.senderFrame;
  if (!frame || !window || window.isDestroyed()) return false;
  const main = window.webContents.mainFrame;
  return (
    event.sender === window.webContents &&
    frame.parent === null &&
    frame.processId === main.processId &&
    frame.routingId === main.routingId &&
    isOwnPage(frame.url, appUrl)
  );
}

export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`IPC on ${channel} from a frame that is not the app's own page was refused`);
    this.name = 'UntrustedSenderError';
  }
}

/**
 * Registers every channel of the contract, each with its handler from the complete
 * `ChannelHandlers` map, behind both gates. `getWindow` is read on every call: the window can
 * be recreated (macOS re-activate), and a message from a window that is not the current one
 * is refused.
 */
export function registerChannels(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: ChannelHandlers,
  getWindow: () => BrowserWindow | null,
  appUrl: string,
): void {
  const register = <C extends Channel>(channel: C) => {
    const handler: ChannelHandlers[C] = handlers[channel];
    ipcMain.handle(channel, async (event, raw: unknown) => {
      if (!isTrustedSender(event, getWindow(), appUrl)) throw new UntrustedSenderError(channel);
      let request: RequestOf<C>;
      try {
        request = validateRequest(channel, raw);
      } catch (err) {
        return { ok: false, error: toIpcError(err) };
      }
      return handler(request);
    });
  };
  for (const channel of CHANNELS) register(channel);
}

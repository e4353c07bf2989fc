/**
 * Builds `window.cardApi` for the preload: one named function per channel of the contract,
 * and `on` for the whitelisted events only. There is deliberately no generic `invoke`: the
 * page can reach exactly these channels with exactly these argument shapes.
 */
import type { IpcRenderer } from 'electron';
import {
  API_METHODS,
  EVENTS,
  type CardApi,
  type EventName,
  type IpcEvents,
} from '../../src/service/contract';

type Ipc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function buildCardApi(ipc: Ipc): CardApi {
  const m = API_METHODS;
  return {
    info: () => ipc.invoke(m.info),
    readers: () => ipc.invoke(m.readers),
    status: (reader) => ipc.invoke(m.status, { reader }),
    advise: (request) => ipc.invoke(m.advise, request),
    revocation: (reader) => ipc.invoke(m.revocation, { reader }),
    verifyPin: (request) => ipc.invoke(m.verifyPin, request),
    changePin: (request) => ipc.invoke(m.changePin, request),
    unblockPin: (request) => ipc.invoke(m.unblockPin, request),
    exportCertificate: (request) => ipc.invoke(m.exportCertificate, request),
    openExternal: (url) => ipc.invoke(m.openExternal, { url }),
    diagnose: (request) => ipc.invoke(m.diagnose, request),
    on<E extends EventName>(event: E, listener: (payload: IpcEvents[E]) => void) {
      if (!EVENTS.includes(event)) throw new Error(`Unknown event: ${String(event)}`);
      // The IpcRendererEvent (and its `sender`) never reaches the page: only the payload.
      const forward = (_event: unknown, payload: IpcEvents[E]) => listener(payload);
      ipc.on(event, forward);
      return () => {
        ipc.removeListener(event, forward);
      };
    },
  };
}

/**
 * Builds `window.cardApi` for the preload: one named function per channel of the contract,
 * and `on` for the whitelisted events only. There is deliberately no generic `invoke`: the
 * page can reach exactly these channels with exactly these argument shapes. The functions
 * come from iterating the contract, so a new channel needs no edit here.
 */
import type { IpcRenderer } from 'electron';
import {
  buildApiMethods,
  EVENTS,
  type CardApi,
  type EventName,
  type IpcEvents,
} from '../../src/service/contract';

type Ipc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function buildCardApi(ipc: Ipc): CardApi {
  return {
    // A channel without a request sends nothing main would have to look at.
    ...buildApiMethods((channel, request) =>
      request === undefined ? ipc.invoke(channel) : ipc.invoke(channel, request),
    ),
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

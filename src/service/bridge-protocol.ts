/**
 * The browser host's wire format: the IPC contract carried as JSON over one WebSocket.
 * The page sends requests, the host answers each by id and pushes events unasked.
 */
import type { Channel, EventName, IpcEvents, IpcResult, RequestOf } from './contract';

export const BRIDGE_PATH = '/bridge';
/** Query parameter holding the host's one-time token, in the page URL and the socket URL. */
export const TOKEN_PARAM = 'token';

export interface BridgeRequest<C extends Channel = Channel> {
  id: number;
  channel: C;
  request: RequestOf<C>;
}

export interface BridgeResponse {
  id: number;
  result: IpcResult<unknown>;
}

export interface BridgeEvent<E extends EventName = EventName> {
  event: E;
  payload: IpcEvents[E];
}

export type BridgeMessage = BridgeResponse | BridgeEvent;

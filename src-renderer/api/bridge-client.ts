/**
 * `CardApi` for a page served by the browser host: the same named functions as the Electron
 * preload, carried over the host's WebSocket. The token comes from the page's own URL.
 * Calls never reject: a lost connection becomes an IpcResult error the UI can show.
 */
import {
  EVENTS,
  type CardApi,
  type Channel,
  type EventName,
  type IpcEvents,
  type IpcResult,
  type RequestOf,
  type ResponseOf,
} from '../../src/service/contract';
import {
  BRIDGE_PATH,
  TOKEN_PARAM,
  type BridgeMessage,
  type BridgeRequest,
} from '../../src/service/bridge-protocol';

type PageLocation = Pick<Location, 'protocol' | 'host' | 'search'>;

/** The subset of the DOM WebSocket this client uses (the `ws` package has it too). */
interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
type SocketFactory = new (url: string) => SocketLike;

const OPEN = 1;

function disconnected<T>(): IpcResult<T> {
  return { ok: false, error: { code: 'internal', messageKey: 'host.disconnected', params: {} } };
}

export function bridgeUrl(location: PageLocation): string {
  const token = new URLSearchParams(location.search).get(TOKEN_PARAM) ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${BRIDGE_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

export function createBridgeApi(
  location: PageLocation,
  Socket: SocketFactory = WebSocket as unknown as SocketFactory,
): CardApi {
  const socket = new Socket(bridgeUrl(location));
  let closed = false;
  let nextId = 1;
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  const queued: string[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  socket.addEventListener('open', () => {
    for (const text of queued.splice(0)) socket.send(text);
  });
  socket.addEventListener('message', ({ data }) => {
    let message: BridgeMessage;
    try {
      message = JSON.parse(String(data)) as BridgeMessage;
    } catch {
      return;
    }
    if ('event' in message) {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
    } else {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    }
  });
  const fail = () => {
    closed = true;
    queued.length = 0;
    for (const resolve of pending.values()) resolve(disconnected());
    pending.clear();
  };
  socket.addEventListener('close', fail);
  socket.addEventListener('error', fail);

  function call<C extends Channel>(
    channel: C,
    request: RequestOf<C>,
  ): Promise<IpcResult<ResponseOf<C>>> {
    if (closed) return Promise.resolve(disconnected());
    const id = nextId++;
    const message: BridgeRequest<C> = { id, channel, request };
    return new Promise((resolve) => {
      pending.set(id, resolve as (result: IpcResult<unknown>) => void);
      const text = JSON.stringify(message);
      if (socket.readyState === OPEN) socket.send(text);
      else queued.push(text);
    });
  }

  return {
    info: () => call('app:info', undefined),
    readers: () => call('card:readers', undefined),
    status: (reader) => call('card:status', { reader }),
    advise: (request) => call('card:advise', request),
    revocation: (reader) => call('card:revocation', { reader }),
    verifyPin: (request) => call('pin:verify', request),
    changePin: (request) => call('pin:change', request),
    unblockPin: (request) => call('pin:unblock', request),
    exportCertificate: (request) => call('cert:export', request),
    openExternal: (url) => call('shell:open-external', { url }),
    diagnose: (request) => call('diagnose:run', request),
    on<E extends EventName>(event: E, listener: (payload: IpcEvents[E]) => void) {
      if (!EVENTS.includes(event)) throw new Error(`Unknown event: ${String(event)}`);
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
  };
}

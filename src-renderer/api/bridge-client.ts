/**
 * `CardApi` for a page served by the browser host: the same named functions as the Electron
 * preload (both built from the contract), carried over the host's WebSocket. The token comes
 * from the page's own URL. Calls never reject: a lost connection becomes an IpcResult error
 * the UI can show.
 *
 * When the socket closes (the host stopped, the machine slept) the page is told at once
 * and the client keeps reconnecting with the same token; once the host answers again the
 * page is told that too and picks up where it was (docs/app.md "Browser host").
 */
import {
  buildApiMethods,
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
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
type SocketFactory = new (url: string) => SocketLike;

const OPEN = 1;

/** Waits between reconnection attempts: quick at first, then every two seconds. */
export const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000] as const;

function disconnected<T>(): IpcResult<T> {
  return { ok: false, error: { code: 'internal', messageKey: 'host.disconnected', params: {} } };
}

export function bridgeUrl(location: PageLocation): string {
  const token = new URLSearchParams(location.search).get(TOKEN_PARAM) ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${BRIDGE_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

/** Whether the page reaches the host: 'connecting' only until the first socket opens. */
export type BridgeStatus = 'connecting' | 'connected' | 'disconnected';

export interface BridgeConnection {
  readonly api: CardApi;
  readonly status: BridgeStatus;
  /** Told of every change after this call; returns the unsubscribe. */
  onStatus(listener: (status: BridgeStatus) => void): () => void;
  /** Stop reconnecting and close the socket (tests). */
  close(): void;
}

export interface BridgeOptions {
  Socket?: SocketFactory;
  delaysMs?: readonly number[];
  setTimer?: (run: () => void, ms: number) => unknown;
}

export function connectBridge(
  location: PageLocation,
  options: BridgeOptions = {},
): BridgeConnection {
  const Socket = options.Socket ?? (WebSocket as unknown as SocketFactory);
  const delays = options.delaysMs ?? RECONNECT_DELAYS_MS;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const url = bridgeUrl(location);
  let status: BridgeStatus = 'connecting';
  let socket: SocketLike;
  let attempt = 0;
  let stopped = false;
  let nextId = 1;
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  // Calls made before the first socket opened; later ones fail fast while disconnected.
  const queued: string[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: BridgeStatus) => void>();

  const setStatus = (next: BridgeStatus) => {
    if (next === status) return;
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  };

  function open(): void {
    const current = new Socket(url);
    socket = current;
    let ended = false;
    current.addEventListener('open', () => {
      if (current !== socket) return;
      attempt = 0;
      for (const text of queued.splice(0)) current.send(text);
      setStatus('connected');
    });
    current.addEventListener('message', ({ data }) => {
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
    // 'error' and 'close' both come for one failure; the first one counts.
    const end = () => {
      if (ended || current !== socket) return;
      ended = true;
      queued.length = 0;
      for (const resolve of pending.values()) resolve(disconnected());
      pending.clear();
      setStatus('disconnected');
      if (stopped) return;
      const delay = delays[Math.min(attempt, delays.length - 1)] ?? 2000;
      attempt++;
      setTimer(() => {
        if (!stopped) open();
      }, delay);
    };
    current.addEventListener('close', end);
    current.addEventListener('error', end);
  }

  function call<C extends Channel>(
    channel: C,
    request: RequestOf<C>,
  ): Promise<IpcResult<ResponseOf<C>>> {
    if (status === 'disconnected' || stopped) return Promise.resolve(disconnected());
    const id = nextId++;
    const message: BridgeRequest<C> = { id, channel, request };
    return new Promise((resolve) => {
      pending.set(id, resolve as (result: IpcResult<unknown>) => void);
      const text = JSON.stringify(message);
      if (socket.readyState === OPEN) socket.send(text);
      else queued.push(text);
    });
  }

  const api: CardApi = {
    ...buildApiMethods(call),
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

  open();
  return {
    api,
    get status() {
      return status;
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    close() {
      stopped = true;
      socket.close();
    },
  };
}

/** The CardApi alone, for callers that do not follow the connection. */
export function createBridgeApi(location: PageLocation, Socket?: SocketFactory): CardApi {
  return connectBridge(location, { Socket }).api;
}

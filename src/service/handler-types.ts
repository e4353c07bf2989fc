import type { Channel, EventName, IpcEvents, IpcResult, RequestOf, ResponseOf } from './contract';

/**
 * One handler per channel, taking an already validated request; none of them rejects.
 * Complete by type: a channel of the contract without a handler fails the build.
 */
export type ChannelHandlers = {
  [C in Channel]: (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>;
};

export type BackendEventListener = <E extends EventName>(event: E, payload: IpcEvents[E]) => void;

export interface CardBackend {
  readonly handlers: ChannelHandlers;
  /** For transports without their own checks (the browser host): validate, then handle. */
  invoke(channel: string, raw: unknown): Promise<IpcResult<unknown>>;
  /** CardSource events, translated to the contract's events. Returns the unsubscribe. */
  subscribe(listener: BackendEventListener): () => void;
  /** Stops listening to the source (the source itself belongs to the caller). */
  close(): void;
}

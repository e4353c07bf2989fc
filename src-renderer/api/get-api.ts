import type { CardApi } from '../../src/service/contract';
import { connectBridge, type BridgeConnection } from './bridge-client';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a plain browser. */
    cardApi?: CardApi;
  }
}

let api: CardApi | undefined;
let bridge: BridgeConnection | null = null;

/**
 * The renderer's only way to the card: the preload's `window.cardApi` inside Electron, or
 * the same contract over the browser host's local bridge when the page runs in a browser.
 */
export function getCardApi(): CardApi {
  if (!api) {
    if (window.cardApi) api = window.cardApi;
    else {
      bridge = connectBridge(window.location);
      api = bridge.api;
    }
  }
  return api;
}

/** The browser bridge, whose connection the page follows; null inside Electron. */
export function getBridgeConnection(): BridgeConnection | null {
  getCardApi();
  return bridge;
}

/** Tests and the demo harness inject their own implementation. */
export function setCardApi(next: CardApi): void {
  api = next;
}

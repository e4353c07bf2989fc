import type { CardApi } from '../../src/service/contract';
import { createBridgeApi } from './bridge-client';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a plain browser. */
    cardApi?: CardApi;
  }
}

let api: CardApi | undefined;

/**
 * The renderer's only way to the card: the preload's `window.cardApi` inside Electron, or
 * the same contract over the browser host's local bridge when the page runs in a browser.
 */
export function getCardApi(): CardApi {
  api ??= window.cardApi ?? createBridgeApi(window.location);
  return api;
}

/** Tests and the demo harness inject their own implementation. */
export function setCardApi(next: CardApi): void {
  api = next;
}

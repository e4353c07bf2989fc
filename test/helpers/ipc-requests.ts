/**
 * One well-formed request per channel, typed as a complete map: a new channel in the
 * contract fails the typecheck here until it has one, so the tests that walk every channel
 * (preload, browser bridge, Electron registrar) cover it too.
 */
import {
  API_METHODS,
  CONTRACT,
  type ApiMethod,
  type CardApi,
  type Channel,
  type RequestOf,
} from '../../src/service/contract';

export const SAMPLE_REQUESTS: { [C in Channel]: RequestOf<C> } = {
  'app:info': undefined,
  'card:readers': undefined,
  'card:status': { reader: 'Reader A' },
  'card:advise': { reader: 'Reader A', extended: true },
  'card:revocation': { reader: 'Reader A' },
  'pin:verify': { reader: 'Reader A', confirmLastTry: false, pin: '730101' },
  'pin:change': { reader: 'Reader A', confirmLastTry: true, oldPin: '730101', newPin: 'Ab12cd' },
  'pin:unblock': {
    reader: 'Reader A',
    confirmLastTry: false,
    userCode: '12345678',
    newPin: '1a2b3c',
  },
  'cert:export': { reader: 'Reader A', id: 'SIGN', format: 'der' },
  'shell:open-external': { url: 'https://moica.nat.gov.tw/' },
  'diagnose:run': { lang: 'en', unmask: false, trace: true },
  'settings:get': undefined,
  'settings:set': { rememberCards: true },
  'pin:selftest': { reader: 'Reader A', confirmLastTry: false, pin: '730101' },
  'cards:list': undefined,
  'cards:reveal': { id: '11111111-1111-4111-8111-111111111111' },
  'cards:forget': { all: true },
  'cards:calendar': { lang: 'zh-TW' },
  'app:switch-source': { demo: 'one-try-left' },
};

/** The contract's CardApi method names. */
export const CONTRACT_METHODS = Object.keys(API_METHODS) as ApiMethod[];

/** Calls `channel`'s CardApi method with its sample request (or nothing, if it takes none). */
export function callWithSample(api: CardApi, channel: Channel): Promise<unknown> {
  const method = api[CONTRACT[channel].method] as (request?: unknown) => Promise<unknown>;
  const request = SAMPLE_REQUESTS[channel];
  return request === undefined ? method() : method(request);
}

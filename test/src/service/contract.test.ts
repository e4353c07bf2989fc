import { describe, expect, it } from 'vitest';
import {
  API_METHODS,
  CHANNELS,
  CONTRACT,
  EVENTS,
  buildApiMethods,
  type CardApi,
  type Channel,
} from '../../../src/service/contract';
import { SAMPLE_REQUESTS, callWithSample } from '../../helpers/ipc-requests';

describe('the IPC contract at run time', () => {
  it('lists each declared channel once, and maps each method to its own channel and back', () => {
    expect(CHANNELS).toEqual(Object.keys(CONTRACT));
    expect(new Set(CHANNELS).size).toBe(CHANNELS.length);
    expect(Object.keys(API_METHODS)).toHaveLength(CHANNELS.length);
    for (const channel of CHANNELS) {
      expect(API_METHODS[CONTRACT[channel].method]).toBe(channel);
    }
    expect(API_METHODS.status).toBe('card:status');
    expect(API_METHODS.verifyPin).toBe('pin:verify');
  });

  it('lists the pushed events the renderer listens to', () => {
    expect([...EVENTS].sort()).toEqual(
      [
        'card-inserted',
        'card-removed',
        'card-status',
        'pcsc-status',
        'pin-state',
        'readers-changed',
        'settings-changed',
        'source-changed',
      ].sort(),
    );
  });

  it('builds one function per channel that hands its request to the transport', async () => {
    const seen: Array<[Channel, unknown]> = [];
    const methods = buildApiMethods(async (channel, request) => {
      seen.push([channel, request]);
      return { ok: false, error: { code: 'internal', messageKey: 'test', params: {} } };
    });
    expect(Object.keys(methods).sort()).toEqual(Object.keys(API_METHODS).sort());
    const api = { ...methods, on: () => () => undefined } satisfies CardApi;
    for (const channel of CHANNELS) await callWithSample(api, channel);
    expect(seen).toEqual(CHANNELS.map((channel) => [channel, SAMPLE_REQUESTS[channel]]));
  });
});

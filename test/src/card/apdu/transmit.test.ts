import { describe, expect, it } from 'vitest';
import { transmit, type ApduTraceEvent } from '../../../../src/card/apdu';
import {
  CardRemovedError,
  MalformedResponseError,
  TransmitTimeoutError,
} from '../../../../src/core/errors';
import type { CardTransport } from '../../../../src/card/transport';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const up = (b: Buffer) => b.toString('hex').toUpperCase();

/** Answers each command with the next scripted response; records what it got. */
function scripted(...answers: Array<string | (() => Promise<Buffer>)>) {
  const sent: string[] = [];
  const handed: Buffer[] = [];
  const transport: CardTransport = {
    atr: Buffer.alloc(0),
    readerName: 'script',
    async transmit(cmd) {
      sent.push(up(cmd));
      handed.push(cmd);
      const next = answers.shift();
      if (next === undefined) throw new Error(`unexpected command ${up(cmd)}`);
      return typeof next === 'string' ? hex(next) : next();
    },
    withTransaction: (work) => work(),
  };
  return { transport, sent, handed };
}

describe('transmit', () => {
  it('follows 61xx with GET RESPONSE, concatenating every part, with the command CLA', async () => {
    const { transport, sent } = scripted('0102 6103', '030405 6102', '0607 9000');
    const r = await transmit(transport, { cla: 0x80, ins: 0xb0, p1: 0, p2: 0, le: 7 });
    expect(sent).toEqual(['80B0000007', '80C0000003', '80C0000002']);
    expect(up(r.data)).toBe('01020304050607');
    expect(r.sw).toBe(0x9000);
  });

  it('asks for 256 bytes when the card says 6100', async () => {
    const { transport, sent } = scripted('6100', '9000');
    await transmit(transport, { cla: 0, ins: 0xa4, p1: 0, p2: 0, data: hex('3F00') });
    expect(sent[1]).toBe('00C0000000');
  });

  it('uses the CLA it is told for GET RESPONSE', async () => {
    const { transport, sent } = scripted('6102', 'AABB9000');
    await transmit(
      transport,
      { cla: 0x00, ins: 0xb0, p1: 0, p2: 0, le: 2 },
      { getResponseCla: 0x80 },
    );
    expect(sent[1]).toBe('80C0000002');
  });

  it('resends once with Le = xx on 6Cxx', async () => {
    const { transport, sent } = scripted('6C08', '3132333435363738 9000');
    const r = await transmit(transport, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 200 });
    expect(sent).toEqual(['00B00000C8', '00B0000008']);
    expect(r.data.toString()).toBe('12345678');
  });

  it('handles 6Cxx on a command and then 61xx on its resend', async () => {
    const { transport, sent } = scripted('6C04', '6104', '01020304 9000');
    const r = await transmit(transport, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 200 });
    expect(sent).toEqual(['00B00000C8', '00B0000004', '00C0000004']);
    expect(up(r.data)).toBe('01020304');
  });

  it('returns a final error status unjudged, with the data of the earlier parts', async () => {
    const { transport } = scripted('AA 6101', 'BB 6282');
    const r = await transmit(transport, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 5 });
    expect(r.sw).toBe(0x6282);
    expect(up(r.data)).toBe('AABB');
  });

  it('gives up on an endless 61xx chain', async () => {
    const answers = Array.from({ length: 100 }, () => '00 6101');
    const { transport } = scripted(...answers);
    await expect(transmit(transport, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1 })).rejects.toThrow(
      MalformedResponseError,
    );
  });

  it('reports an empty or one-byte answer as a removed card', async () => {
    await expect(
      transmit(scripted('').transport, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1 }),
    ).rejects.toThrow(CardRemovedError);
    await expect(
      transmit(scripted('90').transport, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1 }),
    ).rejects.toThrow(CardRemovedError);
    // Mid-chain too: the GET RESPONSE got nothing back.
    await expect(
      transmit(scripted('6110', '').transport, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 16 }),
    ).rejects.toThrow(CardRemovedError);
  });

  it('times out a card that never answers', async () => {
    const never = () => new Promise<Buffer>(() => {});
    const { transport } = scripted(never);
    const started = Date.now();
    const err = await transmit(
      transport,
      { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1 },
      { timeoutMs: 60 },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransmitTimeoutError);
    expect((err as TransmitTimeoutError).timeoutMs).toBe(60);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('traces commands and answers with timing', async () => {
    const events: ApduTraceEvent[] = [];
    const { transport } = scripted('3F00 9000');
    await transmit(
      transport,
      { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 2 },
      { trace: (e) => events.push(e) },
    );
    expect(events.map((e) => e.direction)).toEqual(['command', 'response']);
    expect(events[0]!.hex).toBe('00 B0 00 00 02');
    expect(events[1]!.hex).toBe('3F 00 90 00');
    expect(events[1]!.sw).toBe('9000');
    expect(events[1]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(events[1]!.atMs).toBeGreaterThanOrEqual(events[0]!.atMs);
  });

  it('traces a removal and a timeout as failures', async () => {
    const events: ApduTraceEvent[] = [];
    await transmit(
      scripted('').transport,
      { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1 },
      {
        trace: (e) => events.push(e),
      },
    ).catch(() => undefined);
    await transmit(
      scripted(() => new Promise<Buffer>(() => {})).transport,
      { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1 },
      {
        trace: (e) => events.push(e),
        timeoutMs: 20,
      },
    ).catch(() => undefined);
    expect(events.filter((e) => e.direction === 'response').map((e) => e.failure)).toEqual([
      'card-removed',
      'timeout',
    ]);
  });

  it('hides secret data bytes in the trace and wipes the sent buffer afterwards', async () => {
    const events: ApduTraceEvent[] = [];
    const { transport, handed } = scripted('63C2');
    const pin = Buffer.from('373330313031FFFF', 'hex');
    await transmit(
      transport,
      { cla: 0, ins: 0x20, p1: 0, p2: 1, data: pin },
      {
        secret: true,
        trace: (e) => events.push(e),
      },
    );
    expect(events[0]!.hex).toBe('00 20 00 01 08 ** ** ** ** ** ** ** **');
    expect(events.map((e) => e.hex).join(' ')).not.toMatch(/37 33|373330/);
    await Promise.resolve();
    // The header stays readable; the data field (the PIN) is gone.
    expect(up(handed[0]!)).toBe('0020000108' + '00'.repeat(8));
  });

  it('waits for the transport before wiping a secret it may still be sending', async () => {
    let release: (b: Buffer) => void = () => {};
    const slow = () => new Promise<Buffer>((r) => (release = r));
    const { transport, handed } = scripted(slow);
    const err = transmit(
      transport,
      { cla: 0, ins: 0x20, p1: 0, p2: 1, data: Buffer.from('3132333435363738', 'hex') },
      { secret: true, timeoutMs: 10 },
    ).catch((e: unknown) => e);
    expect(await err).toBeInstanceOf(TransmitTimeoutError);
    expect(up(handed[0]!)).toBe('00200001083132333435363738');
    release(hex('9000'));
    await new Promise((r) => setTimeout(r, 0));
    expect(up(handed[0]!)).toBe('0020000108' + '00'.repeat(8));
  });

  it('keeps working when the trace hook throws', async () => {
    const { transport } = scripted('9000');
    const r = await transmit(
      transport,
      { cla: 0, ins: 0xa4, p1: 0, p2: 0, data: hex('3F00') },
      {
        trace: () => {
          throw new Error('broken logger');
        },
      },
    );
    expect(r.sw).toBe(0x9000);
  });

  it('does not redact ordinary commands', async () => {
    const events: ApduTraceEvent[] = [];
    const { transport } = scripted('9000');
    await transmit(
      transport,
      { cla: 0, ins: 0xa4, p1: 0, p2: 0, data: hex('3F00') },
      { trace: (e) => events.push(e) },
    );
    expect(events[0]!.hex).toBe('00 A4 00 00 02 3F 00');
  });
});

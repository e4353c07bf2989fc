import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedCard } from '../../../src/virtual-card/types';
import {
  connectToVpcd,
  encodeFrame,
  FrameReader,
  VpcdUnavailableError,
  type VpcdLink,
} from '../../../src/virtual-card/vpcd-link';

/** Stands in for vpcd: the server side of the socket, as pcscd's driver would drive it. */
class FakeVpcd {
  private server: Server;
  private frames = new FrameReader();
  private received: Buffer[] = [];
  private waiters: Array<() => void> = [];
  socket: Socket | null = null;
  socketClosed!: Promise<void>;
  port = 0;

  constructor() {
    this.server = createServer((socket) => {
      this.socket = socket;
      this.socketClosed = new Promise((resolve) => socket.on('close', () => resolve()));
      socket.on('data', (chunk: Buffer) => {
        this.received.push(...this.frames.push(chunk));
        for (const wake of this.waiters.splice(0)) wake();
      });
      socket.on('error', () => {});
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async accepted(): Promise<Socket> {
    while (!this.socket) await new Promise((r) => setTimeout(r, 5));
    return this.socket;
  }

  /** Send raw bytes, optionally cut into pieces written separately (partial TCP frames). */
  async sendRaw(bytes: Buffer, pieces = 1): Promise<void> {
    const socket = await this.accepted();
    const size = Math.ceil(bytes.length / pieces);
    for (let i = 0; i < bytes.length; i += size) {
      socket.write(bytes.subarray(i, i + size));
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  send(payload: Buffer | number[], pieces = 1): Promise<void> {
    return this.sendRaw(encodeFrame(Buffer.from(payload)), pieces);
  }

  /** Next frame from the card, or null if none arrives within `ms`. */
  async reply(ms = 500): Promise<Buffer | null> {
    const deadline = Date.now() + ms;
    while (this.received.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received.shift()!;
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function recordingCard(): SimulatedCard & { events: string[] } {
  const events: string[] = [];
  return {
    events,
    atr: Buffer.from('3B8A800143434D2D5643415244014A', 'hex'),
    powerOn: () => events.push('on'),
    powerOff: () => events.push('off'),
    reset: () => events.push('reset'),
    async process(command) {
      events.push(command.toString('hex'));
      if (command[1] === 0xee) throw new Error('card bug');
      // Echo the INS byte so each answer shows which command it belongs to.
      return Buffer.from([command[1]!, 0x90, 0x00]);
    },
  };
}

describe('vpcd frames', () => {
  it('reassemble frames split at any byte and frames sharing one chunk', () => {
    const stream = Buffer.concat([
      encodeFrame(Buffer.from([0x04])),
      encodeFrame(Buffer.from('00A4000C023F00', 'hex')),
      encodeFrame(Buffer.alloc(300, 0x41)),
    ]);
    const reader = new FrameReader();
    const frames: Buffer[] = [];
    for (const byte of stream) frames.push(...reader.push(Buffer.from([byte])));
    expect(frames.map((f) => f.length)).toEqual([1, 7, 300]);
    expect(new FrameReader().push(stream).map((f) => f.toString('hex'))).toEqual(
      frames.map((f) => f.toString('hex')),
    );
  });

  it('prefix each payload with its big-endian length', () => {
    expect(encodeFrame(Buffer.alloc(0x0102)).subarray(0, 2)).toEqual(Buffer.from([0x01, 0x02]));
  });
});

describe('connectToVpcd', () => {
  let vpcd: FakeVpcd;
  let link: VpcdLink | null = null;

  afterEach(async () => {
    await link?.remove();
    link = null;
    await vpcd?.close();
  });

  async function plugIn(card: SimulatedCard, options = {}) {
    vpcd = new FakeVpcd();
    await vpcd.listen();
    link = await connectToVpcd(card, { port: vpcd.port, ...options });
    await vpcd.accepted();
    return link;
  }

  it('answers GET ATR with the ATR and passes power control to the card', async () => {
    const card = recordingCard();
    await plugIn(card);
    await vpcd.send([0x01]);
    await vpcd.send([0x04]);
    expect(await vpcd.reply()).toEqual(card.atr);
    await vpcd.send([0x02]);
    await vpcd.send([0x00]);
    await vpcd.reply(100);
    expect(card.events).toEqual(['on', 'reset', 'off']);
    await link!.served;
  });

  it('answers an APDU that arrives in pieces, and two APDUs that arrive together', async () => {
    const card = recordingCard();
    await plugIn(card);
    await vpcd.send(Buffer.from('00B0000010', 'hex'), 4);
    expect(await vpcd.reply()).toEqual(Buffer.from('B09000', 'hex'));
    await vpcd.sendRaw(
      Buffer.concat([
        encodeFrame(Buffer.from('00A4000C023F00', 'hex')),
        encodeFrame(Buffer.from('0020000100', 'hex')),
      ]),
    );
    expect(await vpcd.reply()).toEqual(Buffer.from('A49000', 'hex'));
    expect(await vpcd.reply()).toEqual(Buffer.from('209000', 'hex'));
    expect(link!.apduCount).toBe(3);
  });

  it('answers 6F00 when the card itself fails on a command', async () => {
    await plugIn(recordingCard());
    await vpcd.send(Buffer.from('00EE0000', 'hex'));
    expect(await vpcd.reply()).toEqual(Buffer.from('6F00', 'hex'));
  });

  it('mute: never answers GET ATR', async () => {
    await plugIn(recordingCard(), { mute: true });
    await vpcd.send([0x04]);
    expect(await vpcd.reply(200)).toBeNull();
  });

  it('stall: keeps answering GET ATR but not APDUs, until switched off', async () => {
    const card = recordingCard();
    await plugIn(card, { stall: true });
    await vpcd.send(Buffer.from('00A4000C023F00', 'hex'));
    expect(await vpcd.reply(200)).toBeNull();
    await vpcd.send([0x04]);
    expect(await vpcd.reply()).toEqual(card.atr);
    link!.setStall(false);
    await vpcd.send(Buffer.from('00A4000C023F00', 'hex'));
    expect(await vpcd.reply()).toEqual(Buffer.from('A49000', 'hex'));
  });

  it('dropAfter(n): the card leaves on the n-th APDU, without answering it', async () => {
    const card = recordingCard();
    await plugIn(card, { dropAfter: 2 });
    await vpcd.send(Buffer.from('00A4000C023F00', 'hex'));
    expect(await vpcd.reply()).toEqual(Buffer.from('A49000', 'hex'));
    await vpcd.send(Buffer.from('00B0000010', 'hex'));
    expect(await link!.closed).toBe('dropped');
    await vpcd.socketClosed;
    expect(card.events).toEqual(['00a4000c023f00']);
  });

  it('dropWhen: the card leaves on the first APDU that matches', async () => {
    const card = recordingCard();
    await plugIn(card);
    link!.dropWhen((apdu) => apdu[1] === 0x20);
    await vpcd.send(Buffer.from('00B0000010', 'hex'));
    expect(await vpcd.reply()).not.toBeNull();
    await vpcd.send(Buffer.from('002000010831323334353637FF', 'hex'));
    expect(await link!.closed).toBe('dropped');
    expect(card.events).toEqual(['00b0000010']);
  });

  it('remove() closes the socket (the card is pulled) and resolves closed', async () => {
    await plugIn(recordingCard());
    const l = link!;
    link = null;
    await l.remove();
    expect(await l.closed).toBe('removed');
    await vpcd.socketClosed;
  });

  it('reports vpcd closing the connection (pcscd stopped)', async () => {
    await plugIn(recordingCard());
    vpcd.socket!.destroy();
    expect(await link!.closed).toBe('peer-closed');
  });

  it('rejects with a typed error when nothing listens on the port', async () => {
    vpcd = new FakeVpcd();
    await vpcd.listen();
    const port = vpcd.port;
    await vpcd.close();
    const err = await connectToVpcd(recordingCard(), { port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VpcdUnavailableError);
    expect((err as VpcdUnavailableError).code).toBe('pcsc-unavailable');
    vpcd = new FakeVpcd();
  });
});

/**
 * Plugs a SimulatedCard into a real PC/SC reader through vsmartcard's vpcd driver for
 * pcscd. vpcd listens on TCP (port 35963 + slot); the card is the client, so connecting
 * inserts the card and closing the socket pulls it out.
 *
 * Wire format (vsmartcard's vpcd protocol, both directions): 2-byte big-endian length,
 * then the payload. A 1-byte payload from vpcd is a control byte (00 power off, 01 power
 * on, 02 reset, 04 get ATR, answered with the ATR); anything longer is a command APDU,
 * answered with the response APDU.
 */
import { Socket } from 'node:net';
import { AppError } from '../core/errors';
import type { SimulatedCard } from './types';

/** vpcd's first slot; slot N listens on this port + N (Debian's /etc/reader.conf.d/vpcd). */
export const VPCD_BASE_PORT = 35963;
export const VPCD_DEFAULT_HOST = '127.0.0.1';

/**
 * The PC/SC reader name pcscd gives a vpcd slot with Debian's configuration: FRIENDLYNAME
 * "Virtual PCD", then pcscd's reader number and the slot number, two digits each. Another
 * configuration (or another reader registered first) can change the middle number.
 */
export function vpcdReaderName(slot: number, readerNumber = 0): string {
  const two = (n: number) => n.toString().padStart(2, '0');
  return `Virtual PCD ${two(readerNumber)} ${two(slot)}`;
}

const CTRL_POWER_OFF = 0x00;
const CTRL_POWER_ON = 0x01;
const CTRL_RESET = 0x02;
const CTRL_GET_ATR = 0x04;

/** vpcd is not listening: pcscd is not running, or the vpcd driver is not installed. */
export class VpcdUnavailableError extends AppError {
  constructor(host: string, port: number, detail: string) {
    super('pcsc-unavailable', 'pcsc.vpcdUnavailable', { host, port }, detail);
  }
}

export type VpcdCloseReason =
  /** `remove()` was called. */
  | 'removed'
  /** A fault (`dropAfter` / `dropWhen`) pulled the card in the middle of an APDU. */
  | 'dropped'
  /** vpcd closed the connection (pcscd stopped or restarted). */
  | 'peer-closed'
  /** The socket failed. */
  | 'error';

export interface VpcdLinkOptions {
  /** vpcd slot, 0-based (default 0). Ignored when `port` is given. */
  slot?: number;
  host?: string;
  port?: number;
  /** Give up connecting after this long (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Never answer GET ATR: pcscd then sees an empty slot (vpcd cannot show a mute card). */
  mute?: boolean;
  /** Keep answering GET ATR but never answer an APDU (a hung card). */
  stall?: boolean;
  /** Close the socket when the n-th APDU (1-based, counted from connecting) arrives. */
  dropAfter?: number;
}

export interface VpcdLink {
  readonly host: string;
  readonly port: number;
  /** The slot this link went into (port − VPCD_BASE_PORT). */
  readonly slot: number;
  /**
   * Resolves once vpcd has sent its first message, i.e. pcscd is polling this card. vpcd
   * accepts a second client on a busy port but never serves it, so only this proves the
   * card is in a reader.
   */
  readonly served: Promise<void>;
  /** Resolves when the card is out of the reader, whatever the cause; never rejects. */
  readonly closed: Promise<VpcdCloseReason>;
  /** Command APDUs received so far. */
  readonly apduCount: number;
  /** Pull the card out (close the socket); resolves once the socket is closed. */
  remove(): Promise<void>;
  /** Switch the hung-card fault on or off while inserted. */
  setStall(stall: boolean): void;
  /** Pull the card when the n-th APDU from now arrives (1 = the next one). */
  dropAfter(n: number): void;
  /** Pull the card when an APDU matching `predicate` arrives (e.g. the 3rd READ BINARY). */
  dropWhen(predicate: (apdu: Buffer) => boolean): void;
}

/** Frames arrive split or merged at arbitrary TCP boundaries; this reassembles them. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Feed received bytes; returns every complete payload they finish, in order. */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Buffer[] = [];
    while (this.pending.length >= 2) {
      const length = this.pending.readUInt16BE(0);
      if (this.pending.length < 2 + length) break;
      frames.push(Buffer.from(this.pending.subarray(2, 2 + length)));
      this.pending = this.pending.subarray(2 + length);
    }
    return frames;
  }
}

export function encodeFrame(payload: Buffer): Buffer {
  if (payload.length > 0xffff) throw new RangeError(`vpcd frame too long: ${payload.length}`);
  const frame = Buffer.alloc(2 + payload.length);
  frame.writeUInt16BE(payload.length, 0);
  payload.copy(frame, 2);
  return frame;
}

// SW 6F00 "no precise diagnosis": a card that crashes inside must still answer something.
const SW_NO_DIAGNOSIS = Buffer.from([0x6f, 0x00]);

export function connectToVpcd(
  card: SimulatedCard,
  options: VpcdLinkOptions = {},
): Promise<VpcdLink> {
  const host = options.host ?? VPCD_DEFAULT_HOST;
  const slot = options.slot ?? 0;
  const port = options.port ?? VPCD_BASE_PORT + slot;
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;

  let stall = options.stall === true;
  const mute = options.mute === true;
  let apduCount = 0;
  let dropPredicate: ((apdu: Buffer) => boolean) | null = null;
  let closeReason: VpcdCloseReason | null = null;

  const socket = new Socket();
  // Each reply goes out in one write; without NODELAY, Nagle would hold the next one back
  // until vpcd's delayed ACK (tens of milliseconds per APDU).
  socket.setNoDelay(true);

  let markServed!: () => void;
  const served = new Promise<void>((resolve) => (markServed = resolve));
  let markClosed!: (reason: VpcdCloseReason) => void;
  const closed = new Promise<VpcdCloseReason>((resolve) => (markClosed = resolve));

  const setDropAfter = (n: number): void => {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`dropAfter needs n >= 1, got ${n}`);
    let seen = 0;
    dropPredicate = () => ++seen === n;
  };
  if (options.dropAfter !== undefined) setDropAfter(options.dropAfter);

  const frames = new FrameReader();
  const send = (payload: Buffer): void => {
    if (!socket.destroyed) socket.write(encodeFrame(payload));
  };

  const onControl = (code: number): void => {
    switch (code) {
      case CTRL_POWER_OFF:
        card.powerOff();
        return;
      case CTRL_POWER_ON:
        card.powerOn();
        return;
      case CTRL_RESET:
        card.reset();
        return;
      case CTRL_GET_ATR:
        if (!mute) send(card.atr);
        return;
      default:
        // Unknown control bytes expect no answer; ignoring keeps the stream in step.
        return;
    }
  };

  const onApdu = async (apdu: Buffer): Promise<void> => {
    apduCount++;
    if (dropPredicate?.(apdu)) {
      closeReason ??= 'dropped';
      socket.destroy();
      return;
    }
    if (stall) return;
    let response: Buffer;
    try {
      response = await card.process(apdu);
    } catch {
      response = SW_NO_DIAGNOSIS;
    }
    send(response);
  };

  // An answer may wait for the card's state file; whatever vpcd sends meanwhile (a power
  // control, the next APDU) is handled after it, in the order it came.
  let handled: Promise<void> = Promise.resolve();
  socket.on('data', (chunk: Buffer) => {
    for (const payload of frames.push(chunk)) {
      markServed();
      handled = handled.then(async () => {
        if (socket.destroyed) return;
        if (payload.length === 1) onControl(payload[0]!);
        else if (payload.length > 1) await onApdu(payload);
      });
    }
  });

  return new Promise<VpcdLink>((resolve, reject) => {
    let connected = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new VpcdUnavailableError(host, port, `vpcd at ${host}:${port}: connect timed out`));
    }, connectTimeoutMs);

    socket.on('error', (err) => {
      closeReason ??= 'error';
      if (!connected) {
        clearTimeout(timer);
        reject(new VpcdUnavailableError(host, port, `vpcd at ${host}:${port}: ${err.message}`));
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      markClosed(closeReason ?? 'peer-closed');
    });

    socket.connect(port, host, () => {
      connected = true;
      clearTimeout(timer);
      resolve({
        host,
        port,
        slot: port - VPCD_BASE_PORT,
        served,
        closed,
        get apduCount() {
          return apduCount;
        },
        remove: async () => {
          closeReason ??= 'removed';
          socket.destroy();
          await closed;
        },
        setStall: (on) => {
          stall = on;
        },
        dropAfter: setDropAfter,
        dropWhen: (predicate) => {
          dropPredicate = predicate;
        },
      });
    });
  });
}

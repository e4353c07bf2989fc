/**
 * A WebSocket client made by hand over a raw TCP socket, for what a real client library
 * would never send: unmasked frames, unknown opcodes, RSV bits, bad UTF-8, oversized control
 * frames, a reset in the middle of the handshake (RFC 6455 §5.2 is the frame layout).
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface FrameSpec {
  opcode: number;
  payload?: Buffer;
  fin?: boolean;
  rsv1?: boolean;
  /** Clients must mask; false sends the payload in the clear. */
  masked?: boolean;
  /** A length to announce instead of the payload's own (the rest may never come). */
  announcedLength?: number;
}

export const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 };

export function encodeFrame(spec: FrameSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const length = spec.announcedLength ?? payload.length;
  const masked = spec.masked ?? true;
  const first = ((spec.fin ?? true) ? 0x80 : 0) | (spec.rsv1 ? 0x40 : 0) | (spec.opcode & 0x0f);
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([first, (masked ? 0x80 : 0) | length]);
  } else if (length < 0x10000) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = (masked ? 0x80 : 0) | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = (masked ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!masked) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i]! ^= key[i % 4]!;
  return Buffer.concat([header, key, body]);
}

export interface HostAddress {
  port: number;
  origin: string;
  token: string;
}

/** The handshake our page sends; without the token the host must refuse it (403). */
export function upgradeRequest(host: HostAddress, options: { token?: boolean } = {}): string {
  const query = options.token === false ? '' : `?token=${host.token}`;
  return (
    `GET /bridge${query} HTTP/1.1\r\n` +
    `Host: 127.0.0.1:${host.port}\r\n` +
    `Origin: ${host.origin}\r\n` +
    'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
    'Sec-WebSocket-Version: 13\r\n\r\n'
  );
}

export function rawConnect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Connects and hands over the handshake; resolves with the socket and the status line. */
export async function rawUpgrade(
  host: HostAddress,
  options: { token?: boolean } = {},
): Promise<{ socket: Socket; status: string }> {
  const socket = await rawConnect(host.port);
  // The host may reset a socket it closes; that is an answer here, not a failure.
  socket.on('error', () => undefined);
  const status = await new Promise<string>((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      // Bytes after the headers belong to the frames: give them back.
      const rest = Buffer.from(text.slice(end + 4), 'latin1');
      if (rest.length) socket.unshift(rest);
      resolve(text.slice(0, text.indexOf('\r\n')));
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`closed during the handshake: ${text}`)));
    socket.write(upgradeRequest(host, options));
  });
  socket.removeAllListeners('close');
  return { socket, status };
}

/** 'closed' once the peer ended the connection, 'open' if it still is after `ms`. */
export function closedWithin(socket: Socket, ms: number): Promise<'closed' | 'open'> {
  if (socket.destroyed || socket.readableEnded) return Promise.resolve('closed');
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('open'), ms);
    const done = () => {
      clearTimeout(timer);
      resolve('closed');
    };
    socket.once('close', done);
    socket.once('end', done);
    // Anything the host sends (a close frame) is read and dropped, so 'end' can come.
    socket.resume();
  });
}

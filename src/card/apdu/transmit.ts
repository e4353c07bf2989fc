import { CardRemovedError, MalformedResponseError, TransmitTimeoutError } from '../../core/errors';
import type { CardTransport } from '../transport';
import { watchdog } from '../../core/deadline-watchdog';
import { encodeCommand, type CommandApdu } from './command';
import { swHex } from './hex';
import { parseResponse, type ResponseApdu } from './response';
import { commandTraceHex, emitTrace, type ApduTraceHook } from './trace';

/** A card that never answers would otherwise hang the operation (docs/pcsc-linux.md). */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** 61xx chains longer than this are a misbehaving card, not a big file (256 × 64 = 16 KiB). */
const MAX_GET_RESPONSE = 64;

export interface TransmitOptions {
  timeoutMs?: number;
  trace?: ApduTraceHook;
  /**
   * The data field carries a PIN or user code. Only the sender knows that (INS 20/24/2C
   * with data), so it says so here: the trace shows `**`, and every buffer built from
   * the command is zeroed once the transport is done with it.
   */
  secret?: boolean;
  /** CLA of GET RESPONSE; defaults to the command's own CLA (the one the probe found). */
  getResponseCla?: number;
  /** Called once per APDU actually sent (benchmarks count them). */
  onSend?: () => void;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const release = watchdog.watch(ms, () => reject(new TransmitTimeoutError(ms)));
    work.then(
      (v) => {
        release();
        resolve(v);
      },
      (e: unknown) => {
        release();
        reject(e);
      },
    );
  });
}

async function exchange(
  transport: CardTransport,
  cmd: CommandApdu,
  opts: TransmitOptions,
): Promise<ResponseApdu> {
  const raw = encodeCommand(cmd);
  const secret = opts.secret === true;
  const started = performance.now();
  if (opts.trace)
    emitTrace(opts.trace, () => ({
      direction: 'command',
      hex: commandTraceHex(raw, secret),
      atMs: started,
    }));
  opts.onSend?.();
  const pending = transport.transmit(raw);
  if (secret) {
    // Wipe only after the transport has settled: a transport still holding the buffer
    // must not send zeros in place of the PIN (that would spend a try). The header
    // carries no secret and stays readable for whoever recorded the command.
    const wipe = () => raw.fill(0, 5);
    pending.then(wipe, wipe);
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let answer: Buffer;
  try {
    answer = await withTimeout(pending, timeoutMs);
  } catch (err) {
    if (err instanceof TransmitTimeoutError) {
      const now = performance.now();
      if (opts.trace)
        emitTrace(opts.trace, () => ({
          direction: 'response',
          hex: '',
          failure: 'timeout',
          durationMs: now - started,
          atMs: now,
        }));
    }
    throw err;
  }
  const now = performance.now();
  if (answer.length < 2) {
    if (opts.trace)
      emitTrace(opts.trace, () => ({
        direction: 'response',
        hex: '',
        failure: 'card-removed',
        durationMs: now - started,
        atMs: now,
      }));
    throw new CardRemovedError();
  }
  const response = parseResponse(answer);
  if (opts.trace)
    emitTrace(opts.trace, () => ({
      direction: 'response',
      hex: commandTraceHex(answer, false),
      sw: swHex(response.sw),
      durationMs: now - started,
      atMs: now,
    }));
  return response;
}

/** One command, resent once with the Le the card asked for when it answers 6Cxx. */
async function exchangeWithLeRetry(
  transport: CardTransport,
  cmd: CommandApdu,
  opts: TransmitOptions,
): Promise<ResponseApdu> {
  const first = await exchange(transport, cmd, opts);
  if (first.sw1 !== 0x6c) return first;
  const le = first.sw2 === 0 ? 256 : first.sw2;
  return exchange(transport, { ...cmd, le }, opts);
}

/**
 * Send one command and return its complete answer: 6Cxx is answered by resending with
 * Le = xx, 61xx by GET RESPONSE (`CLA C0 00 00 xx`) until the card stops saying 61, with
 * the data of every part concatenated (card-profile.md §4: both can happen on any
 * command). Status words are not judged here; callers decide what they accept.
 */
export async function transmit(
  transport: CardTransport,
  cmd: CommandApdu,
  opts: TransmitOptions = {},
): Promise<ResponseApdu> {
  let response = await exchangeWithLeRetry(transport, cmd, opts);
  if (response.sw1 !== 0x61) return response;
  const parts = [response.data];
  // GET RESPONSE carries no secret even when the command did.
  const plain: TransmitOptions = { ...opts, secret: false };
  for (let i = 0; response.sw1 === 0x61; i++) {
    if (i >= MAX_GET_RESPONSE) throw new MalformedResponseError('GET RESPONSE chain');
    const le = response.sw2 === 0 ? 256 : response.sw2;
    response = await exchangeWithLeRetry(
      transport,
      { cla: opts.getResponseCla ?? cmd.cla, ins: 0xc0, p1: 0, p2: 0, le },
      plain,
    );
    parts.push(response.data);
  }
  return { ...response, data: Buffer.concat(parts) };
}

/**
 * A transport with the transmit options bound: what the driver's modules talk to.
 * Counts every APDU it sends, so a benchmark can compare against the documented minimum.
 */
export class ApduLink {
  sent = 0;

  constructor(
    readonly transport: CardTransport,
    private readonly options: Pick<TransmitOptions, 'timeoutMs' | 'trace'> = {},
  ) {}

  send(cmd: CommandApdu, opts: { secret?: boolean } = {}): Promise<ResponseApdu> {
    return transmit(this.transport, cmd, {
      ...this.options,
      secret: opts.secret === true,
      onSend: () => {
        this.sent++;
      },
    });
  }
}

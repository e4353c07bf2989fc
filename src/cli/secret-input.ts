/**
 * Where the CLI's secrets come from: a hidden prompt on a terminal, or one line each from
 * stdin with --pin-stdin (cli.md "Secrets"). Secrets are never arguments.
 *
 * A JavaScript string cannot be wiped, so bytes go straight from the stream into Buffers
 * the caller zeroes when the operation ends (card-profile.md §1.5). No code path here turns
 * a secret into a string, and no message carries one.
 */
import { wipe } from '../card/pin-policy';
import { AppError, InvalidInputError } from '../core/errors';

type TtyInput = NodeJS.ReadableStream & {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
};

/** The person pressed Ctrl-C (or closed the terminal) at a prompt: nothing was sent. */
export class PromptCancelledError extends AppError {
  constructor() {
    super('cancelled', 'cli.cancelled');
  }
}

// Longer than any PIN or user code: anything past it is kept out of memory and only
// remembered as "too long", so validation still rejects it.
const MAX_SECRET_BYTES = 64;

const CTRL_C = 0x03;
const CTRL_D = 0x04;
const BACKSPACE = 0x08;
const LF = 0x0a;
const CR = 0x0d;
const CTRL_U = 0x15;
const DEL = 0x7f;

function chunkBytes(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
}

/** Collects typed bytes in a fixed Buffer; a secret longer than it is marked, not kept. */
class SecretBuffer {
  private readonly bytes = Buffer.alloc(MAX_SECRET_BYTES);
  private length = 0;
  private overflow = false;

  push(byte: number): void {
    if (this.length < this.bytes.length) this.bytes[this.length++] = byte;
    else this.overflow = true;
  }

  pop(): void {
    if (this.overflow) return;
    if (this.length > 0) this.bytes[--this.length] = 0;
  }

  clear(): void {
    this.bytes.fill(0);
    this.length = 0;
    this.overflow = false;
  }

  get isEmpty(): boolean {
    return this.length === 0 && !this.overflow;
  }

  /** Hands the bytes over in a Buffer of their own and wipes this one. */
  take(): Buffer {
    // Past the limit the content no longer matters: an over-long marker fails validation.
    const out = this.overflow
      ? Buffer.alloc(MAX_SECRET_BYTES + 1, 0x3f)
      : Buffer.from(this.bytes.subarray(0, this.length));
    this.clear();
    return out;
  }
}

/**
 * Asks for one secret on a terminal: raw mode, nothing echoed, Backspace and Ctrl-U edit,
 * Enter ends it, Ctrl-C or Ctrl-D on an empty line cancels (PromptCancelledError).
 */
export function promptHidden(
  input: TtyInput,
  output: NodeJS.WritableStream,
  prompt: string,
): Promise<Buffer> {
  // Echo goes off before the prompt shows: keys typed the moment it appears stay hidden.
  input.setRawMode?.(true);
  output.write(prompt);
  const secret = new SecretBuffer();
  return new Promise<Buffer>((resolve, reject) => {
    const finish = (): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.setRawMode?.(false);
      // A flowing stdin keeps the process alive after the command is done.
      input.pause();
      output.write('\n');
    };
    const cancel = (): void => {
      secret.clear();
      finish();
      reject(new PromptCancelledError());
    };
    const onEnd = (): void => cancel();
    const onData = (chunk: unknown): void => {
      const bytes = chunkBytes(chunk);
      try {
        for (const byte of bytes) {
          if (byte === CTRL_C || (byte === CTRL_D && secret.isEmpty)) return cancel();
          if (byte === CR || byte === LF) {
            const value = secret.take();
            finish();
            return resolve(value);
          }
          if (byte === BACKSPACE || byte === DEL) secret.pop();
          else if (byte === CTRL_U) secret.clear();
          else if (byte >= 0x20) secret.push(byte);
        }
      } finally {
        bytes.fill(0);
      }
    };
    input.on('data', onData);
    input.once('end', onEnd);
    input.resume();
  });
}

/**
 * Reads `count` lines from stdin (--pin-stdin), each into its own Buffer; a trailing CR is
 * dropped. Stops listening as soon as it has them, so the stream is never read further.
 */
export function readSecretLines(input: NodeJS.ReadableStream, count: number): Promise<Buffer[]> {
  const lines: Buffer[] = [];
  const current = new SecretBuffer();
  let pendingCr = false;
  return new Promise<Buffer[]>((resolve, reject) => {
    const done = (): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      input.pause();
      resolve(lines);
    };
    const endLine = (): void => {
      lines.push(current.take());
      pendingCr = false;
    };
    const onData = (chunk: unknown): void => {
      const bytes = chunkBytes(chunk);
      try {
        for (const byte of bytes) {
          if (byte === LF) {
            endLine();
            if (lines.length === count) return done();
            continue;
          }
          // A CR is part of the line ending only when an LF follows it.
          if (pendingCr) current.push(CR);
          pendingCr = byte === CR;
          if (!pendingCr) current.push(byte);
        }
      } finally {
        bytes.fill(0);
      }
    };
    const onEnd = (): void => {
      if (!current.isEmpty || pendingCr) endLine();
      else current.clear();
      input.off('data', onData);
      input.off('error', onError);
      if (lines.length < count) {
        wipe(...lines);
        reject(
          new InvalidInputError('cli.stdinTooFewLines', { expected: count, got: lines.length }),
        );
      } else resolve(lines);
    };
    const onError = (err: Error): void => {
      wipe(...lines);
      current.clear();
      reject(err);
    };
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onError);
    input.resume();
  });
}

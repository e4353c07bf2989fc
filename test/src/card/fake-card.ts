/**
 * A scripted stand-in for a card, written for the driver's unit tests: a tiny file system,
 * an ISO PIN counter, and knobs for every answer card-profile.md allows (6282 / 9000 /
 * 6B00 at the end of a file, 6987 or 6700 for big reads, T=0 61xx and 6Cxx, CLA 80 only,
 * the gen-2 applet). `intercept` lets a test answer any single command itself.
 */
import type { CardTransport } from '../../../src/card/transport';

export const ATR = {
  gen1: Buffer.from('3BB813008131FA524348544D4F494341A5', 'hex'),
  gen2: Buffer.from('3BD89600 81B1FE451F074348544750 4B494ADD'.replace(/ /g, ''), 'hex'),
  moicaUnknown: Buffer.from('3B8B80010031C164084021300090 0057'.replace(/ /g, ''), 'hex'),
  virtual: atrWithHistorical(Buffer.from('CCM-VCARD\x01', 'latin1')),
  other: atrWithHistorical(Buffer.from('OTHERPKI', 'latin1')),
};

export function atrWithHistorical(hist: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from([0x3b, 0x80 | hist.length, 0x80, 0x01]), hist]);
  let x = 0;
  for (const b of body.subarray(1)) x ^= b;
  return Buffer.concat([body, Buffer.from([x])]);
}

export interface FakeCardOptions {
  atr?: Buffer;
  /** CLAs the card answers; others get 6E00. */
  clas?: number[];
  /** Files by path from the MF, e.g. "3F00/0900/0903". Directories are implied. */
  files?: Record<string, Buffer>;
  /** Answer SELECT of the gen-2 applet with 9000. */
  gen2Applet?: boolean;
  /** Reads asking more than this get `bigReadSw`. */
  maxRead?: number;
  bigReadSw?: number;
  /** How a read running past the end is answered. */
  pastEnd?: 'warning' | 'ok';
  /** T=0 style: data only via 61xx + GET RESPONSE; short reads get 6Cxx. */
  t0?: boolean;
  pin?: { value: string; tries: number; max?: number };
  userCode?: { value: string; tries: number; max?: number };
  /** Answer a command here (return a hex string or Buffer) or return undefined to go on. */
  intercept?: (cmd: Buffer, index: number) => Buffer | string | undefined;
}

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const sw = (n: number) => Buffer.from([n >> 8, n & 0xff]);

export class FakeCard {
  pinTries: number;
  userCodeTries: number;
  pinValue: string;
  verified = false;
  private readonly files = new Map<string, Buffer>();
  private readonly dirs = new Set<string>(['3F00']);
  private cwd = '3F00';
  private currentEf: string | null = null;
  private pending: Buffer | null = null;

  constructor(readonly opts: FakeCardOptions = {}) {
    for (const [path, data] of Object.entries(opts.files ?? {})) {
      this.files.set(path, data);
      const parts = path.split('/');
      for (let i = 1; i < parts.length; i++) this.dirs.add(parts.slice(0, i).join('/'));
    }
    this.pinTries = opts.pin?.tries ?? 3;
    this.userCodeTries = opts.userCode?.tries ?? 5;
    this.pinValue = opts.pin?.value ?? '730101';
  }

  reset(): void {
    this.verified = false;
    this.cwd = '3F00';
    this.currentEf = null;
    this.pending = null;
  }

  process(cmd: Buffer, index: number): Buffer {
    const own = this.opts.intercept?.(cmd, index);
    if (own !== undefined) return typeof own === 'string' ? hex(own) : own;
    const [cla, ins, p1, p2] = [cmd[0]!, cmd[1]!, cmd[2]!, cmd[3]!];
    if (!(this.opts.clas ?? [0x00]).includes(cla)) return sw(0x6e00);
    const pending = this.pending;
    this.pending = null;
    if (ins === 0xc0) {
      if (!pending) return sw(0x6985);
      const le = cmd[4] === 0 ? 256 : cmd[4]!;
      if (le > pending.length) {
        this.pending = pending;
        return sw(0x6c00 | pending.length);
      }
      const rest = pending.subarray(le);
      if (rest.length) this.pending = rest;
      return Buffer.concat([
        pending.subarray(0, le),
        sw(rest.length ? 0x6100 | (rest.length & 0xff) : 0x9000),
      ]);
    }
    const out = this.dispatch(cla, ins, p1, p2, cmd);
    if (this.opts.t0 && out.length > 2) {
      this.pending = out.subarray(0, out.length - 2);
      return sw(0x6100 | (this.pending.length & 0xff));
    }
    return out;
  }

  private dispatch(cla: number, ins: number, p1: number, p2: number, cmd: Buffer): Buffer {
    switch (ins) {
      case 0xa4:
        return this.select(p1, cmd);
      case 0xb0:
        return this.read(p1, p2, cmd);
      case 0x20:
      case 0x24:
      case 0x2c:
        return this.pinCommand(ins, p2, cmd);
      default:
        return sw(0x6d00);
    }
  }

  private select(p1: number, cmd: Buffer): Buffer {
    const data = cmd.subarray(5, 5 + cmd[4]!);
    if (p1 === 0x04) return sw(this.opts.gen2Applet ? 0x9000 : 0x6a82);
    const fid = data.toString('hex').toUpperCase();
    if (fid === '3F00') {
      this.cwd = '3F00';
      this.currentEf = null;
      return sw(0x9000);
    }
    const child = `${this.cwd}/${fid}`;
    if (this.dirs.has(child)) {
      this.cwd = child;
      this.currentEf = null;
      return sw(0x9000);
    }
    if (this.files.has(child)) {
      this.currentEf = child;
      return sw(0x9000);
    }
    return sw(0x6a82);
  }

  private read(p1: number, p2: number, cmd: Buffer): Buffer {
    if (!this.currentEf) return sw(0x6986);
    const le = cmd[4] === 0 ? 256 : cmd[4]!;
    if (le > (this.opts.maxRead ?? 256)) return sw(this.opts.bigReadSw ?? 0x6987);
    const file = this.files.get(this.currentEf)!;
    const offset = (p1 << 8) | p2;
    if (offset >= file.length) return sw(0x6b00);
    const data = file.subarray(offset, offset + le);
    if (data.length === le) return Buffer.concat([data, sw(0x9000)]);
    if (this.opts.t0) return sw(0x6c00 | data.length);
    return Buffer.concat([data, sw(this.opts.pastEnd === 'ok' ? 0x9000 : 0x6282)]);
  }

  private pinCommand(ins: number, p2: number, cmd: Buffer): Buffer {
    const hasData = cmd.length > 4;
    const data = hasData ? cmd.subarray(5, 5 + cmd[4]!) : Buffer.alloc(0);
    const pad = (s: string, n: number) => {
      const b = Buffer.alloc(n, 0xff);
      b.write(s, 'latin1');
      return b;
    };
    if (ins === 0x20 && !hasData) {
      if (p2 === 0x01) {
        if (this.verified) return sw(0x9000);
        return sw(this.pinTries === 0 ? 0x6983 : 0x63c0 | this.pinTries);
      }
      if (p2 === 0x02) return sw(this.userCodeTries === 0 ? 0x6983 : 0x63c0 | this.userCodeTries);
      return sw(0x6a88);
    }
    if (ins === 0x2c) {
      if (this.userCodeTries === 0) return sw(0x6983);
      if (!data.subarray(0, 10).equals(pad(this.opts.userCode?.value ?? '12345678', 10))) {
        this.userCodeTries--;
        return sw(0x63c0 | this.userCodeTries);
      }
      this.userCodeTries = this.opts.userCode?.max ?? 5;
      this.pinValue = data
        .subarray(10)
        .toString('latin1')
        .replace(/\xff+$/, '');
      this.pinTries = this.opts.pin?.max ?? 3;
      return sw(0x9000);
    }
    if (this.pinTries === 0) return sw(0x6983);
    if (!data.subarray(0, 8).equals(pad(this.pinValue, 8))) {
      this.pinTries--;
      this.verified = false;
      return sw(0x63c0 | this.pinTries);
    }
    this.pinTries = this.opts.pin?.max ?? 3;
    if (ins === 0x24)
      this.pinValue = data
        .subarray(8)
        .toString('latin1')
        .replace(/\xff+$/, '');
    else this.verified = true;
    return sw(0x9000);
  }
}

/**
 * CardTransport over a FakeCard that records everything: copies of commands (`sent`),
 * the very Buffers it was handed (`handed`, to check they were wiped), and transactions.
 */
export class FakeTransport implements CardTransport {
  readonly readerName = 'Fake Reader 00';
  readonly sent: Buffer[] = [];
  readonly handed: Buffer[] = [];
  readonly transactions: Array<{ reset: boolean }> = [];
  depth = 0;
  maxDepth = 0;
  /** Answer with 0 bytes from this transmit index on (the card was pulled). */
  removeAt: number | null = null;
  /** Never answer the transmit with this index. */
  hangAt: number | null = null;

  constructor(readonly card: FakeCard) {}

  get atr(): Buffer {
    return this.card.opts.atr ?? ATR.virtual;
  }

  /** The commands sent, as upper-case hex without spaces. */
  get log(): string[] {
    return this.sent.map((b) => b.toString('hex').toUpperCase());
  }

  /** INS bytes of every command sent. */
  get insList(): number[] {
    return this.sent.map((b) => b[1]!);
  }

  async transmit(command: Buffer): Promise<Buffer> {
    const index = this.sent.length;
    this.sent.push(Buffer.from(command));
    this.handed.push(command);
    if (this.hangAt === index) return new Promise<Buffer>(() => {});
    await Promise.resolve();
    if (this.removeAt !== null && index >= this.removeAt) return Buffer.alloc(0);
    return this.card.process(command, index);
  }

  async withTransaction<T>(work: () => Promise<T>, options: { reset?: boolean } = {}): Promise<T> {
    this.transactions.push({ reset: options.reset === true });
    this.depth++;
    this.maxDepth = Math.max(this.maxDepth, this.depth);
    try {
      return await work();
    } finally {
      this.depth--;
      if (options.reset) this.card.reset();
    }
  }
}

export function fakeTransport(opts: FakeCardOptions = {}): FakeTransport {
  return new FakeTransport(new FakeCard(opts));
}

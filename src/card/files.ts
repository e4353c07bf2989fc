import { MalformedResponseError } from '../core/errors';
import { CardStatusError } from './apdu/errors';
import { swHex } from './apdu/hex';
import type { ApduLink } from './apdu/transmit';

/** card-profile.md §3: 200 bytes a read, 16 once the card refuses 200. */
export const LARGE_CHUNK = 200;
export const SMALL_CHUNK = 16;

/** READ BINARY with P1 bit 8 clear takes a 15-bit offset (ISO 7816-4 §11.3.3). */
const MAX_OFFSET = 0x7fff;

const INS_SELECT = 0xa4;
const INS_READ_BINARY = 0xb0;

export const MF = '3F00';

/** 'sure': 6282 or 6B00; 'short': 9000 with fewer bytes than asked; null: more may follow. */
export type ReadEnd = 'sure' | 'short' | null;

/** What a chunked read should stop at, besides the end of the file. */
export interface ReadPlan {
  offset: number;
  /** Known size (the CDF's length, 16 for the card number); never read beyond it. */
  length?: number;
  /** Total size the bytes so far announce (a DER header), once they announce it. */
  sizeFromContent?: (soFar: Buffer) => number | undefined;
  /** True when the bytes so far are already all that is needed (directory padding). */
  isComplete?: (soFar: Buffer) => boolean;
  /** Upper bound for files of unknown size (a version string). */
  maxLength?: number;
}

/**
 * Selection and reading for one transaction. It remembers what is selected so reading
 * two files of one directory costs one SELECT for the second, and it keeps the read
 * size at 16 bytes for the rest of the card's life once the card refuses 200.
 */
export class CardFiles {
  /** Selected directory as file IDs from the MF (["3F00", "0900"]), null when unknown. */
  private df: string[] | null = null;
  private ef: string | null = null;
  private readonly chunkState: { size: number };

  constructor(
    private readonly link: ApduLink,
    private readonly cla: number,
    /** Shared across transactions so the 16-byte fallback sticks (card-profile.md §3). */
    chunkState: { size: number } = { size: LARGE_CHUNK },
  ) {
    this.chunkState = chunkState;
  }

  get chunkSize(): number {
    return this.chunkState.size;
  }

  /** Tell the selection cache what the probe left selected. */
  assumeSelected(df: string[] | null): void {
    this.df = df;
    this.ef = null;
  }

  private async selectFid(fid: string): Promise<void> {
    const response = await this.link.send({
      cla: this.cla,
      ins: INS_SELECT,
      p1: 0x00,
      p2: 0x00,
      data: Buffer.from(fid, 'hex'),
    });
    if (response.sw !== 0x9000) {
      this.df = null;
      this.ef = null;
      throw new CardStatusError(response.sw, `SELECT ${fid}`);
    }
  }

  /**
   * Select the elementary file `ef` in directory `df` (file IDs from the MF), sending
   * only the SELECTs the current selection does not already cover.
   */
  async select(df: string[], ef: string): Promise<void> {
    const same = (a: string[], b: string[]) =>
      a.length === b.length && a.every((x, i) => x === b[i]);
    if (this.df && same(this.df, df) && this.ef === ef) return;
    let start: number;
    if (this.df && same(this.df, df)) {
      start = df.length;
    } else if (
      this.df &&
      this.df.length <= df.length &&
      same(this.df, df.slice(0, this.df.length))
    ) {
      start = this.df.length;
    } else {
      start = 0;
    }
    for (let i = start; i < df.length; i++) {
      await this.selectFid(df[i]!);
      this.df = df.slice(0, i + 1);
      this.ef = null;
    }
    await this.selectFid(ef);
    this.ef = ef;
  }

  /**
   * One READ BINARY. Returns the bytes and what they say about the end of the file: 6282
   * (data good, end reached) and 6B00 (offset past the end) say so for sure; 9000 with
   * fewer bytes than asked says so too, though a T=0 card's 6Cxx can also shorten an
   * answer. All three are normal (card-profile.md §4).
   */
  async readBinary(offset: number, wanted: number): Promise<{ data: Buffer; end: ReadEnd }> {
    if (offset > MAX_OFFSET) throw new MalformedResponseError('file offset', `offset ${offset}`);
    for (;;) {
      const le = Math.min(wanted, this.chunkState.size);
      const response = await this.link.send({
        cla: this.cla,
        ins: INS_READ_BINARY,
        p1: offset >> 8,
        p2: offset & 0xff,
        le,
      });
      switch (response.sw) {
        case 0x9000:
          return { data: response.data, end: response.data.length < le ? 'short' : null };
        case 0x6282:
          return { data: response.data, end: 'sure' };
        case 0x6b00:
          return { data: Buffer.alloc(0), end: 'sure' };
        case 0x6987:
        case 0x6700:
          if (le > SMALL_CHUNK) {
            this.chunkState.size = SMALL_CHUNK;
            continue;
          }
          throw new CardStatusError(response.sw, `READ BINARY ${swHex(offset)}`);
        default:
          throw new CardStatusError(response.sw, `READ BINARY ${swHex(offset)}`);
      }
    }
  }

  /** Read the selected file from plan.offset until the plan or the file says stop. */
  async read(plan: ReadPlan): Promise<Buffer> {
    let got = Buffer.alloc(0);
    let target = plan.length;
    const cap = plan.maxLength ?? Number.POSITIVE_INFINITY;
    for (;;) {
      const limit = Math.min(target ?? cap, cap);
      if (got.length >= limit) break;
      if (plan.isComplete?.(got)) break;
      const { data, end } = await this.readBinary(plan.offset + got.length, limit - got.length);
      got = Buffer.concat([got, data]);
      const announced = plan.sizeFromContent?.(got);
      if (announced !== undefined) target = Math.min(target ?? announced, announced);
      if (data.length === 0 || end === 'sure') break;
      // With a size known, a short answer is not believed until the next read confirms it.
      if (end === 'short' && target === undefined) break;
    }
    const limit = Math.min(target ?? cap, cap);
    return got.length > limit ? got.subarray(0, limit) : got;
  }
}

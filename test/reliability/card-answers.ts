/**
 * Fuzzing what a card answers (docs/reliability.md "Card answers"): a virtual card of every
 * scenario behind a hostile wrapper that truncates answers, changes status words, adds or
 * drops bytes, puts garbage or a huge DER header where data was, never answers, answers
 * 61xx or 6Cxx forever, serves a hostile certificate directory or presents another ATR.
 * Each case is fed through the in-process transport to the card driver (status summary,
 * PIN counter read, certificate parsing), and must end with a result or a typed AppError,
 * within a time bound, without a single PIN byte or, on a card that gets no PIN commands,
 * any PIN-family command at all.
 *
 * fast-check generates the cases from a seed, so any case can be replayed.
 */
import fc from 'fast-check';
import { CardDriver } from '../../src/card';
import { parseCertificateDer } from '../../src/certs';
import { AppError } from '../../src/core/errors';
import {
  createVirtualCard,
  InProcessTransport,
  SCENARIOS,
  type ScenarioName,
  type SimulatedCard,
  type VirtualCard,
} from '../../src/virtual-card';
import { encodeCdf, type CdfEntry } from '../../src/virtual-card/cdf';
import { checkFailures, type FuzzFigures, type FuzzOptions } from './figures';

export type Mutation =
  | { kind: 'truncate'; at: number; keep: number }
  | { kind: 'status'; at: number; sw: number }
  | { kind: 'extra'; at: number; bytes: Uint8Array }
  | { kind: 'drop'; at: number; count: number }
  | { kind: 'garbage'; at: number; bytes: Uint8Array; sw: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'huge-der'; at: number; header: Uint8Array }
  | { kind: 'hang'; at: number };

export interface CardCase {
  scenario: ScenarioName;
  mutations: Mutation[];
  /** From this command on, every answer is `sw1 sw2` (61xx or 6Cxx), forever. */
  endless: { from: number; sw1: 0x61 | 0x6c; sw2: number } | null;
  /** A certificate directory served in place of the card's own (READ BINARY of 4104). */
  cdf: Uint8Array | null;
  /** Another ATR than the card's. */
  atr: Uint8Array | null;
}

/** Every APDU index a status read reaches (about 40), and a few beyond. */
const AT = fc.nat({ max: 70 });
const INTERESTING_SW = [
  0x9000, 0x6282, 0x6b00, 0x6a82, 0x6a86, 0x6700, 0x6987, 0x6982, 0x6983, 0x63c0, 0x63c1, 0x63c3,
  0x6100, 0x61ff, 0x6c00, 0x6c10, 0x6cff, 0x6e00, 0x6d00, 0x6581, 0x0000, 0xffff,
];
const statusWord = fc.oneof(
  fc.constantFrom(...INTERESTING_SW),
  fc.integer({ min: 0, max: 0xffff }),
);

const bentAnswer: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: AT, keep: fc.nat({ max: 260 }) }),
  fc.record({ kind: fc.constant('status' as const), at: AT, sw: statusWord }),
  fc.record({
    kind: fc.constant('extra' as const),
    at: AT,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 300 }),
  }),
  fc.record({
    kind: fc.constant('drop' as const),
    at: AT,
    count: fc.integer({ min: 1, max: 260 }),
  }),
  fc.record({
    kind: fc.constant('garbage' as const),
    at: AT,
    bytes: fc.uint8Array({ maxLength: 300 }),
    sw: statusWord,
  }),
  fc.record({ kind: fc.constant('flip' as const), at: AT, bit: fc.nat({ max: 8 * 260 }) }),
  fc.record({
    kind: fc.constant('huge-der' as const),
    at: AT,
    header: fc.constantFrom(
      Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff),
      Uint8Array.of(0x30, 0x82, 0xff, 0xff),
      Uint8Array.of(0x30, 0x83, 0x01, 0x00, 0x00),
      Uint8Array.of(0x30, 0x80),
      Uint8Array.of(0x30, 0x89, 0x01, 0, 0, 0, 0, 0, 0, 0, 0),
    ),
  }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: bentAnswer, weight: 24 },
  // Rarer: each costs one APDU timeout of waiting.
  { arbitrary: fc.record({ kind: fc.constant('hang' as const), at: AT }), weight: 1 },
);

const cdfEntry: fc.Arbitrary<CdfEntry> = fc.record({
  label: fc.string({ maxLength: 40 }),
  id: fc.stringMatching(/^[ -~]{0,8}$/),
  authority: fc.boolean(),
  path: fc.oneof(
    fc.constant(Buffer.from('3F00503008F2', 'hex')),
    fc.constant(Buffer.from('08F2', 'hex')),
    fc.uint8Array({ minLength: 0, maxLength: 8 }).map((b) => Buffer.from(b)),
  ),
  offset: fc.oneof(fc.constantFrom(0, 0x700, 0xe00, 0x1500), fc.nat({ max: 0xffff })),
  length: fc.oneof(fc.nat({ max: 0x800 }), fc.nat({ max: 0x7fffffff })),
});

/** A directory of up to 80 objects (more than fit a 4 KiB file), or bytes with no shape. */
const hostileCdf: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.array(cdfEntry, { maxLength: 80 }).map((entries) => {
    const fits: CdfEntry[] = [];
    for (const e of entries) {
      try {
        encodeCdf([...fits, e], 0x2000, 'implicit');
        fits.push(e);
      } catch {
        break;
      }
    }
    return new Uint8Array(encodeCdf(fits, 0x2000, 'implicit'));
  }),
  fc.uint8Array({ maxLength: 0x1200 }),
);

export const cardCase: fc.Arbitrary<CardCase> = fc.record({
  scenario: fc.constantFrom(...SCENARIOS),
  mutations: fc.array(mutation, { maxLength: 6 }),
  endless: fc.option(
    fc.record({
      from: AT,
      sw1: fc.constantFrom(0x61 as const, 0x6c as const),
      sw2: fc.nat({ max: 255 }),
    }),
    { freq: 8 },
  ),
  cdf: fc.option(hostileCdf, { freq: 4 }),
  atr: fc.option(fc.uint8Array({ maxLength: 40 }), { freq: 10 }),
});

function mutate(response: Buffer, m: Mutation): Buffer {
  const data = response.subarray(0, Math.max(0, response.length - 2));
  const sw = response.subarray(Math.max(0, response.length - 2));
  switch (m.kind) {
    case 'truncate':
      return response.subarray(0, Math.min(m.keep, response.length - 1));
    case 'status':
      return Buffer.concat([data, Buffer.from([m.sw >> 8, m.sw & 0xff])]);
    case 'extra':
      return Buffer.concat([data, m.bytes, sw]);
    case 'drop':
      return Buffer.concat([data.subarray(0, Math.max(0, data.length - m.count)), sw]);
    case 'garbage':
      return Buffer.concat([m.bytes, Buffer.from([m.sw >> 8, m.sw & 0xff])]);
    case 'flip': {
      const copy = Buffer.from(response);
      if (copy.length) copy[(m.bit >> 3) % copy.length]! ^= 1 << (m.bit & 7);
      return copy;
    }
    case 'huge-der':
      return Buffer.concat([m.header, data.subarray(m.header.length), sw]);
    case 'hang':
      return response;
  }
}

/** READ BINARY of `file` as a card answers it (6282 at the end, 6B00 past it). */
function readFrom(file: Uint8Array, command: Buffer): Buffer {
  const offset = ((command[2]! & 0x7f) << 8) | command[3]!;
  const le = command.length === 5 ? command[4]! || 256 : 256;
  if (offset >= file.length) return Buffer.from([0x6b, 0x00]);
  const data = Buffer.from(file.subarray(offset, offset + le));
  return Buffer.concat([data, Buffer.from(data.length < le ? [0x62, 0x82] : [0x90, 0x00])]);
}

const NEVER = new Promise<Buffer>(() => undefined);

/** The card of one case: the real virtual card, its answers bent as the case says. */
class HostileCard implements SimulatedCard {
  readonly commands: Buffer[] = [];
  /** Set when the case ran out of time: from then on the card is gone (empty answers). */
  pulled = false;
  private selected: string | null = null;

  constructor(
    private readonly inner: VirtualCard,
    private readonly plan: CardCase,
  ) {}

  get atr(): Buffer {
    return this.plan.atr ? Buffer.from(this.plan.atr) : this.inner.atr;
  }

  powerOn(): void {
    this.inner.powerOn();
  }

  powerOff(): void {
    this.inner.powerOff();
  }

  reset(): void {
    this.inner.reset();
  }

  async process(command: Buffer): Promise<Buffer> {
    const index = this.commands.length;
    this.commands.push(Buffer.from(command));
    // Let timers run now and then: a driver looping on answers that come at once would
    // otherwise starve them, and the case's own deadline with them.
    if (index % 16 === 15) await new Promise((resolve) => setImmediate(resolve));
    if (this.pulled) return Buffer.alloc(0);
    if (command[1] === 0xa4 && command.length >= 7) {
      this.selected = command.subarray(5, 7).toString('hex');
    }
    const here = this.plan.mutations.filter((m) => m.at === index);
    if (here.some((m) => m.kind === 'hang')) return NEVER;
    const endless = this.plan.endless;
    let response: Buffer;
    if (endless && index >= endless.from) response = Buffer.from([endless.sw1, endless.sw2]);
    else if (this.plan.cdf && command[1] === 0xb0 && this.selected === '4104') {
      response = readFrom(this.plan.cdf, command);
    } else response = await this.inner.process(command);
    for (const m of here) response = mutate(response, m);
    return response;
  }
}

/** What one case did wrong; empty when it behaved. */
export interface CaseOutcome {
  problems: string[];
  apdus: number;
  timeouts: number;
  typedErrors: number;
}

/** A hung command costs one APDU timeout; reads must end long before this. */
export const APDU_TIMEOUT_MS = 25;
export const READ_LIMIT_MS = 5_000;
export const APDU_LIMIT = 5_000;

const cards = new Map<ScenarioName, VirtualCard>();
const NOW = () => new Date('2026-12-03T04:00:00Z');

async function cardFor(scenario: ScenarioName): Promise<VirtualCard> {
  let card = cards.get(scenario);
  if (!card) {
    card = await createVirtualCard({ scenario, now: NOW });
    cards.set(scenario, card);
  }
  card.reset();
  return card;
}

const PIN_INS = new Set([0x20, 0x24, 0x2c]);

class ReadHung extends Error {}

export async function runCardCase(plan: CardCase): Promise<CaseOutcome> {
  const card = new HostileCard(await cardFor(plan.scenario), plan);
  const driver = new CardDriver(new InProcessTransport(card), { timeoutMs: APDU_TIMEOUT_MS });
  const outcome: CaseOutcome = { problems: [], apdus: 0, timeouts: 0, typedErrors: 0 };
  const read = async (name: string, work: () => Promise<unknown>): Promise<unknown> => {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new ReadHung()), READ_LIMIT_MS);
    });
    try {
      return await Promise.race([work(), deadline]);
    } catch (err) {
      if (err instanceof ReadHung) {
        // Pull the card so the read still running ends, and say so.
        card.pulled = true;
        outcome.problems.push(`${name}: no end after ${READ_LIMIT_MS} ms`);
        return null;
      }
      if (!(err instanceof AppError)) {
        outcome.problems.push(
          `${name}: untyped ${(err as Error)?.name}: ${(err as Error)?.message}`,
        );
      } else {
        outcome.typedErrors++;
        if (err.code === 'timeout') outcome.timeouts++;
      }
      return null;
    } finally {
      clearTimeout(timer);
      const took = performance.now() - started;
      if (took > READ_LIMIT_MS) outcome.problems.push(`${name}: took ${Math.round(took)} ms`);
    }
  };
  const summary = (await read('summary', () => driver.readCardSummary())) as Awaited<
    ReturnType<CardDriver['readCardSummary']>
  > | null;
  for (const cert of summary?.certificates ?? []) {
    await read(`certificate ${cert.id}`, async () =>
      parseCertificateDer(cert.der, { id: cert.id, label: cert.label }),
    );
  }
  await read('pin status', () => driver.readPinStatus());
  await read('user-code status', () => driver.readUserCodeStatus());

  outcome.apdus = card.commands.length;
  if (outcome.apdus > APDU_LIMIT) outcome.problems.push(`${outcome.apdus} APDUs`);
  const pinFamily = card.commands.filter((c) => PIN_INS.has(c[1]!));
  if (pinFamily.some((c) => c.length > 5)) outcome.problems.push('a PIN-family command with data');
  if (driver.familyFromAtr().pinChannel !== 'iso' && pinFamily.length) {
    outcome.problems.push('a PIN-family command to a card that gets none');
  }
  return outcome;
}

/** Runs `runs` cases from `seed`; every misbehaving case is counted, the first few kept. */
export async function fuzzCardAnswers(options: FuzzOptions): Promise<FuzzFigures> {
  const started = performance.now();
  const figures: FuzzFigures = {
    target: 'card answers',
    cases: 0,
    failures: 0,
    examples: [],
    seconds: 0,
    detail: { apdus: 0, maxApdus: 0, timeouts: 0, typedErrors: 0 },
  };
  await fc.assert(
    fc.asyncProperty(cardCase, async (plan) => {
      const outcome = await runCardCase(plan);
      figures.cases++;
      figures.detail.apdus! += outcome.apdus;
      figures.detail.maxApdus = Math.max(figures.detail.maxApdus!, outcome.apdus);
      figures.detail.timeouts! += outcome.timeouts;
      figures.detail.typedErrors! += outcome.typedErrors;
      checkFailures(figures, outcome.problems, plan);
      options.progress?.(figures);
    }),
    { numRuns: options.runs, seed: options.seed },
  );
  figures.seconds = (performance.now() - started) / 1000;
  return figures;
}

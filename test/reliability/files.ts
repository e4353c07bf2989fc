/**
 * Fuzzing what files hand the app (docs/reliability.md "Files"): certificates (DER and PEM,
 * parsed directly and, for one case in twenty, through `citizen-card advise --cert FILE`),
 * certificate directories, virtual-card state files, settings files, and diagnostic reports
 * whose every string is replaced. Each starts from a real one and is bent by fast-check:
 * bits flipped, bytes replaced, inserted or cut, pieces spliced together, JSON fields given
 * other values. Every case must end with a result or a typed AppError, never an untyped
 * exception, and text printed from it must carry no terminal control character.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { advise } from '../../src/advisor';
import { parseCdf } from '../../src/card';
import { parseCertificates, toPem } from '../../src/certs';
import { runCli } from '../../src/cli/main';
import { AppError } from '../../src/core/errors';
import { formatReportText, type DiagnosticReport } from '../../src/service/diagnostics';
import { loadSettings } from '../../src/service/settings';
import { createVirtualCard, type VirtualCard } from '../../src/virtual-card';
import { encodeCdf } from '../../src/virtual-card/cdf';
import { loadState } from '../../src/virtual-card/state-file';
import { outputControls } from '../helpers/terminal';
import { checkFailures, type FuzzFigures, type FuzzOptions } from './figures';

const NOW = new Date('2026-12-03T04:00:00Z');

export type FileKind = 'certificate' | 'cdf' | 'state' | 'settings' | 'report';
export const FILE_KINDS: FileKind[] = ['certificate', 'cdf', 'state', 'settings', 'report'];

type Edit =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; byte: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'cut'; at: number; count: number }
  | { op: 'truncate'; at: number }
  | { op: 'splice'; at: number; from: number; count: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), byte: fc.nat({ max: 255 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  }),
  fc.record({
    op: fc.constant('cut' as const),
    at: fc.nat(),
    count: fc.integer({ min: 1, max: 300 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('splice' as const),
    at: fc.nat(),
    from: fc.nat(),
    count: fc.integer({ min: 1, max: 400 }),
  }),
);

/** `base` with the edits applied, positions taken modulo its length as it changes. */
function applyEdits(base: Buffer, edits: Edit[], donor: Buffer): Buffer {
  let b = Buffer.from(base);
  for (const e of edits) {
    const at = b.length ? e.at % (b.length + 1) : 0;
    switch (e.op) {
      case 'flip':
        if (b.length) b[at % b.length]! ^= 1 << e.bit;
        break;
      case 'set':
        if (b.length) b[at % b.length] = e.byte;
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), e.bytes, b.subarray(at)]);
        break;
      case 'cut':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + e.count)]);
        break;
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'splice': {
        const from = donor.length ? e.from % donor.length : 0;
        b = Buffer.concat([
          b.subarray(0, at),
          donor.subarray(from, from + e.count),
          b.subarray(at),
        ]);
        break;
      }
    }
  }
  return b;
}

const edits = fc.array(edit, { minLength: 1, maxLength: 8 });

interface Seeds {
  ders: Buffer[];
  pems: Buffer[];
  cdf: Buffer;
  state: Record<string, unknown>;
  report: DiagnosticReport;
}

let seeds: Seeds | null = null;

async function seedFiles(dir: string): Promise<Seeds> {
  if (seeds) return seeds;
  const statePath = join(dir, 'seed-state.json');
  const card: VirtualCard = await createVirtualCard({ statePath, now: () => NOW });
  const c = card.certificates;
  const ders = [c.signing, c.keyExchange, c.issuingCa, c.rootCa];
  const cdf = encodeCdf(
    ders.map((der, i) => ({
      label: ['Signature certificate', 'Key exchange', 'CA', 'Root'][i]!,
      id: ['SIGN', 'KEYX', 'CA', 'ROOT'][i]!,
      authority: i >= 2,
      path: Buffer.from('3F00503008F2', 'hex'),
      offset: [0, 0x700, 0xe00, 0x1500][i]!,
      length: der.length,
    })),
    512,
    'implicit',
  );
  const { readFileSync } = await import('node:fs');
  const state = JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, unknown>;
  const out = await cli([
    'diagnose',
    '--virtual',
    'fresh',
    '--unmask',
    '--trace',
    join(dir, 'r.json'),
    '--json',
  ]);
  const report = JSON.parse(out.stdout) as DiagnosticReport;
  seeds = { ders, pems: ders.map((d) => Buffer.from(toPem(d))), cdf, state, report };
  return seeds;
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const code = await runCli(
    argv,
    {
      stdout: new PassThrough().on('data', (c: Buffer) => out.push(Buffer.from(c))),
      stderr: new PassThrough().on('data', (c: Buffer) => err.push(Buffer.from(c))),
      stdin: Readable.from([]),
      env: { LANG: 'en_US.UTF-8' },
    },
    { now: () => NOW },
  );
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

/** Runs `work`; an untyped error is a problem, a typed one is a refusal that says why. */
async function typed(problems: string[], name: string, work: () => unknown): Promise<unknown> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof AppError)) {
      problems.push(`${name}: untyped ${(err as Error)?.name}: ${(err as Error)?.message}`);
    }
    return undefined;
  }
}

/** A JSON value put in place of a field, or the field removed (undefined). */
const jsonReplacement = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.integer(),
  fc.double(),
);

const stateCase = fc.record({
  replace: fc.dictionary(
    fc.constantFrom(
      'format',
      'version',
      'scenario',
      'cardNumber',
      'holderName',
      'holderSerialNumber',
      'pin',
      'userCode',
      'pinTriesLeft',
      'userCodeTriesLeft',
      'extra',
    ),
    jsonReplacement,
    { maxKeys: 3 },
  ),
  bytes: fc.option(edits, { freq: 3 }),
});

/** A report with some of its strings (findings, readers, trace) replaced by anything. */
function bendReport(report: DiagnosticReport, strings: string[]): DiagnosticReport {
  let next = 0;
  const bend = (value: unknown): unknown => {
    if (typeof value === 'string') return next < strings.length ? strings[next++] : value;
    if (Array.isArray(value)) return value.map(bend);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bend(v)]));
    }
    return value;
  };
  // Keep the schema and language: a report of another schema is refused before rendering.
  const bent = bend(report) as DiagnosticReport;
  return { ...bent, schema: report.schema, lang: report.lang };
}

export const fileCase = fc.record({
  kind: fc.constantFrom(...FILE_KINDS),
  seed: fc.nat({ max: 3 }),
  pem: fc.boolean(),
  edits,
  state: stateCase,
  strings: fc.array(fc.string({ unit: 'binary', maxLength: 60 }), { maxLength: 40 }),
  throughCli: fc.nat({ max: 19 }),
});
type FileCase = typeof fileCase extends fc.Arbitrary<infer T> ? T : never;

async function runFileCase(c: FileCase, dir: string, s: Seeds): Promise<string[]> {
  const problems: string[] = [];
  switch (c.kind) {
    case 'certificate': {
      const base = (c.pem ? s.pems : s.ders)[c.seed]!;
      const bytes = applyEdits(base, c.edits, Buffer.concat(c.pem ? s.pems : s.ders));
      const certs = (await typed(problems, 'parse', () => parseCertificates(bytes))) as
        ReturnType<typeof parseCertificates> | undefined;
      const first = certs?.[0]?.summary;
      if (first) {
        await typed(problems, 'advise', () =>
          advise({ notBefore: first.notBefore, notAfter: first.notAfter, today: '2026-12-03' }),
        );
      }
      if (c.throughCli === 0) {
        const file = join(dir, 'cert.bin');
        writeFileSync(file, bytes);
        const r = await cli(['advise', '--cert', file, '--today', '2026-12-03']);
        if (![0, 2].includes(r.code)) problems.push(`advise --cert exit ${r.code}: ${r.stderr}`);
        if (outputControls(r.stdout + r.stderr).length) problems.push('raw control in output');
      }
      break;
    }
    case 'cdf': {
      const bytes = applyEdits(s.cdf, c.edits, Buffer.concat(s.ders));
      await typed(problems, 'parseCdf', () => parseCdf(bytes));
      break;
    }
    case 'state': {
      const doc: Record<string, unknown> = { ...s.state };
      for (const [k, v] of Object.entries(c.state.replace)) {
        if (v === undefined) delete doc[k];
        else doc[k] = v;
      }
      let bytes: Buffer = Buffer.from(JSON.stringify(doc));
      if (c.state.bytes) bytes = applyEdits(bytes, c.state.bytes, bytes);
      const file = join(dir, 'state.json');
      writeFileSync(file, bytes);
      const loaded = await typed(problems, 'loadState', () => loadState(file));
      // A file that loads must make a card that works.
      if (loaded) {
        await typed(problems, 'createVirtualCard', async () => {
          const card = await createVirtualCard({ statePath: file, now: () => NOW });
          await card.process(Buffer.from('00A40000023F00', 'hex'));
        });
      }
      break;
    }
    case 'settings': {
      const base = Buffer.from(JSON.stringify({ onlineStatusCheck: false, rememberCards: true }));
      const file = join(dir, 'config', 'settings.json');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(dir, 'config'), { recursive: true });
      writeFileSync(file, applyEdits(base, c.edits, Buffer.from(c.strings.join(''))));
      const loaded = (await typed(problems, 'loadSettings', () => loadSettings(file))) as
        Awaited<ReturnType<typeof loadSettings>> | undefined;
      for (const v of Object.values(loaded?.settings ?? {})) {
        if (typeof v !== 'boolean') problems.push('a setting that is not a boolean');
      }
      break;
    }
    case 'report': {
      const report = bendReport(s.report, c.strings);
      const text = (await typed(problems, 'formatReportText', () => formatReportText(report))) as
        string | undefined;
      if (text !== undefined && outputControls(text).length) {
        problems.push(`raw control in the rendered report: ${outputControls(text).join(' ')}`);
      }
      break;
    }
  }
  return problems;
}

export async function fuzzFiles(options: FuzzOptions): Promise<FuzzFigures> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'ccm-fuzz-files-'));
  const figures: FuzzFigures = {
    target: 'files',
    cases: 0,
    failures: 0,
    examples: [],
    seconds: 0,
    detail: Object.fromEntries(FILE_KINDS.map((k) => [k, 0])),
  };
  try {
    const s = await seedFiles(dir);
    await fc.assert(
      fc.asyncProperty(fileCase, async (c) => {
        const problems = await runFileCase(c, dir, s);
        figures.cases++;
        figures.detail[c.kind]!++;
        checkFailures(figures, problems, { kind: c.kind, case: c });
        options.progress?.(figures);
      }),
      { numRuns: options.runs, seed: options.seed },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  figures.seconds = (performance.now() - started) / 1000;
  return figures;
}

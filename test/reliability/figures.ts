/** What a fuzz or soak run reports: the figures docs/reliability.md records. */

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** Called after every case (the long runs print a line now and then). */
  progress?: (figures: FuzzFigures) => void;
}

export interface FuzzFigures {
  target: string;
  cases: number;
  /** Cases that broke a rule (an untyped error, a hang, a PIN byte sent...). */
  failures: number;
  /** The first few failing cases, with what went wrong, to replay. */
  examples: Array<{ problems: string[]; input: string }>;
  seconds: number;
  /** Counts particular to the target (APDUs sent, timeouts, files written...). */
  detail: Record<string, number>;
}

const KEPT_EXAMPLES = 5;

/** Counts a case as failed when it has problems, and keeps it if it is one of the first. */
export function checkFailures(figures: FuzzFigures, problems: string[], input: unknown): void {
  if (!problems.length) return;
  figures.failures++;
  if (figures.examples.length < KEPT_EXAMPLES) {
    figures.examples.push({ problems, input: describe(input) });
  }
}

function describe(input: unknown): string {
  const text = JSON.stringify(input, (_key, value: unknown) =>
    value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value,
  );
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

export function figuresLine(f: FuzzFigures): string {
  const extra = Object.entries(f.detail)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `${f.target}: ${f.cases} cases, ${f.failures} failures, ${f.seconds.toFixed(1)} s${extra ? ` (${extra})` : ''}`;
}

/**
 * Reports are pasted into tickets, so who the card belongs to is hidden unless the person
 * asks (cli.md: `diagnose` masks the card number and holder unless `--unmask`).
 */

const STAR = '*';

/** Keep the first and last four characters: TP03000012345678 → TP03********5678. */
export function maskCardNumber(value: string): string {
  const chars = [...value];
  if (chars.length <= 8) return chars.map((c, i) => (i < chars.length - 2 ? STAR : c)).join('');
  return chars.slice(0, 4).join('') + STAR.repeat(chars.length - 8) + chars.slice(-4).join('');
}

/** Only the last four characters survive (the subject's serialNumber attribute). */
export function maskSerial(value: string): string {
  const chars = [...value];
  const keep = chars.length > 4 ? 4 : 0;
  return STAR.repeat(chars.length - keep) + chars.slice(chars.length - keep).join('');
}

function maskWord(word: string): string {
  const chars = [...word];
  if (chars.length <= 1) return STAR;
  if (chars.length === 2) return chars[0] + STAR;
  return chars[0] + STAR.repeat(chars.length - 2) + chars[chars.length - 1];
}

/**
 * A Chinese name keeps its first and last character (王小明 → 王*明); a name of several
 * words keeps each word's initial (Wang Xiao Ming → W*** X*** M***).
 */
export function maskName(value: string): string {
  const words = value.trim().split(/\s+/);
  if (words.length <= 1) return maskWord(value.trim());
  return words.map((w) => [...w][0] + STAR.repeat([...w].length - 1)).join(' ');
}

/** Raw personal values found on the card and what replaces each in a masked report. */
export class Redactions {
  private readonly pairs = new Map<string, string>();

  add(raw: string | null | undefined, masked: (v: string) => string): void {
    // One character occurs in ordinary text too; replacing it would garble, not protect.
    if (!raw || [...raw.trim()].length < 2) return;
    this.pairs.set(raw, masked(raw));
    const trimmed = raw.trim();
    if (trimmed !== raw) this.pairs.set(trimmed, masked(trimmed));
  }

  get size(): number {
    return this.pairs.size;
  }

  /** Replace every raw value, longest first so a value inside another goes with it. */
  scrubText(text: string): string {
    let out = text;
    const raws = [...this.pairs.keys()].sort((a, b) => b.length - a.length);
    for (const raw of raws) out = out.split(raw).join(this.pairs.get(raw)!);
    return out;
  }

  /** A deep copy of `value` with every string scrubbed (keys included). */
  scrub<T>(value: T): T {
    if (this.pairs.size === 0) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.scrubText(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [this.scrubText(k), this.walk(v)]),
      );
    }
    return value;
  }
}

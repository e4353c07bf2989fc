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

/** What a masked report shows instead of the OS user name in a path. */
export const USER_PLACEHOLDER = '<user>';

/**
 * Shared system accounts name nobody; masking them would only garble words ("root CA").
 */
const IMPERSONAL_ACCOUNTS = new Set(['root', 'admin', 'administrator', 'user', 'guest']);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Raw personal values and what replaces each in a masked report: found on the card (card
 * number, holder, certificate serial numbers) and on the machine (the home folder, which
 * becomes `~`, and the OS user name wherever it is a folder's name).
 */
export class Redactions {
  private readonly pairs = new Map<string, string>();
  /** Machine values, replaced only where they end a path segment. */
  private readonly segments: Array<{ pattern: RegExp; replacement: string }> = [];

  add(raw: string | null | undefined, masked: (v: string) => string): void {
    // One character occurs in ordinary text too; replacing it would garble, not protect.
    if (!raw || [...raw.trim()].length < 2) return;
    this.pairs.set(raw, masked(raw));
    const trimmed = raw.trim();
    if (trimmed !== raw) this.pairs.set(trimmed, masked(trimmed));
  }

  /**
   * The home folder becomes `~` (`/Users/chen/Library/x` → `~/Library/x`), written with
   * either slash since Windows paths turn up both ways, and in any letter case on Windows.
   */
  addHome(home: string | null | undefined): void {
    const trimmed = home?.replace(/[\\/]+$/, '');
    // "/" or "C:" is no one's folder: replacing it would rewrite every path.
    if (!trimmed || !/[\\/][^\\/]+/.test(trimmed)) return;
    const anySlash = trimmed.split(/[\\/]/).map(escapeRegExp).join('[\\\\/]');
    this.segments.push({
      pattern: new RegExp(`${anySlash}(?=[\\\\/]|$|[^\\w.-])`, 'giu'),
      replacement: '~',
    });
  }

  /**
   * The OS user name wherever it names a folder (`D:\chen\HiCOS`, `/Volumes/chen/...`),
   * in any letter case as Windows allows. Only as a path segment: a short name like "card"
   * would otherwise be cut out of ordinary words.
   */
  addUserName(name: string | null | undefined): void {
    const trimmed = name?.trim();
    if (!trimmed || [...trimmed].length < 2 || IMPERSONAL_ACCOUNTS.has(trimmed.toLowerCase())) {
      return;
    }
    this.segments.push({
      pattern: new RegExp(`(?<=^|[\\\\/])${escapeRegExp(trimmed)}(?=[\\\\/]|$|[^\\w.-])`, 'giu'),
      replacement: USER_PLACEHOLDER,
    });
  }

  get size(): number {
    return this.pairs.size + this.segments.length;
  }

  /** Replace every raw value, longest first so a value inside another goes with it. */
  scrubText(text: string): string {
    let out = text;
    const raws = [...this.pairs.keys()].sort((a, b) => b.length - a.length);
    for (const raw of raws) out = out.split(raw).join(this.pairs.get(raw)!);
    // The home folder before the user name, so `/home/chen/x` reads `~/x`, not `/home/<user>/x`.
    for (const { pattern, replacement } of this.segments) out = out.replace(pattern, replacement);
    return out;
  }

  /** A deep copy of `value` with every string scrubbed (keys included). */
  scrub<T>(value: T): T {
    if (this.size === 0) return value;
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

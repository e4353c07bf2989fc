/**
 * The options of `argv` that one benchmark part knows: `--name value`, `--name=value`, and
 * the flags in `flags` (`--known`), which take no value.
 */
export function optionsFor(
  known: ReadonlySet<string>,
  argv: readonly string[],
  flags: ReadonlySet<string> = new Set(),
): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [name] = argv[i]!.split('=');
    const takesValue = !argv[i]!.includes('=') && !flags.has(name!);
    if (!known.has(name!)) {
      if (takesValue) i++;
      continue;
    }
    out.push(argv[i]!);
    if (takesValue && argv[i + 1] !== undefined) out.push(argv[++i]!);
  }
  return out;
}

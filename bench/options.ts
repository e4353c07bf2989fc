/** The options of `argv` (`--name value` or `--name=value`) that one benchmark part knows. */
export function optionsFor(known: Set<string>, argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [name] = argv[i]!.split('=');
    const inline = argv[i]!.includes('=');
    if (!known.has(name!)) {
      if (!inline) i++;
      continue;
    }
    out.push(argv[i]!);
    if (!inline && argv[i + 1] !== undefined) out.push(argv[++i]!);
  }
  return out;
}

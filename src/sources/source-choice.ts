/**
 * How the app is told which cards to show at start, shared by the Electron main process and
 * the browser host: real cards through PC/SC, always, unless `--demo [SCENARIO]` asks for
 * the demo card. There is no fallback: without a PC/SC service or a reader the app says
 * what is missing (docs/app.md "Card states") and offers the demo card as a button.
 */
export type { SourceFactories } from './switchable-source';

export const DEFAULT_DEMO_SCENARIO = 'fresh';

export interface LaunchOptions {
  /** `--demo SCENARIO`: start on the demo card; null: real cards. */
  demo: string | null;
}

/**
 * Reads `--demo SCENARIO`, `--demo=SCENARIO` and `--demo` (fresh) anywhere in argv. `--pcsc`
 * (PC/SC only, from when the app fell back to the demo) is still accepted and means
 * nothing now: PC/SC is what the app runs on unless the demo is asked for.
 */
export function parseLaunchArgs(argv: readonly string[]): LaunchOptions {
  let demo: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--demo=')) demo = arg.slice('--demo='.length) || DEFAULT_DEMO_SCENARIO;
    else if (arg === '--demo') {
      const next = argv[i + 1];
      demo = next && !next.startsWith('-') ? next : DEFAULT_DEMO_SCENARIO;
      if (demo === next) i++;
    }
  }
  return { demo };
}

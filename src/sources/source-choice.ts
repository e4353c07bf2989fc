/**
 * Which CardSource the app runs on: the PC/SC card service, or the in-process virtual card
 * (demo mode). Shared by the Electron main process and the browser host, so both fall back
 * the same way: a person without pcscd or without a reader still gets a working app, on a
 * card that is clearly marked as a demo.
 */
import type { CardSource, CardSourceEvents } from './card-source';

export const DEFAULT_DEMO_SCENARIO = 'fresh';

export interface LaunchOptions {
  /** `--demo SCENARIO`: run on the virtual card. */
  demo: string | null;
  /** `--pcsc`: PC/SC only, never fall back to the demo (tests, helpdesks). */
  pcscOnly: boolean;
}

export interface SourceFactories {
  /** Rejects when the PC/SC service (or the native addon) is not available. */
  pcsc(): Promise<CardSource>;
  demo(scenario: string): Promise<CardSource>;
}

export type FallbackReason = 'no-pcsc' | 'no-reader';

export interface SourceChoice {
  source: CardSource;
  demoScenario: string | null;
  /** Why the demo runs although nobody asked for it. */
  fallback: FallbackReason | null;
}

/** Reads `--demo SCENARIO`, `--demo=SCENARIO`, `--demo` (fresh) and `--pcsc` anywhere in argv. */
export function parseLaunchArgs(argv: readonly string[]): LaunchOptions {
  let demo: string | null = null;
  let pcscOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--pcsc') pcscOnly = true;
    else if (arg.startsWith('--demo=')) demo = arg.slice('--demo='.length) || DEFAULT_DEMO_SCENARIO;
    else if (arg === '--demo') {
      const next = argv[i + 1];
      demo = next && !next.startsWith('-') ? next : DEFAULT_DEMO_SCENARIO;
      if (demo === next) i++;
    }
  }
  return { demo, pcscOnly };
}

/** The first of `events` the source emits within `timeoutMs`, or null. */
export function firstEvent<K extends keyof CardSourceEvents>(
  source: CardSource,
  events: readonly K[],
  timeoutMs: number,
): Promise<K | null> {
  return new Promise((resolve) => {
    const listeners = events.map((event) => [event, () => done(event)] as const);
    const done = (event: K | null) => {
      clearTimeout(timer);
      for (const [name, listener] of listeners) source.off(name, listener);
      resolve(event);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    for (const [name, listener] of listeners) source.on(name, listener);
  });
}

/** pcscd reports its readers within ~20 ms of a connection (docs/pcsc-linux.md). */
async function waitForReader(source: CardSource, settleMs: number): Promise<boolean> {
  if (source.readers().length > 0) return true;
  await firstEvent(source, ['reader-added'], settleMs);
  return source.readers().length > 0;
}

export async function chooseCardSource(
  options: LaunchOptions,
  factories: SourceFactories,
  settleMs = 1000,
): Promise<SourceChoice> {
  if (options.demo !== null) {
    return {
      source: await factories.demo(options.demo),
      demoScenario: options.demo,
      fallback: null,
    };
  }
  let pcsc: CardSource;
  try {
    pcsc = await factories.pcsc();
  } catch (err) {
    if (options.pcscOnly) throw err;
    return demoFallback(factories, 'no-pcsc');
  }
  if (options.pcscOnly || (await waitForReader(pcsc, settleMs))) {
    return { source: pcsc, demoScenario: null, fallback: null };
  }
  await pcsc.close();
  return demoFallback(factories, 'no-reader');
}

async function demoFallback(
  factories: SourceFactories,
  fallback: FallbackReason,
): Promise<SourceChoice> {
  const source = await factories.demo(DEFAULT_DEMO_SCENARIO);
  return { source, demoScenario: DEFAULT_DEMO_SCENARIO, fallback };
}

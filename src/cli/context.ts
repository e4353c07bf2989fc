import type { CardSource } from '../sources/card-source';
import type { Lang } from '../core/i18n';
import type { Pkcs11Settings } from '../sources/pin-backend';
import type { RevocationCheckOptions } from '../service/revocation';

/** What every command gets: parsed options, the language, and where to write. */
export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/**
 * What the CLI is wired to. `src/` may not load the native PC/SC addon, so the entry point
 * (bin/citizen-card.mjs) hands the PC/SC card source in; tests hand in their own.
 */
export interface CliServices {
  /** The PC/SC card service; absent means "no PC/SC in this build" (exit 3). */
  openPcsc?: () => Promise<CardSource>;
  /** The in-process virtual card for --virtual; the default is src/sources. */
  openVirtual?: (
    scenario: string | undefined,
    statePath: string | undefined,
    now: (() => Date) | undefined,
  ) => Promise<CardSource>;
  /** "Now" for the advisor and certificate badges (tests and demos pin it). */
  now?: () => Date;
  /** PKCS#11 for vendor cards' PIN (tests: SoftHSM2's environment and a slot matcher). */
  pkcs11?: Pkcs11Settings;
  /** `--online` checks: tests narrow the cache folder or the transport. */
  revocation?: Partial<RevocationCheckOptions>;
}

export interface CliContext {
  lang: Lang;
  json: boolean;
  io: CliIO;
  services: CliServices;
  /** Option values from node:util parseArgs (strings, booleans, or arrays of them). */
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  positionals: string[];
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
}

export interface CliCommand {
  name: string;
  /** One-line description key in the cli locale catalogue. */
  summaryKey: string;
  /** Usage line shown by `citizen-card help NAME` (not translated: it is syntax). */
  usage: string;
  options: Record<string, OptionSpec>;
  /** Resolve with the exit code; throw an AppError for failures (mapped by exitCodeFor). */
  run(ctx: CliContext): Promise<number>;
  /** Extra guidance printed after the error message of a failed run (what to do next). */
  afterError?(err: unknown, ctx: CliContext): void;
}

/** A string option's value; absent, or given as a flag or a list, is undefined. */
export function stringOption(ctx: CliContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * `--extended` / `--original`: the person's own statement of whether the certificate was
 * extended (展期), which the advisor otherwise infers from its dates (citizen-rules.md).
 */
import { InvalidInputError } from '../core/errors';
import type { CliContext, OptionSpec } from './context';

export const EXTENSION_OPTIONS: Record<string, OptionSpec> = {
  extended: { type: 'boolean' },
  original: { type: 'boolean' },
};

/**
 * true: extended, false: not, undefined: not stated. Both at once is bad usage, told in the
 * command's own words (`bothKey`).
 */
export function statedExtension(ctx: CliContext, bothKey: string): boolean | undefined {
  const extended = ctx.values.extended === true;
  const original = ctx.values.original === true;
  if (extended && original) throw new InvalidInputError(bothKey);
  return extended ? true : original ? false : undefined;
}

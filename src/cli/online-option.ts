/**
 * `--online` and `--timeout SECONDS` (cli.md): ask the certificates' issuer for their status.
 * Without `--online` no request is ever made and every certificate says `not-checked`.
 */
import { join } from 'node:path';
import { revocationNotChecked } from '../advisor';
import type { ParsedCertificate } from '../certs';
import { InvalidInputError } from '../core/errors';
import type { RevocationInfo } from '../core/model';
import { userDirs } from '../platform';
import {
  checkCertificates,
  DEFAULT_TIMEOUT_MS,
  type RevocationCheckOptions,
} from '../service/revocation';
import { stringOption, type CliContext, type OptionSpec } from './context';

export const ONLINE_OPTIONS: Record<string, OptionSpec> = {
  online: { type: 'boolean' },
  timeout: { type: 'string' },
};

const MAX_TIMEOUT_SECONDS = 300;

/** The check's options, or null when `--online` was not given. Bad `--timeout` is exit 2. */
export function onlineOptions(ctx: CliContext): RevocationCheckOptions | null {
  const raw = stringOption(ctx, 'timeout');
  const online = ctx.values.online === true;
  if (raw !== undefined && !online) throw new InvalidInputError('cli.online.timeoutWithoutOnline');
  if (!online) return null;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (raw !== undefined) {
    const seconds = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!(seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
      throw new InvalidInputError('cli.online.badTimeout', {
        value: raw,
        max: MAX_TIMEOUT_SECONDS,
      });
    }
    timeoutMs = Math.round(seconds * 1000);
  }
  return {
    now: ctx.services.now,
    timeoutMs,
    env: ctx.io.env,
    cacheDir: join(userDirs(ctx.io.env).cache, 'revocation'),
    ...ctx.services.revocation,
  };
}

/** Each certificate's status: asked when `options` is given, else `not-checked`. */
export async function certificateStatuses(
  certs: ParsedCertificate[],
  options: RevocationCheckOptions | null,
): Promise<Map<string, RevocationInfo>> {
  if (!options) {
    return new Map(certs.map((c) => [c.summary.id, revocationNotChecked('not-requested')]));
  }
  return checkCertificates(certs, options);
}

/**
 * The CLI's way to the PinBackend seam: `--pkcs11-module PATH` and the services' PKCS#11
 * settings (tests: SoftHSM2's environment and a slot matcher).
 */
import { homedir } from 'node:os';
import type { PinBackendOptions } from '../sources/pin-backend';
import type { CliContext, OptionSpec } from './context';

export const PKCS11_OPTIONS: Record<string, OptionSpec> = {
  'pkcs11-module': { type: 'string' },
};

export function pinBackendOptions(ctx: CliContext): PinBackendOptions {
  const given = ctx.values['pkcs11-module'];
  const base = ctx.services.pkcs11 ?? {};
  return {
    pkcs11: {
      ...base,
      modulePath: typeof given === 'string' && given !== '' ? given : base.modulePath,
      // CITIZEN_CARD_PKCS11_MODULE is read from the CLI's own environment.
      environment: base.environment ?? {
        platform: process.platform,
        home: homedir(),
        env: ctx.io.env,
      },
    },
  };
}

/**
 * The CLI's way to the PinBackend seam: `--pkcs11-module PATH`, the services' PKCS#11
 * settings (tests: SoftHSM2's environment and a slot matcher), and the vendor card's PIN
 * state for `status`.
 */
import { homedir } from 'node:os';
import type { CardSource, ReaderState } from '../sources/card-source';
import { localizeError } from '../core/i18n';
import { vendorPinState, type PinBackendOptions } from '../sources/pin-backend';
import type { StatusReport } from './status-report';
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

/**
 * A vendor card's PIN state from its PKCS#11 module, into the status report (cli.md:
 * flags, not counts). A module that fails or has no slot for the card is a problem of the
 * report, worded here since the CLI prints it; no module at all leaves the state unknown.
 * Returns whether the token asks for a new PIN.
 */
export async function addVendorPinState(
  ctx: CliContext,
  source: CardSource,
  reader: ReaderState,
  report: StatusReport,
): Promise<boolean> {
  const state = await vendorPinState(source, reader, pinBackendOptions(ctx), {
    pinChannel: report.status.pinChannel,
    cardNumber: report.status.cardNumber,
    certificates: report.cardCertificates,
  });
  if (!state) return false;
  report.status.pin = state.pin;
  report.status.userCode = state.userCode;
  if (state.problem) {
    report.problems.push({
      item: 'pin',
      code: state.problem.code,
      message: localizeError(state.problem, ctx.lang),
    });
  }
  return state.pinMustChange;
}

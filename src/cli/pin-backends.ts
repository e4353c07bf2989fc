/**
 * The CLI's way to the PinBackend seam: `--pkcs11-module PATH`, the services' PKCS#11
 * settings (tests: SoftHSM2's environment and a slot matcher), and the vendor card's PIN
 * state for `status` and `diagnose`.
 */
import { homedir } from 'node:os';
import type { CardSource, ReaderState } from '../card-source';
import { localizeError } from '../i18n';
import { openPinBackend, type PinBackendOptions } from '../pin-backend';
import type { SecretStatus } from '../model';
import type { StatusReport } from './card-status';
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
 * report; no module at all leaves the state unknown, as before. Returns whether the token
 * asks for a new PIN.
 */
export async function addVendorPinState(
  ctx: CliContext,
  source: CardSource,
  reader: ReaderState,
  report: StatusReport,
): Promise<boolean> {
  if (report.status.pinChannel !== 'vendor') return false;
  const backend = await openPinBackend(source, reader, pinBackendOptions(ctx), {
    cardNumber: report.status.cardNumber,
  });
  try {
    const state = await backend.state({
      cardCertificates: report.parsed.map((p) => ({
        id: p.summary.id,
        label: p.summary.label,
        der: p.der,
      })),
    });
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
  } finally {
    await backend.close();
  }
}

/**
 * For `diagnose`: the PIN state of the card in `readerName` when its module answers for it,
 * as the app's Diagnose screen gets it. null (unknown) for every other backend: no module,
 * no slot for this card, or an ISO card, whose counters the diagnosis reads itself.
 */
export async function moduleSecretState(
  ctx: CliContext,
  source: CardSource,
  readerName: string,
): Promise<{ pin: SecretStatus | null; userCode: SecretStatus | null } | null> {
  const reader = source.readers().find((r) => r.name === readerName);
  if (!reader) return null;
  const backend = await openPinBackend(source, reader, pinBackendOptions(ctx));
  try {
    if (backend.kind !== 'pkcs11') return null;
    const state = await backend.state();
    return { pin: state.pin, userCode: state.userCode };
  } finally {
    await backend.close();
  }
}

/**
 * The one path every PIN command takes (verify, change-pin, unblock):
 *
 *   secrets from stdin (checked before the card is touched) → the card's PIN backend
 *   (ISO APDUs, or the vendor's PKCS#11 module for a real MOICA card) → its tries or
 *   flags, read without spending one → refuse a blocked counter, or the last try without
 *   --yes-last-try → secrets from the terminal → the backend's operation (ISO: one
 *   exclusive connection that resets the card afterwards) → the fresh counters.
 *
 * The backends enforce the same rules again; this layer exists to say them to the person
 * before they type anything, and to keep the secrets' lifetime to the operation.
 */
import { refuseOnTries, wipe } from '../card/pin-policy';
import {
  isAppError,
  PinOperationRefused,
  SecretBlockedError,
  type SecretKind,
} from '../core/errors';
import { t } from '../core/i18n';
import type { SecretStatus } from '../core/model';
import { situation } from '../advisor';
import {
  withPinBackend,
  type PinBackend,
  type PinBackendKind,
  type PinOperation,
} from '../sources/pin-backend';
import { withChosenReader } from './card-access';
import type { CliContext } from './context';
import { EXIT } from './exit-codes';
import { secretStatusText } from './format-status';
import { pinBackendOptions } from './pin-backends';
import { collectSecrets, ensureSecretSource, wantsStdin, type SecretField } from './secrets';

export type PinOperationName = 'verify' | 'change-pin' | 'unblock';

interface OperationPlan {
  fields: SecretField[];
  /** The counter the operation spends from. */
  guards: SecretKind;
  intent: PinOperation;
  run(backend: PinBackend, secrets: Buffer[], confirmLastTry: boolean): Promise<void>;
}

const PLANS: Record<PinOperationName, OperationPlan> = {
  verify: {
    fields: ['pin'],
    guards: 'pin',
    intent: 'verify',
    run: (d, [pin], confirmLastTry) => d.verifyPin(pin as Buffer, { confirmLastTry }),
  },
  'change-pin': {
    fields: ['oldPin', 'newPin'],
    guards: 'pin',
    intent: 'change',
    run: (d, [oldPin, newPin], confirmLastTry) =>
      d.changePin(oldPin as Buffer, newPin as Buffer, { confirmLastTry }),
  },
  unblock: {
    fields: ['userCode', 'newPin'],
    guards: 'userCode',
    intent: 'unblock',
    run: (d, [userCode, newPin], confirmLastTry) =>
      d.unblockPin(userCode as Buffer, newPin as Buffer, { confirmLastTry }),
  },
};

interface Counters {
  pin: SecretStatus | null;
  userCode: SecretStatus | null;
}

/** Which backend served a command's card: the "unblock here" hint is for ISO cards only. */
const backendKinds = new WeakMap<CliContext, PinBackendKind>();

async function readCounters(backend: PinBackend): Promise<Counters> {
  const state = await backend.state();
  if (state.problem) throw state.problem;
  return { pin: state.pin, userCode: state.userCode };
}

/**
 * Safety rules decided from the card's family and its counters (or PKCS#11 flags), before
 * any secret is asked for. Unknown cards, and real MOICA cards without the vendor's module,
 * are never sent a PIN command (card-profile.md §1.3, §1.4).
 */
export async function precheck(
  ctx: CliContext,
  backend: PinBackend,
  plan: Pick<OperationPlan, 'intent' | 'guards'>,
  confirmLastTry: boolean,
): Promise<Counters> {
  const refusal = backend.refusalFor(plan.intent);
  if (refusal) throw refusal;
  const counters = await readCounters(backend);
  const guarded = counters[plan.guards];
  if (!ctx.json) {
    const label = t(ctx.lang, plan.guards === 'pin' ? 'cli.label.pin' : 'cli.label.userCode');
    say(ctx, `${label}: ${secretStatusText(guarded, plan.guards, ctx.lang)}`);
  }
  refuseOnTries(plan.guards, guarded, confirmLastTry);
  return counters;
}

function say(ctx: CliContext, line: string): void {
  ctx.io.stderr.write(line + '\n');
}

/** What to do next after a refusal or a lock, on stderr (text mode and --json alike). */
export function explainPinFailure(err: unknown, ctx: CliContext, name: PinOperationName): void {
  const plan = PLANS[name];
  if (!isAppError(err)) return;
  if (err instanceof PinOperationRefused && err.reason === 'last-try-unconfirmed') {
    say(ctx, t(ctx.lang, 'cli.hint.yesLastTry'));
  } else if (err instanceof SecretBlockedError) {
    const ids =
      err.secret === 'pin'
        ? ['pin-locked-remembers-user-code', 'pin-locked-forgot-user-code']
        : ['user-code-blocked'];
    for (const id of ids) say(ctx, '\n' + situation(id, ctx.lang).text);
    if (err.secret === 'pin' && plan.guards === 'pin' && backendKinds.get(ctx) === 'iso')
      say(ctx, '\n' + t(ctx.lang, 'cli.hint.unblockVirtual'));
  }
}

export async function runPinOperation(ctx: CliContext, name: PinOperationName): Promise<number> {
  const plan = PLANS[name];
  const confirmLastTry = ctx.values['yes-last-try'] === true;
  ensureSecretSource(ctx);
  // Scripts: every secret is read and checked before the card sees a single APDU.
  let secrets: Buffer[] = wantsStdin(ctx) ? await collectSecrets(ctx, plan.fields) : [];
  try {
    return await withChosenReader(ctx, async (source, reader) => {
      const known = { intent: plan.intent };
      return withPinBackend(source, reader, pinBackendOptions(ctx), known, (backend) => {
        backendKinds.set(ctx, backend.kind);
        return runWith(backend, reader.name);
      });
    });
  } finally {
    wipe(...secrets);
  }

  async function runWith(backend: PinBackend, readerName: string): Promise<number> {
    try {
      await precheck(ctx, backend, plan, confirmLastTry);
      if (secrets.length === 0) secrets = await collectSecrets(ctx, plan.fields);
      await plan.run(backend, secrets, confirmLastTry);
    } finally {
      wipe(...secrets);
    }
    const state = await backend.state();
    const after: Counters = { pin: state.pin, userCode: state.userCode };
    if (ctx.json) {
      ctx.io.stdout.write(
        JSON.stringify({ reader: readerName, operation: name, ok: true, ...after }, null, 2) + '\n',
      );
    } else {
      ctx.io.stdout.write(t(ctx.lang, `cli.done.${name}`) + '\n');
      ctx.io.stdout.write(
        `${t(ctx.lang, 'cli.label.pin')}: ${secretStatusText(after.pin, 'pin', ctx.lang)}\n`,
      );
    }
    return EXIT.ok;
  }
}

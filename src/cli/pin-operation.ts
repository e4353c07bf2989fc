/**
 * The one path every PIN command takes (verify, change-pin, unblock):
 *
 *   secrets from stdin (checked before the card is touched) → the card's tries, read
 *   without spending one → refuse a blocked counter, or the last try without
 *   --yes-last-try → secrets from the terminal → the driver's operation, in one exclusive
 *   connection that resets the card afterwards → the fresh counters.
 *
 * The driver enforces the same rules again; this layer exists to say them to the person
 * before they type anything, and to keep the secrets' lifetime to the operation.
 */
import { CardDriver } from '../card';
import { familyOfAtr } from './card-access';
import type { CardSource, ReaderState } from '../card-source';
import { isAppError, PinOperationRefused, SecretBlockedError, type SecretKind } from '../errors';
import { t } from '../i18n';
import type { SecretStatus } from '../model';
import { situation } from '../advisor';
import { withChosenReader } from './card-access';
import type { CliContext } from './context';
import { EXIT } from './exit-codes';
import { secretStatusText } from './format-status';
import { wipe } from './secret-input';
import { collectSecrets, ensureSecretSource, wantsStdin, type SecretField } from './secrets';

export type PinOperationName = 'verify' | 'change-pin' | 'unblock';

interface OperationPlan {
  fields: SecretField[];
  /** The counter the operation spends from. */
  guards: SecretKind;
  run(driver: CardDriver, secrets: Buffer[], confirmLastTry: boolean): Promise<void>;
}

const PLANS: Record<PinOperationName, OperationPlan> = {
  verify: {
    fields: ['pin'],
    guards: 'pin',
    run: (d, [pin], confirmLastTry) => d.verifyPin(pin as Buffer, { confirmLastTry }),
  },
  'change-pin': {
    fields: ['oldPin', 'newPin'],
    guards: 'pin',
    run: (d, [oldPin, newPin], confirmLastTry) =>
      d.changePin(oldPin as Buffer, newPin as Buffer, { confirmLastTry }),
  },
  unblock: {
    fields: ['userCode', 'newPin'],
    guards: 'userCode',
    run: (d, [userCode, newPin], confirmLastTry) =>
      d.unblockPin(userCode as Buffer, newPin as Buffer, { confirmLastTry }),
  },
};

interface Counters {
  pin: SecretStatus | null;
  userCode: SecretStatus | null;
}

async function readCounters(source: CardSource, reader: string): Promise<Counters> {
  return source.withCard(reader, async (transport) => {
    const driver = new CardDriver(transport);
    return { pin: await driver.readPinStatus(), userCode: await driver.readUserCodeStatus() };
  });
}

/**
 * Safety rules decided from the ATR and the counters, before any secret is asked for.
 * Vendor (real MOICA) and unknown cards are never sent a PIN command (card-profile.md §1.3).
 */
async function precheck(
  ctx: CliContext,
  source: CardSource,
  reader: ReaderState,
  name: PinOperationName,
  plan: OperationPlan,
  confirmLastTry: boolean,
): Promise<Counters> {
  // A mute card has no ATR: reading the counters below then reports it properly.
  const channel = reader.atr ? familyOfAtr(reader.atr).pinChannel : 'iso';
  if (channel === 'vendor') {
    throw new PinOperationRefused(name === 'unblock' ? 'unblock-not-offered' : 'vendor-card');
  }
  if (channel !== 'iso') throw new PinOperationRefused('unknown-card');
  const counters = await readCounters(source, reader.name);
  const guarded = counters[plan.guards];
  if (!ctx.json) {
    const label = t(ctx.lang, plan.guards === 'pin' ? 'cli.label.pin' : 'cli.label.userCode');
    say(ctx, `${label}: ${secretStatusText(guarded, plan.guards, ctx.lang)}`);
  }
  if (guarded?.blocked) throw new SecretBlockedError(plan.guards);
  if (guarded?.lastTry && !confirmLastTry) throw new PinOperationRefused('last-try-unconfirmed');
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
    if (err.secret === 'pin' && plan.guards === 'pin')
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
      try {
        await precheck(ctx, source, reader, name, plan, confirmLastTry);
        if (secrets.length === 0) secrets = await collectSecrets(ctx, plan.fields);
        await source.withCard(
          reader.name,
          (transport) => plan.run(new CardDriver(transport), secrets, confirmLastTry),
          { exclusive: true, reset: true },
        );
      } finally {
        wipe(...secrets);
      }
      const after = await readCounters(source, reader.name);
      if (ctx.json) {
        ctx.io.stdout.write(
          JSON.stringify({ reader: reader.name, operation: name, ok: true, ...after }, null, 2) +
            '\n',
        );
      } else {
        ctx.io.stdout.write(t(ctx.lang, `cli.done.${name}`) + '\n');
        ctx.io.stdout.write(
          `${t(ctx.lang, 'cli.label.pin')}: ${secretStatusText(after.pin, 'pin', ctx.lang)}\n`,
        );
      }
      return EXIT.ok;
    });
  } finally {
    wipe(...secrets);
  }
}

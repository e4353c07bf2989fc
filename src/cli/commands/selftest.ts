/**
 * `citizen-card selftest`: can this card sign? The PIN is asked for as `verify` asks for it,
 * after the same checks (the card's tries read and shown, a blocked PIN stops, the last try
 * needs --yes-last-try); then a fresh random challenge is signed by the card's signing key
 * and verified with its signing certificate (cli.md "Self-test").
 *
 * Exit 0: the signature verified. 1: signing failed or the signature did not verify.
 * 4/5/6 as for `verify` when the PIN step failed.
 */
import { wipe } from '../../card/pin-policy';
import { isAppError } from '../../core/errors';
import { t } from '../../core/i18n';
import { readSigningCertificate, runSelfTestWithCause } from '../../service/self-test';
import { selfTestText } from '../../service/self-test-text';
import { withPinBackend } from '../../sources/pin-backend';
import { CARD_OPTIONS, withChosenReader } from '../card-access';
import type { CliCommand, CliContext } from '../context';
import { EXIT, exitCodeFor } from '../exit-codes';
import { secretStatusText } from '../format-status';
import { PKCS11_OPTIONS, pinBackendOptions } from '../pin-backends';
import { explainPinFailure, precheck } from '../pin-operation';
import { collectSecrets, ensureSecretSource, wantsStdin } from '../secrets';

const PLAN = { intent: 'sign', guards: 'pin' } as const;

async function run(ctx: CliContext): Promise<number> {
  const confirmLastTry = ctx.values['yes-last-try'] === true;
  ensureSecretSource(ctx);
  // Scripts: the PIN is read and checked before the card sees a single APDU.
  let secrets: Buffer[] = wantsStdin(ctx) ? await collectSecrets(ctx, ['pin']) : [];
  try {
    return await withChosenReader(ctx, (source, reader) =>
      withPinBackend(
        source,
        reader,
        pinBackendOptions(ctx),
        { intent: 'sign' },
        async (backend) => {
          await precheck(ctx, backend, PLAN, confirmLastTry);
          // Read before the PIN is asked for: a card without one costs the person nothing.
          const certificate = await readSigningCertificate(source, reader.name);
          if (secrets.length === 0) secrets = await collectSecrets(ctx, ['pin']);
          const { result, cause } = await runSelfTestWithCause(backend, {
            reader: reader.name,
            certificate,
            pin: secrets[0]!,
            confirmLastTry,
          });
          const words = selfTestText(result, ctx.lang);
          if (ctx.json) {
            ctx.io.stdout.write(JSON.stringify(result, null, 2) + '\n');
            if (!result.ok) ctx.io.stderr.write(words.summary + '\n');
          } else if (result.ok) {
            ctx.io.stdout.write(words.summary + '\n');
            ctx.io.stdout.write(
              `${t(ctx.lang, 'cli.label.pin')}: ${secretStatusText(result.pin, 'pin', ctx.lang)}\n`,
            );
          } else {
            ctx.io.stderr.write(words.summary + '\n');
            if (words.remedy) ctx.io.stderr.write(words.remedy + '\n');
          }
          if (result.ok) return EXIT.ok;
          if (result.failedStep === 'pin' && cause && isAppError(cause)) {
            // The same next steps `verify` gives after a lock or an unconfirmed last try.
            explainPinFailure(cause, ctx, 'verify');
            return exitCodeFor(cause.code);
          }
          return EXIT.other;
        },
      ),
    );
  } finally {
    wipe(...secrets);
  }
}

export const selftestCommand: CliCommand = {
  name: 'selftest',
  summaryKey: 'cli.selftest.summary',
  usage:
    'citizen-card selftest [--pin-stdin] [--yes-last-try] [--reader NAME] [--virtual SCENARIO [--state FILE]] [--pkcs11-module PATH] [--json] [--lang zh-TW|en]',
  options: {
    ...CARD_OPTIONS,
    ...PKCS11_OPTIONS,
    'pin-stdin': { type: 'boolean' },
    'yes-last-try': { type: 'boolean' },
  },
  run,
  afterError: (err, ctx) => explainPinFailure(err, ctx, 'verify'),
};

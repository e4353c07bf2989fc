/**
 * The secrets one command needs, in the order cli.md fixes for --pin-stdin, checked before
 * anything reaches a card (a PIN of the wrong form is exit 2 with nothing sent).
 */
import { assertSecretForm, wipe } from '../card/pin-policy';
import { InvalidInputError } from '../core/errors';
import { t } from '../core/i18n';
import type { CliContext } from './context';
import { promptHidden, readSecretLines } from './secret-input';

export type SecretField = 'pin' | 'oldPin' | 'newPin' | 'userCode';

/** Throws InvalidInputError (exit 2) when the secret has the wrong length or characters. */
export function checkSecretForm(field: SecretField, secret: Buffer): void {
  if (field === 'userCode') assertSecretForm('userCode', secret, 'cli.badUserCode');
  else assertSecretForm('pin', secret, 'cli.badPin');
}

export function wantsStdin(ctx: CliContext): boolean {
  return ctx.values['pin-stdin'] === true;
}

/** Exit 2 up front when there is neither a terminal to prompt on nor --pin-stdin. */
export function ensureSecretSource(ctx: CliContext): void {
  if (!wantsStdin(ctx) && !ctx.io.stdin.isTTY) throw new InvalidInputError('cli.needPinStdin');
}

const PROMPT_KEYS: Record<SecretField, string> = {
  pin: 'cli.prompt.pin',
  oldPin: 'cli.prompt.oldPin',
  newPin: 'cli.prompt.newPin',
  userCode: 'cli.prompt.userCode',
};

async function promptField(ctx: CliContext, field: SecretField): Promise<Buffer> {
  const { stdin, stderr } = ctx.io;
  const first = await promptHidden(stdin, stderr, t(ctx.lang, PROMPT_KEYS[field]) + ' ');
  if (field !== 'newPin') return first;
  let again: Buffer | undefined;
  try {
    again = await promptHidden(stdin, stderr, t(ctx.lang, 'cli.prompt.repeatNewPin') + ' ');
  } catch (err) {
    wipe(first);
    throw err;
  }
  const same = first.equals(again);
  wipe(again);
  if (!same) {
    wipe(first);
    throw new InvalidInputError('cli.newPinMismatch');
  }
  return first;
}

/**
 * Reads the secrets for `fields` from stdin lines (--pin-stdin) or hidden prompts, and checks
 * their form. The caller owns the Buffers and must wipe them when the operation ends; on any
 * failure here they are already wiped.
 */
export async function collectSecrets(ctx: CliContext, fields: SecretField[]): Promise<Buffer[]> {
  const secrets: Buffer[] = [];
  try {
    if (wantsStdin(ctx)) secrets.push(...(await readSecretLines(ctx.io.stdin, fields.length)));
    else for (const field of fields) secrets.push(await promptField(ctx, field));
    fields.forEach((field, i) => checkSecretForm(field, secrets[i] as Buffer));
    return secrets;
  } catch (err) {
    wipe(...secrets);
    throw err;
  }
}

/** `citizen-card verify`: check a PIN against the card (spends a try only when it is wrong). */
import { CARD_OPTIONS } from '../card-access';
import type { CliCommand } from '../context';
import { PKCS11_OPTIONS } from '../pin-backends';
import { explainPinFailure, runPinOperation } from '../pin-operation';

export const verifyCommand: CliCommand = {
  name: 'verify',
  summaryKey: 'cli.verify.summary',
  usage:
    'citizen-card verify [--pin-stdin] [--yes-last-try] [--reader NAME] [--virtual SCENARIO [--state FILE]] [--pkcs11-module PATH] [--json] [--lang zh-TW|en]',
  options: {
    ...CARD_OPTIONS,
    ...PKCS11_OPTIONS,
    'pin-stdin': { type: 'boolean' },
    'yes-last-try': { type: 'boolean' },
  },
  run: (ctx) => runPinOperation(ctx, 'verify'),
  afterError: (err, ctx) => explainPinFailure(err, ctx, 'verify'),
};

/** `citizen-card change-pin`: set a new PIN, proving the current one. */
import { CARD_OPTIONS } from '../card-access';
import type { CliCommand } from '../context';
import { PKCS11_OPTIONS } from '../pin-backends';
import { explainPinFailure, runPinOperation } from '../pin-operation';

export const changePinCommand: CliCommand = {
  name: 'change-pin',
  summaryKey: 'cli.change-pin.summary',
  usage:
    'citizen-card change-pin [--pin-stdin] [--yes-last-try] [--reader NAME] [--virtual SCENARIO [--state FILE]] [--pkcs11-module PATH] [--json] [--lang zh-TW|en]',
  options: {
    ...CARD_OPTIONS,
    ...PKCS11_OPTIONS,
    'pin-stdin': { type: 'boolean' },
    'yes-last-try': { type: 'boolean' },
  },
  run: (ctx) => runPinOperation(ctx, 'change-pin'),
  afterError: (err, ctx) => explainPinFailure(err, ctx, 'change-pin'),
};

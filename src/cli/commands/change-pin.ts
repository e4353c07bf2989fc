/** `citizen-card change-pin`: set a new PIN, proving the current one. */
import { CARD_OPTIONS } from '../card-access';
import type { CliCommand } from '../context';
import { explainPinFailure, runPinOperation } from '../pin-operation';

export const changePinCommand: CliCommand = {
  name: 'change-pin',
  summaryKey: 'cli.change-pin.summary',
  usage:
    'citizen-card change-pin [--pin-stdin] [--yes-last-try] [--reader NAME] [--virtual SCENARIO [--state FILE]] [--json] [--lang zh-TW|en]',
  options: {
    ...CARD_OPTIONS,
    'pin-stdin': { type: 'boolean' },
    'yes-last-try': { type: 'boolean' },
  },
  run: (ctx) => runPinOperation(ctx, 'change-pin'),
  afterError: (err, ctx) => explainPinFailure(err, ctx, 'change-pin'),
};

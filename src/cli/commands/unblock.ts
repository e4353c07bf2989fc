/** `citizen-card unblock`: set a new PIN with the user code (cards with plain ISO PIN commands only). */
import { CARD_OPTIONS } from '../card-access';
import type { CliCommand } from '../context';
import { explainPinFailure, runPinOperation } from '../pin-operation';

export const unblockCommand: CliCommand = {
  name: 'unblock',
  summaryKey: 'cli.unblock.summary',
  usage:
    'citizen-card unblock [--pin-stdin] [--yes-last-try] [--reader NAME] [--virtual SCENARIO [--state FILE]] [--json] [--lang zh-TW|en]',
  options: {
    ...CARD_OPTIONS,
    'pin-stdin': { type: 'boolean' },
    'yes-last-try': { type: 'boolean' },
  },
  run: (ctx) => runPinOperation(ctx, 'unblock'),
  afterError: (err, ctx) => explainPinFailure(err, ctx, 'unblock'),
};

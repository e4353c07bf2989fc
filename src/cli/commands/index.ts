import type { CliCommand } from '../context';
import { adviseCommand } from './advise';
import { cardsCommand } from './cards';
import { certsCommand } from './certs';
import { changePinCommand } from './change-pin';
import { diagnoseCommand } from './diagnose';
import { readersCommand } from './readers';
import { selftestCommand } from './selftest';
import { remindCommand } from './remind';
import { statusCommand } from './status';
import { unblockCommand } from './unblock';
import { verifyCommand } from './verify';
import { virtualCardCommand } from './virtual-card';

/** Every CLI command, in the order `citizen-card help` lists them. */
export const commands: CliCommand[] = [
  readersCommand,
  statusCommand,
  certsCommand,
  verifyCommand,
  changePinCommand,
  unblockCommand,
  selftestCommand,
  adviseCommand,
  diagnoseCommand,
  cardsCommand,
  remindCommand,
  virtualCardCommand,
];

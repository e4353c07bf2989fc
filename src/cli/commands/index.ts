import type { CliCommand } from '../context';

/** Every CLI command, in the order `citizen-card help` lists them. */
export const commands: CliCommand[] = [];

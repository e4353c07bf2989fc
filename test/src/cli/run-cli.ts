/**
 * Runs the CLI in this process with fake streams and an in-process virtual card, and keeps
 * the card so a test can see exactly which APDUs reached it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../../src/cli/main';
import type { CliServices } from '../../../src/cli/context';
import type { CardSource } from '../../../src/sources/card-source';
import type { Pkcs11Settings } from '../../../src/sources/pin-backend';
import {
  createVirtualSource,
  DEMO_READER,
  type VirtualSlot,
} from '../../../src/sources/virtual-source';
import type { VirtualCard } from '../../../src/virtual-card';

/** A fixed "today" so advice and certificate dates do not drift between runs. */
export const NOW = new Date('2026-03-10T04:00:00Z');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The virtual card of the first slot, still inspectable after the CLI closed its source. */
  card: VirtualCard | null;
}

export interface RunOptions {
  /** Lines fed to stdin (for --pin-stdin); a Readable for anything fancier. */
  stdin?: string | Readable;
  /** LANG for the run; default en_US.UTF-8 so assertions read English unless a test asks. */
  lang?: string;
  /** Readers and cards; default one demo reader with the scenario given by --virtual. */
  slots?: VirtualSlot[];
  /** Override the services entirely (no virtual source is built then). */
  services?: CliServices;
  /** PKCS#11 settings for the default services (tests: SoftHSM2's environment, a slot matcher). */
  pkcs11?: Pkcs11Settings;
  /** More environment variables for the run (CITIZEN_CARD_PKCS11_MODULE...). */
  env?: NodeJS.ProcessEnv;
  /** `--online` check settings for the default services (cache folder, clock, transport). */
  revocation?: CliServices['revocation'];
}

function collector(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * Where the CLI keeps settings and remembered cards during tests: one fresh folder for this
 * test process, never the real home (a test that needs its own passes CITIZEN_CARD_HOME).
 */
let testHome: string | undefined;
function defaultHome(): string {
  testHome ??= mkdtempSync(join(tmpdir(), 'ccm-cli-home-'));
  return testHome;
}

export async function run(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  const out = collector();
  const err = collector();
  const stdin =
    options.stdin instanceof Readable
      ? options.stdin
      : Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]);
  let card: VirtualCard | null = null;
  let services = options.services;
  if (!services) {
    services = {
      now: () => NOW,
      openVirtual: async (scenario, statePath, now): Promise<CardSource> => {
        const given = options.slots ?? [
          { reader: DEMO_READER, card: { scenario: scenario as never, statePath, now } },
        ];
        // Every card keeps what it receives, so a test can check what reached it.
        const slots = given.map((slot) =>
          slot.card ? { ...slot, card: { recordCommands: 100_000, ...slot.card } } : slot,
        );
        const source = await createVirtualSource(slots, { now });
        const first = source.readers().find((r) => r.cardPresent);
        card = first ? source.cardIn(first.name) : null;
        return source;
      },
      pkcs11: options.pkcs11,
      revocation: options.revocation,
    };
  }
  const code = await runCli(
    argv,
    {
      stdout: out.stream,
      stderr: err.stream,
      stdin,
      env: {
        LANG: options.lang ?? 'en_US.UTF-8',
        CITIZEN_CARD_HOME: defaultHome(),
        ...options.env,
      },
    },
    services,
  );
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out.text(), stderr: err.text(), card };
}

/** Command APDUs that carried a PIN or user code (INS 20/24/2C with data). */
export function secretCommands(card: VirtualCard | null): Buffer[] {
  return (card?.received ?? []).filter(
    (apdu) => [0x20, 0x24, 0x2c].includes(apdu[1] ?? -1) && apdu.length > 5,
  );
}

/** Any PIN-family command at all, empty VERIFYs included. */
export function pinFamilyCommands(card: VirtualCard | null): Buffer[] {
  return (card?.received ?? []).filter((apdu) => [0x20, 0x24, 0x2c].includes(apdu[1] ?? -1));
}

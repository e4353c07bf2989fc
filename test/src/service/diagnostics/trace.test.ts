/**
 * The APDU trace saved with a report never holds a PIN or user code: the driver writes their
 * bytes as `**`, and the recorder checks again before anything reaches a file.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { CardDriver } from '../../../../src/card';
import { createDiagnoseCommand } from '../../../../src/cli/commands/diagnose';
import type { CliContext } from '../../../../src/cli/context';
import {
  createTraceRecorder,
  hideResponseData,
  redactSecretCommand,
} from '../../../../src/service/diagnostics';
import { VIRTUAL_CARD_DEFAULTS } from '../../../../src/virtual-card';

const PIN = VIRTUAL_CARD_DEFAULTS.pin;
const PIN_HEX = [...Buffer.from(PIN)].map((b) => b.toString(16).toUpperCase()).join(' ');

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('the recorder', () => {
  it('hides the data of VERIFY, CHANGE and RESET RETRY COUNTER even when handed in clear', () => {
    expect(redactSecretCommand('00 20 00 01 08 37 33 30 31 30 31 FF FF')).toBe(
      '00 20 00 01 08 ** ** ** ** ** ** ** **',
    );
    expect(redactSecretCommand('00 2C 00 01 03 31 32 33')).toBe('00 2C 00 01 03 ** ** **');
    expect(redactSecretCommand('00 20 00 01')).toBe('00 20 00 01');
    expect(redactSecretCommand('00 A4 00 00 02 3F 00')).toBe('00 A4 00 00 02 3F 00');
    expect(hideResponseData('54 50 30 33 90 00')).toBe('[4 bytes hidden] 90 00');
    expect(hideResponseData('63 C2')).toBe('63 C2');
  });

  it("records a real VERIFY through the driver's hook with `**` in place of the PIN", async () => {
    const { createVirtualCard, InProcessTransport } = await import('../../../../src/virtual-card');
    const card = await createVirtualCard({ scenario: 'fresh' });
    const recorder = createTraceRecorder({ hideResponses: false });
    const driver = new CardDriver(new InProcessTransport(card), { trace: recorder.hookFor('R') });
    await driver.verifyPin(Buffer.from(PIN), { confirmLastTry: false });
    const verify = recorder.entries().find((e) => e.hex.startsWith('00 20 00 01 08'))!;
    expect(verify.hex).toBe('00 20 00 01 08 ** ** ** ** ** ** ** **');
    expect(JSON.stringify(recorder.entries())).not.toContain(PIN_HEX);
  });
});

describe('citizen-card diagnose --trace FILE', () => {
  async function runWithTrace(args: string[], overrides = {}) {
    dir = mkdtempSync(join(tmpdir(), 'ccm-diag-'));
    const file = join(dir, 'report.json');
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const command = createDiagnoseCommand({
      httpGet: async () => ({ outcome: 'refused' }),
      fileExists: () => false,
      ...overrides,
    });
    const ctx: CliContext = {
      lang: 'en',
      json: false,
      io: {
        stdout: new PassThrough().on('data', (c: Buffer) => out.push(Buffer.from(c))),
        stderr: new PassThrough().on('data', (c: Buffer) => err.push(Buffer.from(c))),
        stdin: Readable.from([]),
        env: {},
      },
      services: {},
      values: { virtual: 'fresh', trace: file, ...Object.fromEntries(args.map((a) => [a, true])) },
      positionals: [],
    };
    const code = await command.run(ctx);
    return {
      code,
      file,
      stdout: Buffer.concat(out).toString(),
      stderr: Buffer.concat(err).toString(),
    };
  }

  it('saves the whole report with its trace, private to the user, and says where', async () => {
    const r = await runWithTrace([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`saved to ${r.file}`);
    const saved = JSON.parse(readFileSync(r.file, 'utf8'));
    expect(saved).toMatchObject({ schema: 1, masked: true });
    expect(saved.trace.length).toBeGreaterThan(10);
    expect(statSync(r.file).mode & 0o777).toBe(0o600);
    expect(r.stdout).toContain('APDU trace');
  });

  it('a session that also verified a PIN: the saved file shows `**`, never the PIN', async () => {
    // The driver the diagnosis gets first verifies a PIN with the same trace hook, as a PIN
    // operation earlier in the session would, then reads the summary.
    const r = await runWithTrace(['unmask'], {
      createDriver: (transport: never, options: never) => {
        const driver = new CardDriver(transport, options);
        const summary = driver.readCardSummary.bind(driver);
        driver.readCardSummary = async () => {
          await driver.verifyPin(Buffer.from(PIN), { confirmLastTry: false });
          return summary();
        };
        return driver;
      },
    });
    const text = readFileSync(r.file, 'utf8');
    expect(text).toContain('00 20 00 01 08 ** ** ** ** ** ** ** **');
    expect(text).not.toContain(PIN_HEX);
    expect(text).not.toContain(Buffer.from(PIN).toString('hex'));
    expect(r.stdout).not.toContain(PIN_HEX);
  });
});

/**
 * The helpdesk CLI against a virtual card in a real vpcd reader, through pcscd and the
 * PC/SC card service: the path a helpdesk's script takes on a real machine.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import type { CliServices } from '../../src/cli/context';
import { createCardService } from '../../src/sources/pcsc';
import { cardFor, pcscEnv, receivedIns, serviceForFile } from './support';

const services: CliServices = { openPcsc: async () => createCardService() };
/** Settings and remembered cards of these runs: never the real home's. */
const home = mkdtempSync(join(tmpdir(), 'ccm-pcsc-cli-'));

async function cli(argv: string[], stdin = '') {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on('data', (c: Buffer) => out.push(Buffer.from(c)));
  const stderr = new PassThrough().on('data', (c: Buffer) => err.push(Buffer.from(c)));
  const code = await runCli(
    argv,
    {
      stdout,
      stderr,
      stdin: Readable.from([Buffer.from(stdin)]),
      env: { LANG: 'en_US.UTF-8', CITIZEN_CARD_HOME: home },
    },
    services,
  );
  return {
    code,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

describe.skipIf(!pcscEnv.available)('citizen-card through pcscd + vpcd', () => {
  const pcsc = serviceForFile();

  it('no card in any reader → exit 3 saying there is no card', async () => {
    const r = await cli(['status', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).error.code).toBe('no-card');
    expect(r.stderr).toContain('There is no card in the reader');
  });

  it('status --json finds the only card and reads it completely', async () => {
    const card = await cardFor('fresh');
    const slot = await pcsc.insert(card, 0, { identified: false });
    const r = await cli(['status', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      reader: slot.reader,
      family: 'virtual',
      cardNumber: card.cardNumber,
      pin: { triesLeft: 3, blocked: false },
      userCode: { triesLeft: 5 },
      problems: [],
    });
    expect(doc.certificates.map((c: { id: string }) => c.id)).toEqual([
      'SIGN',
      'KEYX',
      'CA',
      'ROOT',
    ]);
    expect(doc.advice.status).toBe('valid');
  });

  it('readers --json shows the vpcd readers, with the card and its family', async () => {
    const card = await cardFor('vendor-gen1');
    const slot = await pcsc.insert(card, 0, { identified: false });
    const r = await cli(['readers', '--json']);
    expect(r.code).toBe(0);
    const { readers } = JSON.parse(r.stdout);
    expect(readers).toContainEqual(
      expect.objectContaining({ name: slot.reader, cardPresent: true, family: 'moica-gen1' }),
    );
    expect(receivedIns(card, 0x20)).toEqual([]);
  });

  it('verify --pin-stdin: a wrong PIN costs one try (exit 4), the right one passes', async () => {
    const card = await cardFor('fresh');
    const slot = await pcsc.insert(card, 0, { identified: false });
    const wrong = await cli(['verify', '--pin-stdin', '--reader', slot.reader], '111111\n');
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain('Wrong PIN - 2 tries left');
    expect(card.pinTriesLeft).toBe(2);
    const right = await cli(['verify', '--pin-stdin', '--json'], '730101\n');
    expect(right.code, right.stderr).toBe(0);
    expect(JSON.parse(right.stdout)).toMatchObject({ ok: true, pin: { triesLeft: 3 } });
    // Exactly the two PINs the person gave, nothing else carrying a secret.
    expect(receivedIns(card, 0x20).filter((apdu) => apdu.length > 5)).toHaveLength(2);
    expect(card.verified).toBe(false);
  });

  it('verify on the last try without --yes-last-try → exit 6, no PIN sent', async () => {
    const card = await cardFor('one-try-left');
    await pcsc.insert(card, 0, { identified: false });
    const r = await cli(['verify', '--pin-stdin'], '730101\n');
    expect(r.code).toBe(6);
    expect(receivedIns(card, 0x20).filter((apdu) => apdu.length > 5)).toEqual([]);
  });
});

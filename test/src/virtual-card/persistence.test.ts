import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localizeError } from '../../../src/core/i18n';
import { isAppError } from '../../../src/core/errors';
import { createVirtualCard, VirtualCardStateError } from '../../../src/virtual-card';
import { changeApdu, send, verifyApdu } from './helpers';

let dir: string;
let statePath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vcard-state-'));
  statePath = join(dir, 'cards', 'card-1.json');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const saved = (): Record<string, unknown> => JSON.parse(readFileSync(statePath, 'utf8'));

async function stateError(promise: Promise<unknown>): Promise<VirtualCardStateError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VirtualCardStateError);
  return err as VirtualCardStateError;
}

describe('state file', () => {
  it('is created on first use, private to the user, without the verified flag', async () => {
    await createVirtualCard({ scenario: 'one-try-left', statePath });
    const state = saved();
    expect(state).toMatchObject({
      scenario: 'one-try-left',
      pinTriesLeft: 1,
      userCodeTriesLeft: 5,
    });
    expect(state.cardNumber).toBe('TP03000012345678');
    expect(Object.keys(state)).not.toContain('verified');
    expect(statSync(statePath).mode & 0o777).toBe(0o600);
  });

  it('keeps a changed PIN across re-creation (a restart)', async () => {
    const first = await createVirtualCard({ statePath });
    expect((await send(first, changeApdu('730101', 'Secret99'))).sw).toBe('9000');
    const again = await createVirtualCard({ statePath });
    expect((await send(again, verifyApdu('730101'))).sw).toBe('63C2');
    expect((await send(again, verifyApdu('Secret99'))).sw).toBe('9000');
  });

  it('keeps a lock and the counters, but never the verified state', async () => {
    const first = await createVirtualCard({ statePath });
    await send(first, verifyApdu('730101'));
    expect(first.verified).toBe(true);
    const second = await createVirtualCard({ statePath });
    expect(second.verified).toBe(false);
    expect((await send(second, '00 20 00 01')).sw).toBe('63C3');
    for (let i = 0; i < 3; i++) await send(second, verifyApdu('000000'));
    const third = await createVirtualCard({ statePath });
    expect((await send(third, '00 20 00 01')).sw).toBe('6983');
    expect(third.pinTriesLeft).toBe(0);
  });

  it('reloads the saved scenario when none is given; a different one is a typed error', async () => {
    await createVirtualCard({ scenario: 'gen1-cla80', statePath });
    const card = await createVirtualCard({ statePath });
    expect(card.scenario).toBe('gen1-cla80');
    const err = await stateError(createVirtualCard({ scenario: 'fresh', statePath }));
    expect(err.problem).toBe('scenario-mismatch');
    expect(localizeError(err, 'en')).toContain('"gen1-cla80", not "fresh"');
    expect(localizeError(err, 'zh-TW')).toContain('gen1-cla80');
  });

  it('is replaced atomically: no temporary file is left behind', async () => {
    const card = await createVirtualCard({ statePath });
    for (let i = 0; i < 3; i++) await send(card, verifyApdu('111111'));
    expect(readdirSync(join(dir, 'cards'))).toEqual(['card-1.json']);
    expect(saved().pinTriesLeft).toBe(0);
  });

  it('a card that cannot reach its state file answers 6581 and changes nothing', async () => {
    const card = await createVirtualCard({ statePath });
    rmSync(statePath);
    mkdirSync(statePath); // a directory where the file should be: not read, not replaced
    expect((await send(card, verifyApdu('000000'))).sw).toBe('6581');
    expect((await send(card, '00 20 00 01')).sw).toBe('6581');
    expect(card.pinTriesLeft).toBe(3);
    // The file gone altogether: the card goes on with what it holds, and saves it anew.
    rmSync(statePath, { recursive: true });
    expect((await send(card, '00 20 00 01')).sw).toBe('63C3');
    expect((await send(card, verifyApdu('000000'))).sw).toBe('63C2');
    expect(saved().pinTriesLeft).toBe(2);
  });

  it('reads the counters again before each PIN command: another process may have spent one', async () => {
    const here = await createVirtualCard({ statePath });
    const elsewhere = await createVirtualCard({ statePath });
    expect((await send(elsewhere, verifyApdu('000000'))).sw).toBe('63C2');
    expect((await send(here, '00 20 00 01')).sw).toBe('63C2');
    expect((await send(here, verifyApdu('000000'))).sw).toBe('63C1');
    expect((await send(elsewhere, verifyApdu('000000'))).sw).toBe('63C0');
    expect((await send(here, '00 20 00 01')).sw).toBe('6983');
  });
});

describe('a corrupt state file', () => {
  it.each([
    ['not JSON', '{"scenario": "fresh", '],
    ['an array', '[]'],
    ['an unknown scenario', { scenario: 'gen7' }],
    ['a counter out of range', { pinTriesLeft: 9 }],
    ['a malformed PIN', { pin: '12' }],
    ['a missing card number', { cardNumber: undefined }],
  ])('with %s gives a clear typed error', async (_what, content) => {
    await createVirtualCard({ statePath });
    const text = typeof content === 'string' ? content : JSON.stringify({ ...saved(), ...content });
    writeFileSync(statePath, text);
    const err = await stateError(createVirtualCard({ statePath }));
    expect(isAppError(err)).toBe(true);
    expect(err.code).toBe('bad-state-file');
    expect(err.problem).toBe('corrupt');
    expect(localizeError(err, 'en')).toContain(statePath);
    expect(localizeError(err, 'en')).toMatch(/damaged.*Delete it/);
    expect(localizeError(err, 'zh-TW')).toContain('已損壞');
    // The card's PIN is in the file; the error must never repeat it.
    expect(err.message).not.toContain('730101');
    expect(JSON.stringify(err.params)).not.toContain('730101');
  });

  it('is left as it was, so nothing is lost', async () => {
    mkdirSync(join(dir, 'cards'));
    writeFileSync(statePath, 'garbage');
    await stateError(createVirtualCard({ statePath }));
    expect(readFileSync(statePath, 'utf8')).toBe('garbage');
  });
});

describe('state file location problems', () => {
  it('an unwritable location is a typed error at creation', async () => {
    writeFileSync(join(dir, 'cards'), 'a file, not a folder');
    const err = await stateError(createVirtualCard({ statePath }));
    expect(err.problem).toBe('unwritable');
    expect(existsSync(statePath)).toBe(false);
  });

  it('a path that cannot be read as a file is a typed error', async () => {
    mkdirSync(statePath, { recursive: true });
    const err = await stateError(createVirtualCard({ statePath }));
    expect(err.problem).toBe('unreadable');
    expect(localizeError(err, 'en')).toContain(statePath);
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOW, pinFamilyCommands, run, secretCommands } from './run-cli';

const PIN = '730101';
const USER_CODE = '12345678';

describe('citizen-card verify', () => {
  it('accepts the right PIN from stdin, sends it once, and reports fresh counters', async () => {
    const r = await run(['verify', '--virtual', 'fresh', '--pin-stdin', '--json'], {
      stdin: `${PIN}\n`,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      operation: 'verify',
      ok: true,
      pin: { triesLeft: 3, blocked: false },
    });
    expect(secretCommands(r.card)).toHaveLength(1);
    // The card was reset after the PIN operation: nothing stays verified.
    expect(r.card?.verified).toBe(false);
  });

  it('wrong PIN → exit 4 with the tries left, in English and Chinese', async () => {
    const en = await run(['verify', '--virtual', 'fresh', '--pin-stdin'], { stdin: '111111\n' });
    expect(en.code).toBe(4);
    expect(en.stderr).toContain('Wrong PIN - 2 tries left');
    const zh = await run(['verify', '--virtual', 'fresh', '--pin-stdin'], {
      stdin: '111111\n',
      lang: 'zh_TW.UTF-8',
    });
    expect(zh.code).toBe(4);
    expect(zh.stderr).toContain('PIN 碼錯誤，還剩 2 次機會');
  });

  it('--json on failure: stdout holds one error document, the message goes to stderr', async () => {
    const r = await run(['verify', '--virtual', 'fresh', '--pin-stdin', '--json'], {
      stdin: '111111\n',
    });
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout)).toMatchObject({
      error: { code: 'wrong-secret', params: { triesLeft: 2 } },
    });
    expect(r.stderr).toContain('Wrong PIN - 2 tries left');
  });

  it('one try left without --yes-last-try → exit 6 and no PIN reaches the card', async () => {
    const r = await run(['verify', '--virtual', 'one-try-left', '--pin-stdin'], {
      stdin: `${PIN}\n`,
    });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('--yes-last-try');
    expect(secretCommands(r.card)).toEqual([]);
    expect(r.card?.pinTriesLeft).toBe(1);
  });

  it('one try left with --yes-last-try: right PIN passes, wrong PIN locks (63C0 → exit 5)', async () => {
    const ok = await run(['verify', '--virtual', 'one-try-left', '--pin-stdin', '--yes-last-try'], {
      stdin: `${PIN}\n`,
    });
    expect(ok.code).toBe(0);
    expect(ok.card?.pinTriesLeft).toBe(3);
    const bad = await run(
      ['verify', '--virtual', 'one-try-left', '--pin-stdin', '--yes-last-try'],
      {
        stdin: '111111\n',
      },
    );
    expect(bad.code).toBe(5);
    expect(bad.stderr).toContain('the card is now locked');
    expect(bad.card?.pinTriesLeft).toBe(0);
  });

  it('locked card → exit 5 with guidance, and no PIN is sent', async () => {
    const r = await run(['verify', '--virtual', 'locked', '--pin-stdin'], { stdin: `${PIN}\n` });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('The PIN is locked');
    expect(r.stderr).toContain('R-UNLOCK-ONLINE');
    expect(r.stderr).toContain('citizen-card unblock');
    expect(secretCommands(r.card)).toEqual([]);
  });

  it('a genuine MOICA card (vendor-gen1) → exit 6 and not even an empty VERIFY', async () => {
    const r = await run(['verify', '--virtual', 'vendor-gen1', '--pin-stdin'], {
      stdin: `${PIN}\n`,
    });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain("MOICA's own software");
    expect(pinFamilyCommands(r.card)).toEqual([]);
  });

  it('an unknown card → exit 6, nothing PIN-related sent', async () => {
    const r = await run(['verify', '--virtual', 'unknown-atr', '--pin-stdin'], {
      stdin: `${PIN}\n`,
    });
    expect(r.code).toBe(6);
    expect(pinFamilyCommands(r.card)).toEqual([]);
  });

  it.each([
    ['too short', '12345\n'],
    ['too long', '123456789\n'],
    ['not letters or digits', '7301-1\n'],
    ['empty', '\n'],
  ])('a PIN that is %s → exit 2 and nothing at all is sent', async (_what, stdin) => {
    const r = await run(['verify', '--virtual', 'fresh', '--pin-stdin'], { stdin });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('A PIN is 6 to 8 letters or digits');
    expect(r.card?.received ?? []).toEqual([]);
  });

  it('without a terminal and without --pin-stdin → exit 2 pointing at --pin-stdin', async () => {
    const r = await run(['verify', '--virtual', 'fresh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--pin-stdin');
    expect(r.card?.received ?? []).toEqual([]);
  });

  it('a PIN given as an argument is a usage error, never a PIN', async () => {
    const r = await run(['verify', '--virtual', 'fresh', '--pin', PIN]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain(PIN);
  });

  it('never prints the PIN, whatever happens', async () => {
    for (const scenario of ['fresh', 'one-try-left', 'locked']) {
      for (const pin of [PIN, '654321']) {
        const r = await run(['verify', '--virtual', scenario, '--pin-stdin', '--yes-last-try'], {
          stdin: `${pin}\n`,
        });
        expect(r.stdout + r.stderr).not.toContain(pin);
      }
    }
  });
});

describe('where the card is', () => {
  it('no card in the reader → exit 3 saying so', async () => {
    const r = await run(['verify', '--virtual', 'fresh', '--pin-stdin'], {
      stdin: `${PIN}\n`,
      slots: [{ reader: 'Empty reader' }],
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('There is no card in the reader');
  });

  it('no reader at all → exit 3 saying so', async () => {
    const r = await run(['status', '--virtual', 'fresh'], { slots: [] });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('No card reader found');
  });

  it('no PC/SC service → exit 3 naming the service', async () => {
    const r = await run(['status'], { services: {} });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('PC/SC');
  });

  it('several cards and no --reader → exit 2 listing them; --reader picks one', async () => {
    const slots = [
      { reader: 'Reader A', card: { scenario: 'fresh' as const, now: () => NOW } },
      { reader: 'Reader B', card: { scenario: 'locked' as const, now: () => NOW } },
    ];
    const r = await run(['status', '--virtual', 'fresh', '--json'], { slots });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Reader A');
    expect(r.stderr).toContain('Reader B');
    const picked = await run(['status', '--virtual', 'fresh', '--json', '--reader', 'Reader B'], {
      slots,
    });
    expect(picked.code).toBe(0);
    expect(JSON.parse(picked.stdout).pin.blocked).toBe(true);
  });
});

describe('change-pin and unblock, with the card state kept in a file', () => {
  let dir: string;
  let state: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-cli-'));
    state = join(dir, 'card.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const verify = (pin: string, scenario = 'fresh') =>
    run(['verify', '--virtual', scenario, '--state', state, '--pin-stdin'], { stdin: `${pin}\n` });

  it('change-pin reads old and new PIN from stdin; the new one works afterwards', async () => {
    const r = await run(['change-pin', '--virtual', 'fresh', '--state', state, '--pin-stdin'], {
      stdin: `${PIN}\nAbc987\n`,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PIN changed.');
    expect(readFileSync(state, 'utf8')).toContain('Abc987');
    expect((await verify('Abc987')).code).toBe(0);
    expect((await verify(PIN)).code).toBe(4);
  });

  it('change-pin with a wrong old PIN → exit 4; with a malformed new PIN → exit 2, nothing sent', async () => {
    const wrong = await run(['change-pin', '--virtual', 'fresh', '--pin-stdin'], {
      stdin: `999999\nAbc987\n`,
    });
    expect(wrong.code).toBe(4);
    const malformed = await run(['change-pin', '--virtual', 'fresh', '--pin-stdin'], {
      stdin: `${PIN}\nab\n`,
    });
    expect(malformed.code).toBe(2);
    expect(malformed.card?.received ?? []).toEqual([]);
    const missing = await run(['change-pin', '--virtual', 'fresh', '--pin-stdin'], {
      stdin: `${PIN}\n`,
    });
    expect(missing.code).toBe(2);
  });

  it('unblock a locked card with the user code, then the new PIN works', async () => {
    const r = await run(['unblock', '--virtual', 'locked', '--state', state, '--pin-stdin'], {
      stdin: `${USER_CODE}\nNew2468\n`,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 of 3 tries left');
    expect((await verify('New2468', 'locked')).code).toBe(0);
  });

  it('unblock with a wrong user code → exit 4 naming the user code', async () => {
    const r = await run(['unblock', '--virtual', 'locked', '--pin-stdin'], {
      stdin: `87654321\nNew2468\n`,
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('Wrong user code - 4 tries left');
  });

  it('unblock with the user code blocked → exit 5 and household-office guidance', async () => {
    const r = await run(['unblock', '--virtual', 'user-code-blocked', '--pin-stdin'], {
      stdin: `${USER_CODE}\nNew2468\n`,
    });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('household registration office');
    expect(secretCommands(r.card)).toEqual([]);
  });

  it('unblock on a genuine MOICA card → exit 6 pointing to the online unlock', async () => {
    const r = await run(['unblock', '--virtual', 'vendor-gen1', '--pin-stdin'], {
      stdin: `${USER_CODE}\nNew2468\n`,
    });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('cannot be unlocked in this app');
    expect(pinFamilyCommands(r.card)).toEqual([]);
  });
});

/**
 * `status --remember`, `cards`, `cards --forget` and `remind --ics` (docs/cli.md, "Known
 * cards and reminders"): output, exit codes, JSON, and what lands on disk.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVirtualSource, DEMO_READER } from '../../../src/sources/virtual-source';
import { saveState } from '../../../src/virtual-card/state-file';
import { VIRTUAL_CARD_DEFAULTS, type VirtualCard } from '../../../src/virtual-card';
import { cardBeforeAndAfterExtension } from '../../helpers/extended-card';
import { PROJECT_ROOT } from '../../helpers/project-root';
import { NOW, run, type RunOptions } from './run-cli';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'ccm-cli-known-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const cli = (argv: string[], options: RunOptions = {}) =>
  run(argv, { ...options, env: { CITIZEN_CARD_HOME: home, ...options.env } });

/** The CLI reading `card` (an in-process virtual card) for `--virtual`, whatever the scenario named. */
const holding = (card: VirtualCard) => ({
  services: {
    now: () => NOW,
    openVirtual: async () => {
      const source = await createVirtualSource([{ reader: DEMO_READER }], { now: () => NOW });
      await source.insertCard(DEMO_READER, card);
      return source;
    },
  },
});

describe('citizen-card cards', () => {
  it('remembers nothing until asked, then lists the card masked, in full with --unmask', async () => {
    expect((await cli(['status', '--virtual', 'expiring'])).code).toBe(0);
    const none = await cli(['cards']);
    expect(none).toMatchObject({ code: 0 });
    expect(none.stdout).toContain('This computer remembers no cards');

    const status = await cli(['status', '--virtual', 'expiring', '--remember']);
    expect(status.code).toBe(0);
    expect(status.stderr).toContain('Card TP03000012345678 is now remembered');

    const listed = await cli(['cards', '--lang', 'zh-TW']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('TP03********5678  王*明  [示範卡]');
    expect(listed.stdout).toContain('狀態：可展期');
    expect(listed.stdout).toMatch(
      /下一個期間：展期期間 民國\d+年\d+月\d+日 \(\d{4}-\d\d-\d\d\) 至/,
    );
    expect(listed.stdout).not.toContain('TP03000012345678');
    const unmasked = await cli(['cards', '--unmask']);
    expect(unmasked.stdout).toContain('TP03000012345678  王小明');
  });

  it('--json: one document, masked, with the advice and the next window', async () => {
    await cli(['status', '--virtual', 'extended', '--remember']);
    const r = await cli(['cards', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.problem).toBeNull();
    expect(doc.cards).toHaveLength(1);
    expect(doc.cards[0]).toMatchObject({
      cardNumber: 'TP03********5678',
      holderName: '王*明',
      masked: true,
      extended: true,
      status: 'renewal-window',
      nextWindow: { kind: 'onlineRenewal', state: 'open' },
    });
    expect(doc.cards[0].expiresOn).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  it('--forget NUMBER forgets one card; again, or a number never seen, is exit 1; --forget --all forgets all', async () => {
    await cli(['status', '--virtual', 'fresh', '--remember']);
    const once = await cli(['cards', '--forget', 'TP03000012345678', '--json']);
    expect(once.code).toBe(0);
    expect(JSON.parse(once.stdout)).toEqual({ forgotten: 1 });
    const twice = await cli(['cards', '--forget', 'TP03000012345678']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('does not remember a card numbered TP03000012345678');

    await cli(['status', '--virtual', 'fresh', '--remember']);
    const all = await cli(['cards', '--forget', '--all', '--json']);
    expect(all).toMatchObject({ code: 0 });
    expect(JSON.parse(all.stdout)).toEqual({ forgotten: 1 });
    expect((await cli(['cards', '--json'])).stdout).toContain('"cards": []');
  });

  it.each([
    [['cards', '--forget']],
    [['cards', '--forget', 'TP03000012345678', '--all']],
    [['cards', '--forget', 'bad number']],
    [['cards', 'TP03000012345678']],
    [['cards', '--all']],
    [['remind']],
    [['remind', '--ics', '-', '--json']],
  ])('%j is bad usage: exit 2 with a message saying what to do', async (argv) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().length).toBeGreaterThan(10);
  });

  it('shows control characters in a remembered name as escapes, never as terminal codes', async () => {
    const card = (
      await createVirtualSource(
        [
          {
            reader: DEMO_READER,
            card: { scenario: 'fresh', now: () => NOW, holder: { name: '王\u001b[2J明' } },
          },
        ],
        { now: () => NOW },
      )
    ).cardIn(DEMO_READER)!;
    await cli(['status', '--virtual', 'fresh', '--remember'], holding(card));
    const r = await cli(['cards', '--unmask']);
    expect(r.stdout).toContain('王\\x1b[2J明');
    expect(r.stdout).not.toContain('\u001b');
  });
});

describe('citizen-card remind --ics', () => {
  it('writes an iCalendar file only this person may read, which a calendar parser reads back', async () => {
    await cli(['status', '--virtual', 'fresh', '--remember']);
    const file = join(home, 'reminders.ics');
    const r = await cli(['remind', '--ics', file, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ file, cards: 1, events: 2 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const events = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')))
      .getAllSubcomponents('vevent')
      .map((c) => new ICAL.Event(c));
    expect(events.map((e) => e.summary)).toEqual([
      '王*明 (card …5678): citizen certificate can be extended from today',
      '王*明 (card …5678): last day to extend the citizen certificate',
    ]);
  });

  it('--ics - writes the calendar to standard output', async () => {
    await cli(['status', '--virtual', 'fresh', '--remember']);
    const r = await cli(['remind', '--ics', '-', '--lang', 'zh-TW']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(r.stdout).toContain('可以展期了');
  });

  it('with nothing remembered: exit 1 and how to start remembering', async () => {
    const r = await cli(['remind', '--ics', join(home, 'x.ics')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('status --remember');
  });

  it('with only cards whose windows have passed: exit 1, nothing to remind of', async () => {
    await cli(['status', '--virtual', 'expired-reapply', '--remember']);
    const r = await cli(['remind', '--ics', join(home, 'x.ics')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing to remind you of');
  });
});

describe('status of a remembered card', () => {
  it('after an extension shows the certificates now on the card, not the remembered ones', async () => {
    const { before, after } = await cardBeforeAndAfterExtension(NOW);
    let sent = before.received.length;
    await cli(['status', '--virtual', 'fresh', '--remember', '--json'], holding(before));
    const cold = before.received.length - sent;
    sent = before.received.length;
    const again = await cli(['status', '--virtual', 'fresh', '--json'], holding(before));
    // The source identifies the card when it is inserted, for both runs alike; the status
    // read itself is 38 APDUs cold and 18 for the remembered card.
    expect(cold - (before.received.length - sent)).toBe(38 - 18);
    const oldSerial = JSON.parse(again.stdout).certificates[0].serialNumber;

    const r = await cli(['status', '--virtual', 'fresh', '--json'], holding(after));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.certificates[0].serialNumber).not.toBe(oldSerial);
    expect(doc.advice).toMatchObject({ extended: true });
    // Plain status does not update the list unless the app's switch is on.
    const listed = JSON.parse((await cli(['cards', '--json'])).stdout);
    expect(listed.cards[0].extended).toBe(false);
  });
});

describe('two CLI processes remembering at the same time', () => {
  it('both cards are remembered', async () => {
    const numbers = ['TP03000000000001', 'TP03000000000002', 'TP03000000000003'];
    const d = VIRTUAL_CARD_DEFAULTS;
    const runOne = (number: string, i: number) => {
      const state = join(home, `card-${i}.json`);
      saveState(state, {
        scenario: 'fresh',
        cardNumber: number,
        holderName: d.holderName,
        holderSerialNumber: d.holderSerialNumber,
        pin: d.pin,
        userCode: d.userCode,
        pinTriesLeft: 3,
        userCodeTriesLeft: 5,
      });
      return new Promise<number>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['bin/citizen-card.mjs', 'status', '--state', state, '--remember'],
          {
            cwd: PROJECT_ROOT,
            env: { ...process.env, CITIZEN_CARD_HOME: home, LANG: 'en_US.UTF-8' },
            stdio: 'ignore',
          },
        );
        child.once('error', reject);
        child.once('exit', (code) => resolve(code ?? -1));
      });
    };
    expect(await Promise.all(numbers.map(runOne))).toEqual([0, 0, 0]);
    const listed = JSON.parse((await cli(['cards', '--json', '--unmask'])).stdout);
    expect(listed.cards.map((c: { cardNumber: string }) => c.cardNumber).sort()).toEqual(numbers);
  }, 90_000);
});

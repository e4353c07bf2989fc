/**
 * The remembered cards on disk (docs/known-cards.md, "The file"): only this person may read
 * them, nothing is lost when two processes remember cards at once, and a damaged or foreign
 * file is moved aside with a message, its good cards kept, never emptied in silence.
 */
import { spawn } from 'node:child_process';
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
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { userDirs } from '../../../../src/platform';
import {
  canRemember,
  knownCardsPath,
  KnownCardsTooNewError,
  loadKnownCards,
  updateKnownCards,
  withCardRemembered,
  type KnownCard,
} from '../../../../src/service/known-cards';
import type { CardStatusReport } from '../../../../src/service/card-status';
import { PROJECT_ROOT } from '../../../helpers/project-root';
import { NOW, reportFor } from './fixtures';

let home: string;
let path: string;
let fresh: CardStatusReport;
let other: CardStatusReport;

beforeAll(async () => {
  fresh = await reportFor();
  other = await reportFor({ cardNumber: 'TT01000087654321', name: '陳美麗' });
});

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'ccm-known-'));
  path = knownCardsPath(userDirs({ CITIZEN_CARD_HOME: home }));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const remember = (report: CardStatusReport, at = NOW) =>
  updateKnownCards((cards) => withCardRemembered(cards, report, at), path);

const savedFile = () =>
  JSON.parse(readFileSync(path, 'utf8')) as { version: number; cards: KnownCard[] };

describe('the remembered cards file', () => {
  it('does not exist until a card is remembered, and reading creates nothing', async () => {
    expect(await loadKnownCards(path)).toEqual({ cards: [], problem: null });
    expect(existsSync(dirname(path))).toBe(false);
  });

  it('keeps number, holder, certificates and dates, readable by this person only', async () => {
    await remember(fresh);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    const file = savedFile();
    expect(file.version).toBe(1);
    const [card] = file.cards;
    expect(card).toMatchObject({
      cardNumber: 'TP03000012345678',
      holderName: '王小明',
      osVersion: 'CCM VC01',
      family: 'virtual',
      firstSeen: NOW.toISOString(),
      lastSeen: NOW.toISOString(),
      holder: { certificateId: 'SIGN' },
    });
    expect(card!.certificates.map((c) => c.id)).toEqual(['SIGN', 'KEYX', 'CA', 'ROOT']);
    const sign = fresh.parsed[0]!;
    expect(card!.certificates[0]).toMatchObject({
      serialNumber: sign.summary.serialNumber,
      notAfter: sign.summary.notAfter,
      der: sign.der.toString('base64'),
    });
    // Nothing secret: no PIN, user code or counter anywhere in the file.
    const keys = new Set<string>();
    JSON.parse(readFileSync(path, 'utf8'), (key: string, value: unknown) => {
      keys.add(key);
      return value;
    });
    for (const secretish of ['pin', 'userCode', 'triesLeft', 'pinTriesLeft']) {
      expect(keys.has(secretish)).toBe(false);
    }
    expect(readFileSync(path, 'utf8')).not.toContain('"730101"');
  });

  it('a card read again keeps its ID and first sighting; only lastSeen moves', async () => {
    const first = (await remember(fresh)).cards[0]!;
    const later = new Date(NOW.getTime() + 86_400_000);
    const again = (await remember(fresh, later)).cards;
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ id: first.id, firstSeen: first.firstSeen });
    expect(again[0]!.lastSeen).toBe(later.toISOString());
  });

  it('is not given cards that cannot be remembered: a number unread, or not a 自然人憑證', () => {
    expect(canRemember(fresh)).toBe(true);
    expect(canRemember({ ...fresh, status: { ...fresh.status, cardNumber: null } })).toBe(false);
    expect(canRemember({ ...fresh, status: { ...fresh.status, family: 'other' } })).toBe(false);
  });

  it('forgetting the last card removes the file', async () => {
    await remember(fresh);
    await updateKnownCards(() => [], path);
    expect(existsSync(path)).toBe(false);
    expect((await loadKnownCards(path)).cards).toEqual([]);
  });
});

describe('a damaged file', () => {
  it('that is not JSON is moved aside whole and reported; nothing is read from it', async () => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '{"version":1,"cards":[{"id"');
    const loaded = await loadKnownCards(path);
    expect(loaded.cards).toEqual([]);
    expect(loaded.problem).toMatchObject({ reason: 'not-json', kept: 0 });
    expect(loaded.problem!.movedTo).toMatch(/known-cards\.json\.damaged-/);
    expect(readFileSync(loaded.problem!.movedTo, 'utf8')).toBe('{"version":1,"cards":[{"id"');
    expect(existsSync(path)).toBe(false);
  });

  it('with one bad entry keeps the good cards, says how many were dropped, and keeps the original', async () => {
    await remember(fresh);
    await remember(other);
    const file = savedFile();
    file.cards[1]!.certificates[0]!.der = 'bm90IGEgY2VydGlmaWNhdGU=';
    const damaged = JSON.stringify(file);
    writeFileSync(path, damaged);
    const loaded = await loadKnownCards(path);
    expect(loaded.cards.map((c) => c.cardNumber)).toEqual(['TP03000012345678']);
    expect(loaded.problem).toMatchObject({ reason: 'bad-records', kept: 1, dropped: 1 });
    expect(readFileSync(loaded.problem!.movedTo, 'utf8')).toBe(damaged);
    // The good card was written back: the next start finds it without a problem.
    expect(await loadKnownCards(path)).toMatchObject({
      problem: null,
      cards: [{ holderName: '王小明' }],
    });
  });

  it('is reported by the change that found it, and the change still happens', async () => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '[]');
    const saved = await remember(fresh);
    expect(saved.problem).toMatchObject({ reason: 'not-a-list' });
    expect(saved.cards).toHaveLength(1);
    expect(savedFile().cards).toHaveLength(1);
  });

  it('a named pipe in its place is moved aside at once instead of blocking the app', async () => {
    mkdirSync(dirname(path), { recursive: true });
    execFileSync('mkfifo', [path]);
    const loaded = await loadKnownCards(path);
    expect(loaded.problem).toMatchObject({ reason: 'not-a-file' });
    expect(statSync(loaded.problem!.movedTo).isFIFO()).toBe(true);
  });

  it('written by a newer version is left exactly as it is, and says so', async () => {
    mkdirSync(dirname(path), { recursive: true });
    const newer = JSON.stringify({ version: 2, cards: [{ future: true }] });
    writeFileSync(path, newer);
    await expect(loadKnownCards(path)).rejects.toBeInstanceOf(KnownCardsTooNewError);
    await expect(remember(fresh)).rejects.toMatchObject({
      messageKey: 'knownCards.tooNew',
      params: { version: 2 },
    });
    expect(readFileSync(path, 'utf8')).toBe(newer);
    expect(readdirSync(dirname(path)).filter((f) => f.includes('damaged'))).toEqual([]);
  });
});

describe('two processes remembering cards at the same time', () => {
  it('lose none of them', async () => {
    const script = `
      import { updateKnownCards } from ${JSON.stringify(join(PROJECT_ROOT, 'src/service/known-cards/index.ts'))};
      const [path, prefix] = process.argv.slice(1);
      const cards = JSON.parse(process.env.CARDS);
      for (let i = 0; i < 12; i++) {
        const card = { ...cards[0], id: cards[0].id.slice(0, -4) + prefix.toLowerCase() + String(i).padStart(3, '0'), cardNumber: prefix + 'X' + String(i).padStart(14, '0') };
        await updateKnownCards((list) => [...list, card], path);
      }
    `;
    const [template] = (await remember(fresh)).cards;
    await updateKnownCards(() => [], path);
    const runner = (prefix: string) =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '-e', script, path, prefix],
          {
            cwd: PROJECT_ROOT,
            env: { ...process.env, CARDS: JSON.stringify([template]) },
            stdio: 'inherit',
          },
        );
        child.once('error', reject);
        child.once('exit', (code) => resolve(code ?? -1));
      });
    const codes = await Promise.all([runner('A'), runner('B')]);
    expect(codes).toEqual([0, 0]);
    const numbers = (await loadKnownCards(path)).cards.map((c) => c.cardNumber).sort();
    expect(numbers).toHaveLength(24);
    expect(new Set(numbers).size).toBe(24);
  }, 60_000);
});

describe('a data folder this person may not write to', () => {
  it('still lists the cards, and remembering says in both languages what is wrong and changes nothing', async () => {
    await remember(fresh);
    const before = readFileSync(path, 'utf8');
    const folder = dirname(path);
    // Root may write anywhere: the check then runs as the unprivileged owner of the folder.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync('chown', ['-R', '65534:65534', home]);
    execFileSync('chmod', ['0500', folder]);
    const script = `
      import { loadKnownCards, updateKnownCards } from ${JSON.stringify(join(PROJECT_ROOT, 'src/service/known-cards/index.ts'))};
      import { localizeError } from ${JSON.stringify(join(PROJECT_ROOT, 'src/core/i18n/index.ts'))};
      const path = process.argv[1];
      const loaded = await loadKnownCards(path);
      let error = null;
      try { await updateKnownCards((cards) => cards.slice(1), path); }
      catch (err) { error = { code: err.code, zh: localizeError(err, 'zh-TW'), en: localizeError(err, 'en') }; }
      process.stdout.write(JSON.stringify({ listed: loaded.cards.length, error }));
    `;
    try {
      const out = execFileSync(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script, path],
        {
          cwd: PROJECT_ROOT,
          ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
          env: { ...process.env, HOME: home },
        },
      );
      const result = JSON.parse(out.toString('utf8')) as {
        listed: number;
        error: { code: string; zh: string; en: string } | null;
      };
      expect(result.listed).toBe(1);
      expect(result.error?.code).toBe('invalid-input');
      expect(result.error?.zh).toContain('無法寫入');
      expect(result.error?.zh).toContain(folder);
      expect(result.error?.en).toMatch(/Cannot write .*known-cards\.json.*may write to it/);
      expect(readFileSync(path, 'utf8')).toBe(before);
    } finally {
      execFileSync('chmod', ['0700', folder]);
    }
  }, 30_000);
});

/**
 * `citizen-card status`, `verify` and `change-pin` for a vendor-family card (the virtual
 * card "vendor-gen1") whose PKCS#11 slot is present (a SoftHSM2 token labelled with the card
 * number), selected with --pkcs11-module. The card itself never sees a PIN command.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardDriver } from '../../../../src/card';
import { createVirtualSource, DEMO_READER } from '../../../../src/sources/virtual-source';
import type { CliServices } from '../../../../src/cli/context';
import type { Pkcs11Settings } from '../../../../src/sources/pin-backend';
import type { VirtualCard } from '../../../../src/virtual-card';
import { NOW, pinFamilyCommands, run } from '../run-cli';
import {
  CKF_USER_PIN_FINAL_TRY,
  CKF_USER_PIN_LOCKED,
  CKF_USER_PIN_TO_BE_CHANGED,
} from '../../../../src/card/pkcs11/constants';
import { forkLauncher, type WorkerLauncher } from '../../../../src/card/pkcs11/client';
import { createSoftHsm, matchByLabel, type SoftHsm } from '../../../helpers/softhsm';

const PIN = '730101';
let hsm: SoftHsm;
let card: VirtualCard | null = null;

function services(pkcs11: Partial<Pkcs11Settings> = {}): CliServices {
  return {
    now: () => NOW,
    openVirtual: async (scenario, statePath, now) => {
      const source = await createVirtualSource(
        [
          {
            reader: DEMO_READER,
            card: { scenario: scenario as never, statePath, now, recordCommands: 100_000 },
          },
        ],
        { now },
      );
      card = source.cardIn(DEMO_READER);
      return source;
    },
    pkcs11: { matchSlot: matchByLabel, client: { env: hsm.env }, ...pkcs11 },
  };
}

const cli = (args: string[], stdin?: string, extra: Partial<Pkcs11Settings> = {}, lang?: string) =>
  run([...args, '--virtual', 'vendor-gen1', '--pkcs11-module', hsm.module], {
    stdin,
    lang,
    services: services(extra),
  });

/**
 * A worker whose token reads (status, precheck) report `extra` flags as well: SoftHSM2
 * never sets them. The worker's own guard still sees the real token.
 */
function flagging(extra: number): WorkerLauncher {
  const inner = forkLauncher();
  return (env) => {
    const worker = inner(env);
    return {
      ...worker,
      onMessage: (listener) =>
        worker.onMessage((message) => {
          const m = message as { ok?: boolean; value?: { flags?: unknown } };
          if (m.ok && typeof m.value?.flags === 'number') m.value.flags |= extra;
          listener(message);
        }),
    };
  };
}

beforeAll(async () => {
  hsm = createSoftHsm();
  hsm.initToken('TP03000012345678', PIN);
  // The token lists the card's own certificates, as HiCOS does for a real card.
  const now = () => NOW;
  const source = await createVirtualSource(
    [{ reader: DEMO_READER, card: { scenario: 'vendor-gen1', now, recordCommands: 100_000 } }],
    { now },
  );
  const certs = await source.withCard(DEMO_READER, (t) => new CardDriver(t).readCertificates());
  await source.close();
  hsm.addCertificates(
    'TP03000012345678',
    PIN,
    certs.map((c) => ({ label: c.label, id: Buffer.from(c.id, 'ascii'), der: c.der })),
  );
});

afterAll(() => hsm?.cleanup());

describe('citizen-card with --pkcs11-module', { timeout: 30_000 }, () => {
  it('status shows the PIN state the module reports (flags, not counts)', async () => {
    const r = await cli(['status', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      family: 'moica-gen1',
      pinChannel: 'vendor',
      cardNumber: 'TP03000012345678',
      pin: { triesLeft: null, maxTries: null, blocked: false, lastTry: false, source: 'pkcs11' },
      userCode: null,
      problems: [],
    });
    expect(pinFamilyCommands(card)).toEqual([]);
  });

  it('status as text says where the PIN state comes from, in both languages', async () => {
    const en = await cli(['status']);
    expect(en.stdout).toMatch(/PIN.*from the PKCS#11 module/);
    const zh = await cli(['status'], undefined, {}, 'zh_TW.UTF-8');
    expect(zh.stdout).toContain('由 PKCS#11 模組提供');
  });

  it('verify: the right PIN passes (exit 0), a wrong one is exit 4 without a count', async () => {
    const ok = await cli(['verify', '--pin-stdin', '--json'], `${PIN}\n`);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      operation: 'verify',
      ok: true,
      pin: { source: 'pkcs11', blocked: false },
    });
    const bad = await cli(['verify', '--pin-stdin'], '999999\n');
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain('Wrong PIN.');
    expect(bad.stderr).not.toMatch(/\d+ tries left/);
    expect(pinFamilyCommands(card)).toEqual([]);
  });

  it('change-pin through C_SetPIN, then the new PIN verifies and the old one does not', async () => {
    const changed = await cli(['change-pin', '--pin-stdin'], `${PIN}\nNew2468\n`);
    expect(changed.code).toBe(0);
    expect((await cli(['verify', '--pin-stdin'], 'New2468\n')).code).toBe(0);
    expect((await cli(['verify', '--pin-stdin'], `${PIN}\n`)).code).toBe(4);
    expect((await cli(['change-pin', '--pin-stdin'], `New2468\n${PIN}\n`)).code).toBe(0);
    // A new PIN outside MOICA's 6–8 characters never reaches the module (exit 2).
    const short = await cli(['change-pin', '--pin-stdin'], `${PIN}\n12345\n`);
    expect(short.code).toBe(2);
    expect((await cli(['verify', '--pin-stdin'], `${PIN}\n`)).code).toBe(0);
  });

  it('unblock stays the online procedure (exit 6), even with a module configured', async () => {
    const r = await run(['unblock', '--pin-stdin', '--virtual', 'vendor-gen1'], {
      stdin: `12345678\n${PIN}\n`,
      services: services({ modulePath: hsm.module }),
    });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('cannot be unlocked in this app');
  });

  it('a module without a slot for this card: status exit 1 with the reason, verify refused', async () => {
    const status = await cli(['status', '--json'], undefined, { matchSlot: () => null });
    expect(status.code).toBe(1);
    expect(JSON.parse(status.stdout)).toMatchObject({
      pin: null,
      problems: [{ item: 'pin', code: 'not-found' }],
    });
    const verify = await cli(['verify', '--pin-stdin'], `${PIN}\n`, { matchSlot: () => null });
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('does not list the card');
  });

  it('--pkcs11-module pointing nowhere: status reports it, verify is bad usage (exit 2)', async () => {
    const args = ['--virtual', 'vendor-gen1', '--pkcs11-module', '/nonexistent/libp11.so'];
    const status = await run(['status', ...args], { services: services() });
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('/nonexistent/libp11.so');
    const verify = await run(['verify', '--pin-stdin', ...args], {
      stdin: `${PIN}\n`,
      services: services(),
    });
    expect(verify.code).toBe(2);
  });

  it('a token on its final try: refused before any PIN is asked for, unless --yes-last-try', async () => {
    const lastTry = { client: { env: hsm.env, launch: flagging(CKF_USER_PIN_FINAL_TRY) } };
    const status = await cli(['status', '--json'], undefined, lastTry);
    expect(JSON.parse(status.stdout).pin).toMatchObject({ lastTry: true, blocked: false });
    const refused = await cli(['verify', '--pin-stdin'], `${PIN}\n`, lastTry);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain('--yes-last-try');
    const confirmed = await cli(['verify', '--pin-stdin', '--yes-last-try'], `${PIN}\n`, lastTry);
    expect(confirmed.code).toBe(0);
  });

  it('a locked token: exit 5 with the online-unlock guidance, never the demo-card hint', async () => {
    const locked = { client: { env: hsm.env, launch: flagging(CKF_USER_PIN_LOCKED) } };
    const r = await cli(['verify', '--pin-stdin', '--yes-last-try'], `${PIN}\n`, locked);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('R-UNLOCK-ONLINE');
    expect(r.stderr).not.toContain('citizen-card unblock');
  });

  it('a token that asks for a new PIN: status says so', async () => {
    const change = { client: { env: hsm.env, launch: flagging(CKF_USER_PIN_TO_BE_CHANGED) } };
    const r = await cli(['status'], undefined, change);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('The card asks for a new PIN');
  });
});

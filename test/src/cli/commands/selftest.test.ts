/**
 * `citizen-card selftest` (cli.md "Self-test"): exit 0 when the signature verifies, 1 when
 * signing fails or the signature does not verify, 4/5/6 as for `verify`; the same checks as
 * `verify` before the PIN is used. On the virtual card and on SoftHSM2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardDriver } from '../../../../src/card';
import type { CliServices } from '../../../../src/cli/context';
import { createVirtualSource, DEMO_READER } from '../../../../src/sources/virtual-source';
import type { VirtualCard } from '../../../../src/virtual-card';
import { loadTestKey } from '../../../../src/virtual-card/keys';
import { createSoftHsm, matchByLabel, type SoftHsm } from '../../../helpers/softhsm';
import { NOW, run, secretCommands } from '../run-cli';

const PIN = '730101';
const signingApdus = (card: VirtualCard | null) =>
  (card?.received ?? []).filter((c) => c[1] === 0x22 || c[1] === 0x2a);

describe('citizen-card selftest on the virtual card', () => {
  it('fresh: exit 0, says the card can sign, and shows the PIN counter', async () => {
    const r = await run(['selftest', '--virtual', 'fresh', '--pin-stdin'], { stdin: `${PIN}\n` });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The card can sign');
    expect(r.stdout).toContain('signing certificate SIGN verified the signature');
    expect(r.stdout).toContain('PIN: 3 of 3 tries left');
    expect(r.stderr).toContain('PIN: 3 of 3 tries left');
    expect(r.card!.verified).toBe(false);
    expect(r.stdout + r.stderr).not.toContain(PIN);
  });

  it('sign-broken: exit 1 and names the verification step', async () => {
    const r = await run(['selftest', '--virtual', 'sign-broken', '--pin-stdin'], {
      stdin: `${PIN}\n`,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('failed at the step "checking the signature"');
    expect(r.stderr).toContain('does not verify the signature');
  });

  it('sign-refused: exit 1 and names the signing step with the status word', async () => {
    const r = await run(['selftest', '--virtual', 'sign-refused', '--pin-stdin', '--json'], {
      stdin: `${PIN}\n`,
    });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      reader: DEMO_READER,
      ok: false,
      failedStep: 'sign',
      via: 'iso',
      error: { code: 'card-error', params: { sw: '6985' } },
      certificate: { id: 'SIGN' },
    });
    expect(r.stderr).toContain('failed at the step "signing"');
  });

  it('a wrong PIN: exit 4, one try spent, nothing signed', async () => {
    const r = await run(['selftest', '--virtual', 'fresh', '--pin-stdin'], { stdin: '111111\n' });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('Wrong PIN - 2 tries left.');
    expect(r.card!.pinTriesLeft).toBe(2);
    expect(signingApdus(r.card)).toEqual([]);
  });

  it('the last try: exit 6 without --yes-last-try (no PIN sent), signs with it', async () => {
    const refused = await run(['selftest', '--virtual', 'one-try-left', '--pin-stdin'], {
      stdin: `${PIN}\n`,
    });
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain('--yes-last-try');
    expect(secretCommands(refused.card)).toEqual([]);
    const allowed = await run(
      ['selftest', '--virtual', 'one-try-left', '--pin-stdin', '--yes-last-try'],
      { stdin: `${PIN}\n` },
    );
    expect(allowed.code).toBe(0);
  });

  it('locked: exit 5 before the PIN is used, with what to do next', async () => {
    const r = await run(['selftest', '--virtual', 'locked', '--pin-stdin', '--yes-last-try'], {
      stdin: `${PIN}\n`,
    });
    expect(r.code).toBe(5);
    expect(secretCommands(r.card)).toEqual([]);
    expect(r.stderr).toContain('R-PIN-LOCK');
  });

  it('unknown and MOICA cards without the module: exit 6, no PIN or signing command', async () => {
    for (const scenario of ['unknown-atr', 'vendor-gen1']) {
      const r = await run(['selftest', '--virtual', scenario, '--pin-stdin'], {
        stdin: `${PIN}\n`,
        env: { HOME: '/nonexistent' },
        pkcs11: { environment: { platform: 'linux', home: '/nonexistent', env: {} } },
      });
      expect(r.code, scenario).toBe(6);
      expect(
        (r.card?.received ?? []).filter((c) => [0x20, 0x22, 0x2a].includes(c[1]!)),
        scenario,
      ).toEqual([]);
    }
  });

  it('a malformed PIN on stdin: exit 2 before the card is touched', async () => {
    const r = await run(['selftest', '--virtual', 'fresh', '--pin-stdin'], { stdin: '12\n' });
    expect(r.code).toBe(2);
    expect(r.card?.received ?? []).toEqual([]);
  });

  it('speaks Traditional Chinese under a zh_TW locale', async () => {
    const r = await run(['selftest', '--virtual', 'sign-broken', '--pin-stdin'], {
      stdin: `${PIN}\n`,
      lang: 'zh_TW.UTF-8',
    });
    expect(r.stderr).toContain('簽章測試沒有通過，失敗在「驗證簽章」這一步');
  });
});

describe('citizen-card selftest on a MOICA card through PKCS#11 (SoftHSM2)', () => {
  let hsm: SoftHsm;
  const GOOD = 'TP03000012345678';
  const BROKEN = 'TP03000012340000';
  const readers = { [GOOD]: 'Vendor reader 00 00', [BROKEN]: 'Vendor reader 01 00' };

  const services = (): CliServices => ({
    now: () => NOW,
    openVirtual: async (_scenario, _state, now) =>
      createVirtualSource(
        Object.entries(readers).map(([number, reader]) => ({
          reader,
          card: { scenario: 'vendor-gen1' as const, now, holder: { cardNumber: number } },
        })),
        { now },
      ),
    pkcs11: { matchSlot: matchByLabel, client: { env: hsm.env } },
  });

  beforeAll(async () => {
    hsm = createSoftHsm();
    const source = await (services().openVirtual!('vendor-gen1', undefined, () => NOW) as Promise<
      Awaited<ReturnType<typeof createVirtualSource>>
    >);
    for (const [number, reader] of Object.entries(readers)) {
      const certs = await source.withCard(reader, (t) => new CardDriver(t).readCertificates());
      hsm.initToken(number, PIN);
      hsm.addCertificates(
        number,
        PIN,
        certs.map((c) => ({ label: c.label, id: Buffer.from(c.id, 'ascii'), der: c.der })),
      );
      const key = number === GOOD ? 'holder-signing' : 'holder-key-exchange';
      hsm.addPrivateKey(number, PIN, {
        id: Buffer.from('SIGN', 'ascii'),
        privateKey: loadTestKey(key).privateKey,
      });
    }
    await source.close();
  }, 60_000);

  afterAll(() => hsm?.cleanup());

  it('the token whose key matches: exit 0 through the module', async () => {
    const r = await run(
      [
        'selftest',
        '--virtual',
        'vendor-gen1',
        '--reader',
        readers[GOOD],
        '--pkcs11-module',
        hsm.module,
        '--pin-stdin',
        '--json',
      ],
      { services: services(), stdin: `${PIN}\n` },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, via: 'pkcs11', failedStep: null });
  }, 30_000);

  it('the token whose key does not match: exit 1 at verification', async () => {
    const r = await run(
      [
        'selftest',
        '--virtual',
        'vendor-gen1',
        '--reader',
        readers[BROKEN],
        '--pkcs11-module',
        hsm.module,
        '--pin-stdin',
        '--json',
      ],
      { services: services(), stdin: `${PIN}\n` },
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, via: 'pkcs11', failedStep: 'verify' });
  }, 30_000);
});

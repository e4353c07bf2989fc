/**
 * `citizen-card diagnose` on a vendor-family card (the virtual card "vendor-gen1") with a
 * PKCS#11 module next to it (SoftHSM2, a token labelled with the card number), found the
 * way a helpdesk would point at it: CITIZEN_CARD_PKCS11_MODULE. The card's PIN counter
 * comes from the module, as in `status`; the card itself never sees a PIN command.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pkcs11Settings } from '../../../src/sources/pin-backend';
import { createSoftHsm, matchByLabel, type SoftHsm } from '../../helpers/softhsm';
import { pinFamilyCommands, run } from './run-cli';

let hsm: SoftHsm;

beforeAll(() => {
  hsm = createSoftHsm();
  hsm.initToken('TP03000012345678', '730101');
});

afterAll(() => hsm?.cleanup());

interface Finding {
  id: string;
  severity: string;
  remedy: string;
  data: Record<string, unknown>;
}

async function diagnose(pkcs11: Partial<Pkcs11Settings>, env: NodeJS.ProcessEnv) {
  const r = await run(['diagnose', '--virtual', 'vendor-gen1', '--json'], {
    pkcs11: { matchSlot: matchByLabel, client: { env: hsm.env }, ...pkcs11 },
    env,
  });
  const findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
  const only = (id: string): Finding => {
    const found = findings.filter((f) => f.id === id);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  return { ...r, only };
}

describe('citizen-card diagnose with a PKCS#11 module', { timeout: 30_000 }, () => {
  it("reports the PIN state the card's module gives (flags, not counts)", async () => {
    const r = await diagnose({}, { CITIZEN_CARD_PKCS11_MODULE: hsm.module });
    expect(r.only('card.pin')).toMatchObject({
      severity: 'ok',
      data: {
        kind: 'pin',
        status: {
          triesLeft: null,
          maxTries: null,
          blocked: false,
          lastTry: false,
          source: 'pkcs11',
        },
      },
    });
    // PKCS#11 knows nothing of the user code: still unknown.
    expect(r.only('card.user-code').data.status).toBeNull();
    expect(r.only('middleware.pkcs11').data.found).toBe(hsm.module);
    expect(pinFamilyCommands(r.card)).toEqual([]);
  });

  it('a module without a slot for this card: the PIN stays unknown, pointing at the module', async () => {
    const r = await diagnose({ matchSlot: () => null }, { CITIZEN_CARD_PKCS11_MODULE: hsm.module });
    const pin = r.only('card.pin');
    expect(pin).toMatchObject({ severity: 'info', data: { status: null, pinChannel: 'vendor' } });
    expect(pin.remedy).toContain(hsm.module);
    expect(pinFamilyCommands(r.card)).toEqual([]);
  });

  it('no module anywhere: unknown, as before, with the advice to install it', async () => {
    const r = await diagnose({ environment: { platform: 'linux', home: hsm.dir, env: {} } }, {});
    const pin = r.only('card.pin');
    expect(pin).toMatchObject({ severity: 'info', data: { status: null } });
    expect(r.only('middleware.pkcs11').data.found).toBeNull();
    expect(pinFamilyCommands(r.card)).toEqual([]);
  });
});

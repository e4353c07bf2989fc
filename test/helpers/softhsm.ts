/**
 * A real PKCS#11 module for the tests: SoftHSM2 (Debian package softhsm2, installed by
 * .ci/run), with its tokens in a temporary folder the test owns. SoftHSM2 cannot choose a
 * token's serial, so tests pair a card with a token through its label.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Pkcs11Js from 'pkcs11js';
import {
  CKA_CLASS,
  CKA_ID,
  CKA_LABEL,
  CKA_VALUE,
  CKF_RW_SESSION,
  CKF_SERIAL_SESSION,
  CKO_CERTIFICATE,
  CKU_USER,
} from '../../src/card/pkcs11/constants';
import type { SlotReport } from '../../src/card/pkcs11/protocol';
import type { SlotMatcher } from '../../src/sources/pin-backend';
import { childrenOf, readTlv } from '../../src/card/tlv';

const require = createRequire(import.meta.url);

const CANDIDATES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
  '/opt/homebrew/lib/softhsm/libsofthsm2.so',
];

/** Fails loudly instead of skipping: CI installs softhsm2, and so must a developer. */
export function softHsmModule(): string {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `SoftHSM2 not found (looked in ${CANDIDATES.join(', ')}): apt install softhsm2`,
    );
  }
  return found;
}

export const CKA_CERTIFICATE_TYPE = 0x80;
export const CKC_X_509 = 0;
export const CKA_TOKEN = 0x01;
export const CKA_SUBJECT = 0x101;

/** The subject Name of a certificate, as DER (SoftHSM2 requires CKA_SUBJECT for X.509). */
function subjectDer(der: Buffer): Buffer {
  const [tbs] = childrenOf(readTlv(der, 0));
  const fields = childrenOf(tbs!);
  // [0] version is optional: subject is the sixth field with it, the fifth without.
  const subject = fields[fields[0]!.tag === 0xa0 ? 5 : 4]!;
  return der.subarray(subject.start, subject.end);
}

export interface SoftHsm {
  module: string;
  dir: string;
  /** The worker's environment: SOFTHSM2_CONF points at this token folder. */
  env: NodeJS.ProcessEnv;
  initToken(label: string, pin: string, soPin?: string): void;
  /** Stores certificates on a token as public objects (logs in as the test, not the app). */
  addCertificates(
    label: string,
    pin: string,
    certs: Array<{ label: string; id: Buffer; der: Buffer }>,
  ): void;
  cleanup(): void;
}

export function createSoftHsm(): SoftHsm {
  const module = softHsmModule();
  const dir = mkdtempSync(join(tmpdir(), 'ccm-softhsm-'));
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens);
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(
    conf,
    `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`,
  );
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  return {
    module,
    dir,
    env,
    initToken(label, pin, soPin = '12345678') {
      execFileSync(
        'softhsm2-util',
        ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', soPin],
        { env, stdio: 'ignore' },
      );
    },
    addCertificates(label, pin, certs) {
      const lib = require('pkcs11js') as typeof Pkcs11Js;
      const previous = process.env.SOFTHSM2_CONF;
      // SoftHSM2 reads its configuration from the environment at C_Initialize.
      process.env.SOFTHSM2_CONF = conf;
      const p11 = new lib.PKCS11();
      p11.load(module);
      p11.C_Initialize();
      try {
        const slot = p11
          .C_GetSlotList(true)
          .find((s) => p11.C_GetTokenInfo(s).label.trim() === label);
        if (!slot) throw new Error(`no token ${label}`);
        const session = p11.C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION);
        p11.C_Login(session, CKU_USER, pin);
        for (const c of certs) {
          p11.C_CreateObject(session, [
            { type: CKA_CLASS, value: CKO_CERTIFICATE },
            { type: CKA_CERTIFICATE_TYPE, value: CKC_X_509 },
            { type: CKA_TOKEN, value: true },
            { type: CKA_LABEL, value: c.label },
            { type: CKA_SUBJECT, value: subjectDer(c.der) },
            { type: CKA_ID, value: c.id },
            { type: CKA_VALUE, value: c.der },
          ]);
        }
        p11.C_Logout(session);
        p11.C_CloseSession(session);
      } finally {
        p11.C_Finalize();
        p11.close();
        if (previous === undefined) delete process.env.SOFTHSM2_CONF;
        else process.env.SOFTHSM2_CONF = previous;
      }
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Tests pair a card with the SoftHSM2 token labelled with its card number. */
export const matchByLabel: SlotMatcher = (card, slots: SlotReport[]) =>
  slots.find((s) => s.token?.label === card.cardNumber) ?? null;

/** Builds the misbehaving test module into a temporary folder; returns its path. */
export function buildMisbehavingModule(dir: string): string {
  const source = new URL('../fixtures/pkcs11-abort/module.c', import.meta.url).pathname;
  const out = join(dir, 'libmisbehaving.so');
  execFileSync('cc', ['-shared', '-fPIC', '-o', out, source], { stdio: 'pipe' });
  return out;
}

/**
 * A real PKCS#11 module for the tests: SoftHSM2 (Debian package softhsm2, installed by
 * .ci/run), with its tokens in a temporary folder the test owns. SoftHSM2 cannot choose a
 * token's serial, so tests pair a card with a token through its label.
 */
import { execFileSync } from 'node:child_process';
import type { KeyObject } from 'node:crypto';
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
// PKCS #11 2.40 §4.8 and §2.1.2 of the mechanisms specification (RSA private key objects).
const CKO_PRIVATE_KEY = 0x03;
const CKA_PRIVATE = 0x02;
const CKA_KEY_TYPE = 0x100;
const CKA_SENSITIVE = 0x103;
const CKA_SIGN = 0x108;
const CKA_MODULUS = 0x120;
const CKA_PUBLIC_EXPONENT = 0x122;
const CKA_PRIVATE_EXPONENT = 0x123;
const CKA_PRIME_1 = 0x124;
const CKA_PRIME_2 = 0x125;
const CKA_EXPONENT_1 = 0x126;
const CKA_EXPONENT_2 = 0x127;
const CKA_COEFFICIENT = 0x128;
const CKK_RSA = 0x00;

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
  /** Stores an RSA private key (a project test key) as a private, signing token object. */
  addPrivateKey(label: string, pin: string, key: { id: Buffer; privateKey: KeyObject }): void;
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

  /** A logged-in R/W session on the token `label`, in this process (the test's, not the app's). */
  function withUserSession(
    label: string,
    pin: string,
    work: (p11: Pkcs11Js.PKCS11, session: Buffer) => void,
  ): void {
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
      work(p11, session);
      p11.C_Logout(session);
      p11.C_CloseSession(session);
    } finally {
      p11.C_Finalize();
      p11.close();
      if (previous === undefined) delete process.env.SOFTHSM2_CONF;
      else process.env.SOFTHSM2_CONF = previous;
    }
  }

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
      withUserSession(label, pin, (p11, session) => {
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
      });
    },
    addPrivateKey(label, pin, { id, privateKey }) {
      const jwk = privateKey.export({ format: 'jwk' });
      const part = (name: 'n' | 'e' | 'd' | 'p' | 'q' | 'dp' | 'dq' | 'qi'): Buffer =>
        Buffer.from(jwk[name]!, 'base64url');
      withUserSession(label, pin, (p11, session) => {
        p11.C_CreateObject(session, [
          { type: CKA_CLASS, value: CKO_PRIVATE_KEY },
          { type: CKA_KEY_TYPE, value: CKK_RSA },
          { type: CKA_TOKEN, value: true },
          { type: CKA_PRIVATE, value: true },
          { type: CKA_SENSITIVE, value: true },
          { type: CKA_SIGN, value: true },
          { type: CKA_LABEL, value: 'signing key' },
          { type: CKA_ID, value: id },
          { type: CKA_MODULUS, value: part('n') },
          { type: CKA_PUBLIC_EXPONENT, value: part('e') },
          { type: CKA_PRIVATE_EXPONENT, value: part('d') },
          { type: CKA_PRIME_1, value: part('p') },
          { type: CKA_PRIME_2, value: part('q') },
          { type: CKA_EXPONENT_1, value: part('dp') },
          { type: CKA_EXPONENT_2, value: part('dq') },
          { type: CKA_COEFFICIENT, value: part('qi') },
        ]);
      });
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

/**
 * "Can this card sign?" (這張卡能簽章嗎？): the signature self-test of `citizen-card selftest`
 * and of the app's PIN and Diagnose screens. A fresh random challenge is signed by the
 * card's signing key, through the card's PIN backend (its own APDUs on ISO cards,
 * card-profile.md §6; MOICA's PKCS#11 module on MOICA cards), and the signature is checked
 * with the card's signing certificate. The result names the step that failed: the PIN, the
 * key, the signature, or its verification.
 *
 * Safety (card-profile.md §1): it runs only when the person asked for it and typed the PIN;
 * the backend applies verifyPin's rules (tries read first, blocked never tried, the last try
 * only when confirmed) and zeroes the PIN however the test ends.
 */
import { randomBytes, verify, X509Certificate } from 'node:crypto';
import { CardDriver } from '../card';
import { SigningStepError } from '../card/signing';
import { parseCardCertificates } from '../certs/card-certificates';
import type { ParsedCertificate } from '../certs';
import { AppError, isAppError } from '../core/errors';
import type { SecretStatus, SelfTestResult, SelfTestStep } from '../core/model';
import type { CardSource, ReaderState } from '../sources/card-source';
import { withPinBackend, type PinBackend, type PinBackendOptions } from '../sources/pin-backend';

/** 32 bytes: as long as the SHA-256 it is hashed to, never the same twice. */
export const CHALLENGE_BYTES = 32;

/** The card holds no certificate for signing (keyUsage digitalSignature/nonRepudiation). */
export class NoSigningCertificateError extends AppError {
  constructor() {
    super('not-found', 'selftest.noSigningCertificate');
  }
}

/** The card's signing certificate, read over PC/SC (SELECT and READ BINARY only). */
export async function readSigningCertificate(
  source: CardSource,
  reader: string,
): Promise<ParsedCertificate> {
  const raw = await source.withCard(reader, (t) => new CardDriver(t).readCertificates());
  const signing = parseCardCertificates(raw).certificates.find((c) => c.role === 'signing');
  if (!signing) throw new NoSigningCertificateError();
  return signing;
}

/** PIN-step errors: the ones verifyPin gives (wrong, blocked, refused by a safety rule). */
function isPinStepError(err: unknown): err is AppError {
  return (
    isAppError(err) &&
    (err.code === 'wrong-secret' || err.code === 'secret-blocked' || err.code === 'refused')
  );
}

/** Whether the signing certificate's key verifies `signature` over `challenge`. */
export function signatureVerifies(
  certificate: Pick<ParsedCertificate, 'der'>,
  challenge: Buffer,
  signature: Buffer,
): boolean {
  try {
    const key = new X509Certificate(certificate.der).publicKey;
    // RSA keys verify RSASSA-PKCS1-v1_5 by default, the scheme of §6 and CKM_SHA256_RSA_PKCS.
    return verify('sha256', challenge, key, signature);
  } catch {
    // A key node cannot use, or a signature of the wrong size: it does not verify.
    return false;
  }
}

function errorOf(err: AppError): SelfTestResult['error'] {
  return { code: err.code, messageKey: err.messageKey, params: { ...err.params } };
}

export interface SelfTestInput {
  reader: string;
  certificate: ParsedCertificate;
  /** Zeroed when the test ends, however it ends. */
  pin: Buffer;
  confirmLastTry: boolean;
  /** Tests pin the challenge; default crypto.randomBytes. */
  random?: (bytes: number) => Buffer;
}

/**
 * Sign and verify through an opened backend. Failures at a step are results (`ok: false`,
 * `failedStep`); anything else (a malformed PIN, the card pulled out) is thrown.
 */
export async function runSelfTest(
  backend: PinBackend,
  input: SelfTestInput,
): Promise<SelfTestResult> {
  return (await runSelfTestWithCause(backend, input)).result;
}

/** runSelfTest, plus the typed error behind a failed step (the CLI explains a locked PIN). */
export async function runSelfTestWithCause(
  backend: PinBackend,
  input: SelfTestInput,
): Promise<{ result: SelfTestResult; cause: AppError | null }> {
  const { certificate } = input;
  // Field order as cli.md prints the document: the verdict first.
  const result = (
    outcome: Pick<SelfTestResult, 'ok' | 'failedStep' | 'error'>,
    signatureBytes: number | null,
    pin: SecretStatus | null,
  ): SelfTestResult => ({
    reader: input.reader,
    ...outcome,
    via: backend.kind,
    certificate: {
      id: certificate.summary.id,
      subject: certificate.subject,
      serialNumber: certificate.serialNumber,
    },
    challengeBytes: CHALLENGE_BYTES,
    signatureBytes,
    pin,
  });
  const failed = async (
    step: SelfTestStep,
    cause: AppError,
    signatureBytes: number | null = null,
  ) => ({
    result: result(
      { ok: false, failedStep: step, error: errorOf(cause) },
      signatureBytes,
      await pinAfter(backend),
    ),
    cause,
  });

  const challenge = (input.random ?? randomBytes)(CHALLENGE_BYTES);
  let signature: Buffer;
  try {
    signature = await backend.sign(input.pin, challenge, certificate.der, {
      confirmLastTry: input.confirmLastTry,
    });
  } catch (err) {
    if (err instanceof SigningStepError) return failed(err.step, err);
    if (isPinStepError(err)) return failed('pin', err);
    throw err;
  } finally {
    input.pin.fill(0);
  }
  if (!signatureVerifies(certificate, challenge, signature)) {
    const mismatch = new AppError('card-error', 'selftest.signatureMismatch');
    return failed('verify', mismatch, signature.length);
  }
  return {
    result: result(
      { ok: true, failedStep: null, error: null },
      signature.length,
      await pinAfter(backend),
    ),
    cause: null,
  };
}

/** The counter after the test; a backend that cannot say leaves it unknown. */
async function pinAfter(backend: PinBackend): Promise<SecretStatus | null> {
  try {
    return (await backend.state()).pin;
  } catch {
    return null;
  }
}

/**
 * The whole test for the app: the backend for the card in `reader`, its refusal if it has
 * one (a result at the PIN step, nothing sent), the signing certificate, then runSelfTest.
 */
export async function selfTestCard(
  source: CardSource,
  reader: ReaderState,
  pin: Buffer,
  options: {
    confirmLastTry: boolean;
    pinBackends?: PinBackendOptions;
    random?: (n: number) => Buffer;
  },
): Promise<SelfTestResult> {
  try {
    return await withPinBackend(
      source,
      reader,
      options.pinBackends ?? {},
      { intent: 'sign' },
      async (backend) => {
        const refusal = backend.refusalFor('sign');
        if (refusal) return refusedBeforeAnything(reader.name, backend, refusal);
        const certificate = await readSigningCertificate(source, reader.name);
        return runSelfTest(backend, {
          reader: reader.name,
          certificate,
          pin,
          confirmLastTry: options.confirmLastTry,
          random: options.random,
        });
      },
    );
  } finally {
    pin.fill(0);
  }
}

function refusedBeforeAnything(
  reader: string,
  backend: PinBackend,
  refusal: AppError,
): SelfTestResult {
  return {
    reader,
    ok: false,
    failedStep: 'pin',
    error: errorOf(refusal),
    via: backend.kind,
    certificate: null,
    challengeBytes: CHALLENGE_BYTES,
    signatureBytes: null,
    pin: null,
  };
}

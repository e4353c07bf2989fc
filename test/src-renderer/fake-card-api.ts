/**
 * A CardApi the tests script: each method answers from a queue or a default, every call
 * is recorded with its request, and events are pushed by hand with `emit`.
 */
import type {
  AppInfo,
  CardApi,
  CardStatusView,
  CertificateView,
  EventName,
  IpcError,
  IpcEvents,
  IpcResult,
  KnownCardsView,
  PinOutcome,
} from '../../src/service/contract';
import type { ReaderState } from '../../src/sources/card-source';
import { advise, revocationNotChecked } from '../../src/advisor/advise';
import type { AdvisorResult, SecretStatus, SelfTestResult } from '../../src/core/model';
import type { DiagnosticReport } from '../../src/service/diagnostics/types';
import { DEFAULT_SETTINGS, type Settings } from '../../src/service/settings';

type Method = Exclude<keyof CardApi, 'on'>;

/** "My cards" with remembering off and nothing remembered: what a new install shows. */
export const NO_KNOWN_CARDS: KnownCardsView = {
  remembering: false,
  cards: [],
  problem: null,
  error: null,
};
type Answer<M extends Method> = Awaited<ReturnType<CardApi[M]>>;

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function fail(code: IpcError['code'], messageKey: string, params = {}): IpcResult<never> {
  return { ok: false, error: { code, messageKey, params } };
}

export function secret(triesLeft: number, maxTries = 3): SecretStatus {
  return {
    triesLeft,
    maxTries,
    blocked: triesLeft === 0,
    lastTry: triesLeft === 1,
    source: 'card',
  };
}

/** A PIN state as a vendor's PKCS#11 module reports it: flags, never a count (cli.md). */
export function moduleSecret(state: 'ok' | 'last-try' | 'blocked'): SecretStatus {
  return {
    triesLeft: null,
    maxTries: null,
    blocked: state === 'blocked',
    lastTry: state === 'last-try',
    source: 'pkcs11',
  };
}

/** A genuine MOICA card; `pin` decides whether its PKCS#11 module answered for it. */
export function moicaStatus(
  pin: SecretStatus | null,
  overrides: Partial<CardStatusView> = {},
): CardStatusView {
  return cardStatus({
    family: 'moica-gen1',
    pinChannel: 'vendor',
    atr: '3BB813008131FA524348544D4F494341A5',
    pin,
    userCode: null,
    demo: false,
    ...overrides,
  });
}

export function reader(name: string, cardPresent = true): ReaderState {
  return {
    name,
    cardPresent,
    atr: cardPresent ? '3B8A80014343' : null,
    mute: false,
    identity: null,
  };
}

export function certificate(overrides: Partial<CertificateView> = {}): CertificateView {
  return {
    id: 'SIGN',
    label: 'Signing',
    role: 'signing',
    subject: 'C=TW, CN=王小明, serialNumber=0000000112345678',
    subjectCN: '王小明',
    subjectSerialNumber: '0000000112345678',
    issuer: 'C=TW, O=Test, CN=CCM Test Issuing CA',
    serialNumber: '0A1B2C',
    notBefore: '2022-03-01T00:00:00Z',
    notAfter: '2027-02-28T15:59:59Z',
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    extKeyUsage: [],
    isCA: false,
    sha1: 'AB'.repeat(20),
    sha256: 'CD'.repeat(32),
    keyType: 'RSA',
    keySize: 2048,
    chain: { status: 'test-root', problems: [], rootName: 'CCM Test Root CA' },
    crlUrls: ['https://example.test/crl'],
    ocspUrls: [],
    policies: ['2.16.886.101.0.3.1'],
    pem: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n',
    ...overrides,
  };
}

export function adviceFor(cert: CertificateView, today: string, extended?: boolean): AdvisorResult {
  return advise({ notBefore: cert.notBefore, notAfter: cert.notAfter, today, extended });
}

export function cardStatus(overrides: Partial<CardStatusView> = {}): CardStatusView {
  const cert = certificate();
  return {
    reader: 'Reader A',
    atr: '3B8A80014343',
    family: 'virtual',
    pinChannel: 'iso',
    cardNumber: 'TP00000000000001',
    osVersion: 'CCM V1',
    holderName: '王小明',
    pin: secret(3),
    userCode: secret(5, 5),
    certificates: [cert],
    advice: adviceFor(cert, '2026-06-01'),
    demo: true,
    otherCard: null,
    ...overrides,
  };
}

export const INFO: AppInfo = {
  name: 'Citizen Card Manager',
  version: '0.1.0',
  runtime: 'browser',
  platform: 'linux',
  demoScenario: null,
};

/** A diagnostic report with no finding, as the request asked for it. */
export function emptyReport(request: Parameters<CardApi['diagnose']>[0]): DiagnosticReport {
  return {
    schema: 1,
    generatedAt: '2026-06-01T00:00:00.000Z',
    lang: request.lang,
    masked: !request.unmask,
    app: { name: INFO.name, version: INFO.version, runtime: INFO.runtime },
    os: { platform: 'linux', release: '6.1.0', arch: 'x64' },
    findings: [],
    summary: { errors: 0, warnings: 0 },
    ...(request.trace ? { trace: [] } : {}),
  };
}

/** What a passing signature self-test answers (the virtual card's SIGN certificate). */
export function passedSelfTest(reader: string): SelfTestResult {
  return {
    reader,
    ok: true,
    failedStep: null,
    error: null,
    via: 'iso',
    certificate: {
      id: 'SIGN',
      subject: 'C=TW, CN=王小明, serialNumber=0000000012345678',
      serialNumber: '0A1B',
    },
    challengeBytes: 32,
    signatureBytes: 256,
    pin: secret(3),
  };
}

export interface Call {
  method: Method;
  request: unknown;
}

export class FakeCardApi implements CardApi {
  calls: Call[] = [];
  /** Answers used once each, in order, before the defaults. */
  queued: { [M in Method]?: Array<Answer<M> | Promise<Answer<M>>> } = {};
  defaults: { [M in Method]: (request: never) => Answer<M> };
  private listeners = new Map<EventName, Set<(payload: never) => void>>();
  /** What the fake 'settings file' holds; updateSettings changes it. */
  savedSettings: Settings = { ...DEFAULT_SETTINGS };

  constructor(init: { readers?: ReaderState[]; status?: CardStatusView } = {}) {
    const readers = init.readers ?? [reader('Reader A')];
    const status = init.status ?? cardStatus();
    const outcome: PinOutcome = { pin: secret(3), userCode: secret(5, 5) };
    this.defaults = {
      info: () => ok(INFO),
      readers: () => ok(readers),
      status: () => ok(status),
      advise: () => ok(status.advice),
      // As with the setting off: nothing asked, so the advice stays as it came.
      revocation: () =>
        ok({
          enabled: false,
          certificates: status.certificates.map((c) => ({
            id: c.id,
            revocation: revocationNotChecked('turned-off'),
          })),
        }),
      verifyPin: () => ok(outcome),
      changePin: () => ok(outcome),
      unblockPin: () => ok(outcome),
      exportCertificate: () => ok({ fileName: 'sign.pem', saved: false, base64: 'QUJD' }),
      openExternal: () => ok(true),
      diagnose: (request: Parameters<CardApi['diagnose']>[0]) => ok(emptyReport(request)),
      settings: () => ok({ settings: { ...this.savedSettings }, problem: null }),
      updateSettings: (patch: Parameters<CardApi['updateSettings']>[0]) => {
        this.savedSettings = { ...this.savedSettings, ...patch };
        return ok({ ...this.savedSettings });
      },
      selfTest: (request: Parameters<CardApi['selfTest']>[0]) => ok(passedSelfTest(request.reader)),
      knownCards: () => ok(NO_KNOWN_CARDS),
      revealCard: () => fail('not-found', 'knownCards.error.gone'),
      forgetCards: () => ok(NO_KNOWN_CARDS),
      cardsCalendar: () => fail('not-found', 'knownCards.error.nothingToRemind'),
      switchSource: (request: Parameters<CardApi['switchSource']>[0]) =>
        ok({ ...INFO, demoScenario: request.demo }),
    };
  }

  queue<M extends Method>(method: M, ...answers: Array<Answer<M> | Promise<Answer<M>>>): void {
    const list = (this.queued[method] ??= []) as Array<Answer<M> | Promise<Answer<M>>>;
    list.push(...answers);
  }

  callsOf(method: Method): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.request);
  }

  private answer<M extends Method>(method: M, request: unknown): Promise<Answer<M>> {
    this.calls.push({ method, request });
    const list = this.queued[method] as Array<Answer<M> | Promise<Answer<M>>> | undefined;
    if (list && list.length > 0) return Promise.resolve(list.shift() as Answer<M>);
    return Promise.resolve((this.defaults[method] as (r: unknown) => Answer<M>)(request));
  }

  info() {
    return this.answer('info', undefined);
  }
  readers() {
    return this.answer('readers', undefined);
  }
  status(request: Parameters<CardApi['status']>[0]) {
    return this.answer('status', request);
  }
  advise(request: Parameters<CardApi['advise']>[0]) {
    return this.answer('advise', request);
  }
  revocation(request: Parameters<CardApi['revocation']>[0]) {
    return this.answer('revocation', request);
  }
  verifyPin(request: Parameters<CardApi['verifyPin']>[0]) {
    return this.answer('verifyPin', request);
  }
  changePin(request: Parameters<CardApi['changePin']>[0]) {
    return this.answer('changePin', request);
  }
  unblockPin(request: Parameters<CardApi['unblockPin']>[0]) {
    return this.answer('unblockPin', request);
  }
  exportCertificate(request: Parameters<CardApi['exportCertificate']>[0]) {
    return this.answer('exportCertificate', request);
  }
  openExternal(request: Parameters<CardApi['openExternal']>[0]) {
    return this.answer('openExternal', request);
  }
  diagnose(request: Parameters<CardApi['diagnose']>[0]) {
    return this.answer('diagnose', request);
  }
  settings() {
    return this.answer('settings', undefined);
  }
  updateSettings(request: Parameters<CardApi['updateSettings']>[0]) {
    return this.answer('updateSettings', request);
  }
  selfTest(request: Parameters<CardApi['selfTest']>[0]) {
    return this.answer('selfTest', request);
  }
  knownCards() {
    return this.answer('knownCards', undefined);
  }
  revealCard(request: Parameters<CardApi['revealCard']>[0]) {
    return this.answer('revealCard', request);
  }
  forgetCards(request: Parameters<CardApi['forgetCards']>[0]) {
    return this.answer('forgetCards', request);
  }
  cardsCalendar(request: Parameters<CardApi['cardsCalendar']>[0]) {
    return this.answer('cardsCalendar', request);
  }
  switchSource(request: Parameters<CardApi['switchSource']>[0]) {
    return this.answer('switchSource', request);
  }

  on<E extends EventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<E extends EventName>(event: E, payload: IpcEvents[E]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (p: IpcEvents[E]) => void)(payload);
  }

  listenerCount(): number {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0);
  }
}

/** An in-memory localStorage that remembers every write. */
export class MemoryStorage {
  data = new Map<string, string>();
  writes: Array<[string, string]> = [];
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.writes.push([key, value]);
    this.data.set(key, value);
  }
}

/** Let pending promise callbacks (fire-and-forget refreshes) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

/** A promise the test resolves when it wants. */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * What the issuer's answer does to the advice (docs/citizen-rules.md, "Certificate status
 * from the issuer"). Each row gives the dates, the answer and what must come out: status,
 * dateStatus, actions, and words the text must (and must not) contain in both languages.
 * test/src/advisor/revocation.test.ts asserts every row.
 */
import type { AdviseInput } from '../../../../src/advisor/advise';
import type { RevocationInfo } from '../../../../src/core/model';

export interface RevocationCase {
  name: string;
  tests: string[];
  input: AdviseInput;
  expect: { status: string; dateStatus: string; actions: string[] };
  /** Phrases the rendered advice contains, per language. */
  says: { zh: string[]; en: string[] };
  /** Phrases it must not contain (R-STATUS-UNKNOWN: no "valid" as a fact). */
  neverSays?: { zh: string[]; en: string[] };
}

const ORIGINAL = { notBefore: '2022-03-01T01:00:00Z', notAfter: '2027-03-01T15:59:59Z' };

const answer = (over: Partial<RevocationInfo>): RevocationInfo => ({
  status: 'good',
  source: 'ocsp',
  checkedAt: '2026-06-01T02:00:00Z',
  thisUpdate: '2026-06-01T01:55:00Z',
  nextUpdate: '2026-06-02T01:55:00Z',
  revokedAt: null,
  reason: null,
  url: 'http://127.0.0.1:8080/ocsp',
  problem: null,
  ...over,
});

const unknown = (problem: RevocationInfo['problem']): RevocationInfo => ({
  ...answer({ status: 'unknown', problem }),
  source: null,
  checkedAt: '2026-06-01T02:00:00Z',
  thisUpdate: null,
  nextUpdate: null,
});

const HOLD = answer({
  status: 'suspended',
  revokedAt: '2026-05-20T03:00:00Z',
  reason: 'certificateHold',
});

export const revocationCases: RevocationCase[] = [
  {
    name: 'good: the dates decide, and the text says the issuer confirmed it',
    tests: ['R-VALIDITY', 'R-EXT'],
    input: { ...ORIGINAL, today: '2026-06-01', revocation: answer({}) },
    expect: { status: 'valid', dateStatus: 'valid', actions: ['wait-for-extension'] },
    says: { zh: ['狀態：有效', '發證單位狀態：正常', 'OCSP'], en: ['Status: Valid', 'Good'] },
  },
  {
    name: 'suspended while valid: resume first, the date advice after it',
    tests: ['R-STATUS-SUSPENDED', 'R-LOST', 'R-PROXY'],
    input: { ...ORIGINAL, today: '2026-06-01', revocation: HOLD },
    expect: {
      status: 'suspended',
      dateStatus: 'valid',
      actions: ['resume', 'wait-for-extension'],
    },
    says: { zh: ['停用', '復用', '用戶代碼'], en: ['Suspended', 'resume', 'user code'] },
  },
  {
    name: 'suspended in the extension window: resume, then extend',
    tests: ['R-STATUS-SUSPENDED', 'R-EXT'],
    input: { ...ORIGINAL, today: '2027-01-10', revocation: HOLD },
    expect: { status: 'suspended', dateStatus: 'extension-window', actions: ['resume', 'extend'] },
    says: { zh: ['必須先復用'], en: ['only possible after resuming'] },
  },
  {
    name: 'revoked: only a new application, whatever the dates say',
    tests: ['R-STATUS-REVOKED', 'R-RENEW-COUNTER', 'R-BRING'],
    input: {
      ...ORIGINAL,
      today: '2027-01-10',
      revocation: answer({
        status: 'revoked',
        revokedAt: '2026-12-01T00:00:00Z',
        reason: 'keyCompromise',
      }),
    },
    expect: { status: 'revoked', dateStatus: 'extension-window', actions: ['reapply'] },
    says: {
      zh: ['廢止', '金鑰遭破解', '重新申請', '民國115年12月1日'],
      en: ['Revoked', 'key compromise', 'apply anew', '1 December 2026'],
    },
  },
  {
    name: 'revoked before notBefore: the clock is checked first (not-yet-valid wins)',
    tests: ['R-CHECK-VALIDITY'],
    input: {
      ...ORIGINAL,
      today: '2022-02-28',
      revocation: answer({ status: 'revoked', revokedAt: '2022-02-27T00:00:00Z' }),
    },
    expect: { status: 'not-yet-valid', dateStatus: 'not-yet-valid', actions: ['check-clock'] },
    says: { zh: ['廢止'], en: ['Revoked'] },
  },
  {
    name: 'unknown (offline): date advice kept, never "valid" as a fact, and why',
    tests: ['R-STATUS-UNKNOWN'],
    input: { ...ORIGINAL, today: '2026-06-01', revocation: unknown('offline') },
    expect: { status: 'valid', dateStatus: 'valid', actions: ['wait-for-extension'] },
    says: {
      zh: ['依日期有效', '無法確認', '連不上發證單位'],
      en: ['Valid by its dates', 'Could not be confirmed', 'could not be reached'],
    },
    neverSays: { zh: ['狀態：有效（'], en: ['Status: Valid ('] },
  },
  {
    name: 'unknown (bad signature): the answer is not trusted, and the text says so',
    tests: ['R-STATUS-UNKNOWN'],
    input: { ...ORIGINAL, today: '2026-06-01', revocation: unknown('bad-signature') },
    expect: { status: 'valid', dateStatus: 'valid', actions: ['wait-for-extension'] },
    says: { zh: ['不予採信'], en: ['not trusted'] },
    neverSays: { zh: ['狀態：有效（'], en: ['Status: Valid ('] },
  },
  {
    name: 'not checked (nobody asked): said so, and still not "valid" as a fact',
    tests: ['R-STATUS-UNKNOWN'],
    input: { ...ORIGINAL, today: '2026-06-01' },
    expect: { status: 'valid', dateStatus: 'valid', actions: ['wait-for-extension'] },
    says: { zh: ['未查詢', '--online'], en: ['Not checked', '--online'] },
    neverSays: { zh: ['狀態：有效（'], en: ['Status: Valid ('] },
  },
];

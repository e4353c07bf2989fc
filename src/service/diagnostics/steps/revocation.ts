/**
 * One finding per holder certificate: what its issuer says (正常 / 停用 / 廢止), or why that
 * is not known (not asked, offline, a proxy, a responder error, an answer that does not
 * verify), with what to do. The check itself is the caller's (docs/revocation.md): the CLI
 * asks with --online, the app when its setting is on.
 */
import { ACTION_RULES, revocationNotChecked } from '../../../advisor';
import type { ParsedCertificate } from '../../../certs';
import type { RevocationInfo, RevocationProblem } from '../../../core/model';
import { finding, msg, type DiagnosticsDeps } from '../deps';
import type { RawFinding, Severity, TextRef } from '../types';

/** An answer that should have counted and did not: possibly tampered with, say so louder. */
const DISTRUSTED: ReadonlySet<RevocationProblem> = new Set([
  'bad-signature',
  'wrong-certificate',
  'malformed',
]);

const REMEDY: Partial<Record<RevocationProblem, string>> = {
  'not-requested': 'diagnostics.revocation.remedy.online',
  'turned-off': 'diagnostics.revocation.remedy.turnedOff',
  offline: 'diagnostics.revocation.remedy.retry',
  timeout: 'diagnostics.revocation.remedy.retry',
  'responder-error': 'diagnostics.revocation.remedy.retry',
  'unknown-to-responder': 'diagnostics.revocation.remedy.retry',
  proxy: 'diagnostics.revocation.remedy.proxy',
  'bad-signature': 'diagnostics.revocation.remedy.distrust',
  'wrong-certificate': 'diagnostics.revocation.remedy.distrust',
  malformed: 'diagnostics.revocation.remedy.distrust',
  'future-dated': 'diagnostics.revocation.remedy.clock',
  stale: 'diagnostics.revocation.remedy.clock',
};

/** The statuses the caller's check gives, or `not-checked` with its reason for every one. */
export async function revocationStatuses(
  deps: DiagnosticsDeps,
  certs: ParsedCertificate[],
): Promise<Map<string, RevocationInfo>> {
  if (deps.checkRevocation) return deps.checkRevocation(certs);
  const why = deps.revocationNotChecked ?? 'not-requested';
  return new Map(certs.map((c) => [c.summary.id, revocationNotChecked(why)]));
}

function severityOf(info: RevocationInfo): Severity {
  switch (info.status) {
    case 'good':
      return 'ok';
    case 'suspended':
    case 'revoked':
      return 'error';
    case 'unknown':
      return info.problem && DISTRUSTED.has(info.problem) ? 'warning' : 'info';
    default:
      return 'info';
  }
}

/** People read Taipei time: an instant as its Taipei date and time, or "-" when absent. */
function instantRef(iso: string | null | undefined): TextRef {
  return iso ? { instant: iso } : msg('guide.literal', { text: '-' });
}

function causeOf(info: RevocationInfo): TextRef[] {
  const refs: TextRef[] = [];
  if (info.status === 'suspended' || info.status === 'revoked') {
    refs.push({
      key: 'diagnostics.revocation.since',
      nested: {
        revokedAt: instantRef(info.revokedAt),
        reason: msg(`revocation.reason.${info.reason ?? 'unspecified'}`),
      },
    });
  }
  if (info.source) {
    refs.push({
      key: 'diagnostics.revocation.answer',
      params: { url: info.url ?? '-' },
      nested: {
        source: msg(`revocation.source.${info.source}`),
        checkedAt: instantRef(info.checkedAt),
        nextUpdate: instantRef(info.nextUpdate),
      },
    });
  }
  if (info.problem) {
    refs.push({
      key: info.url ? 'diagnostics.revocation.whyAt' : 'diagnostics.revocation.why',
      params: { url: info.url ?? '-' },
      nested: { problem: msg(`revocation.problem.${info.problem}`) },
    });
  }
  return refs;
}

function remedyOf(info: RevocationInfo): { remedy: TextRef[]; rules: string[] } {
  if (info.status === 'suspended') {
    return {
      remedy: [{ action: { id: 'resume', rules: [...ACTION_RULES.resume] } }],
      rules: [...ACTION_RULES.resume],
    };
  }
  if (info.status === 'revoked') {
    return {
      remedy: [{ action: { id: 'reapply', rules: [...ACTION_RULES.reapply] } }],
      rules: [...ACTION_RULES.reapply],
    };
  }
  const key = info.problem ? REMEDY[info.problem] : undefined;
  return {
    remedy: key ? [msg(key)] : [],
    rules: info.status === 'good' ? [] : ['R-STATUS-UNKNOWN'],
  };
}

export function revocationFinding(
  reader: string,
  cert: ParsedCertificate,
  info: RevocationInfo,
): RawFinding {
  const { remedy, rules } = remedyOf(info);
  return finding('certificate.status', severityOf(info), {
    reader,
    title: [
      {
        key: 'diagnostics.revocation.title',
        nested: { status: msg(`revocation.status.${info.status}`) },
      },
      msg('diagnostics.cert.id', { id: cert.summary.id }),
    ],
    cause: causeOf(info),
    remedy,
    rules,
    data: { certificateId: cert.summary.id, revocation: info },
  });
}

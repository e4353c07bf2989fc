/**
 * Each certificate on the card: its validity at this instant, its chain and its key usage,
 * then the advisor's status and next steps for the holder's signing certificate.
 */
import { advise } from '../../../advisor';
import type { CardSummary } from '../../../card';
import {
  CHAIN_PROBLEMS,
  checkChain,
  isoInstant,
  moicaGeneration,
  type ChainCheckResult,
  type ParsedCertificate,
} from '../../../certs';
import { holderCertificate, type ParsedCardCertificates } from '../../../certs/card-certificates';
import { isAppError } from '../../../core/errors';
import { hasMessage } from '../../../core/i18n';
import type { AdvisorResult, AdvisorStatus, CardFamily, RevocationInfo } from '../../../core/model';
import { statusKey } from '../../../advisor';
import { revocationFinding } from './revocation';
import { finding, msg } from '../deps';
import type { RawFinding, Severity, TextRef } from '../types';

const RANK: Record<Severity, number> = { ok: 0, info: 1, warning: 2, error: 3 };

export function worst(...severities: Severity[]): Severity {
  return severities.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok' as Severity);
}

/** What each holder certificate is for (card-profile.md §3). */
const EXPECTED_USAGE: Partial<Record<ParsedCertificate['role'], string[]>> = {
  signing: ['digitalSignature', 'nonRepudiation'],
  'key-exchange': ['keyEncipherment', 'dataEncipherment'],
};

function validityPart(cert: ParsedCertificate, now: Date): { severity: Severity; refs: TextRef[] } {
  const refs: TextRef[] = [
    {
      key: 'guide.diagnose.certValidity',
      nested: {
        notBefore: { instant: isoInstant(cert.notBefore) },
        notAfter: { instant: isoInstant(cert.notAfter) },
      },
    },
  ];
  if (now.getTime() < cert.notBefore.getTime()) {
    refs.push(msg('diagnostics.cert.notYetValid'));
    return { severity: 'warning', refs };
  }
  if (now.getTime() > cert.notAfter.getTime()) {
    refs.push(msg('diagnostics.cert.expired'));
    // A CA certificate past its date matters less than the holder's own: say so, louder below.
    return { severity: cert.isCA ? 'warning' : 'error', refs };
  }
  refs.push(msg('diagnostics.cert.valid'));
  return { severity: 'ok', refs };
}

const DATE_PROBLEMS = new Set<string>([CHAIN_PROBLEMS.expired, CHAIN_PROBLEMS.notYetValid]);

function chainSeverity(chain: ChainCheckResult): Severity {
  switch (chain.status) {
    case 'trusted':
      return 'ok';
    case 'untrusted-root':
    case 'incomplete':
      return 'info';
    case 'test-root':
      return 'error';
    case 'invalid':
      // Dates are the validity part's business; anything else (a bad signature) is serious.
      return chain.problems.every((p) => DATE_PROBLEMS.has(p) || !isInvalidating(p))
        ? 'info'
        : 'error';
  }
}

function isInvalidating(problem: string): boolean {
  return ![
    CHAIN_PROBLEMS.missingIssuer,
    CHAIN_PROBLEMS.tooLong,
    CHAIN_PROBLEMS.rootNotPinned,
    CHAIN_PROBLEMS.testRoot,
  ].includes(problem as never);
}

function chainRefs(chain: ChainCheckResult): TextRef[] {
  const status = msg(chain.message.key, chain.message.params);
  if (chain.status !== 'invalid') return [status];
  const serious = chain.problems.filter((p) => isInvalidating(p) && !DATE_PROBLEMS.has(p));
  // Dates alone are already said by the validity sentence; name any other problem.
  if (serious.length === 0) return [msg('diagnostics.cert.chainDatesOnly')];
  return [status, ...serious.map((p) => msg(p))];
}

/** Key usages in words (數位簽章、不可否認), a name the catalogue lacks as it is. */
function usageList(usages: readonly string[]): TextRef {
  return {
    list: usages.map((u) =>
      hasMessage(`certs.keyUsage.${u}`)
        ? msg(`certs.keyUsage.${u}`)
        : msg('guide.literal', { text: u }),
    ),
  };
}

function usagePart(cert: ParsedCertificate): { severity: Severity; refs: TextRef[] } {
  const usages: TextRef = cert.hasKeyUsage
    ? usageList(cert.keyUsage)
    : msg('guide.literal', { text: '—' });
  const refs: TextRef[] = [{ key: 'diagnostics.cert.keyUsage', nested: { usages } }];
  const expected = EXPECTED_USAGE[cert.role];
  if (!expected || !cert.hasKeyUsage) return { severity: 'ok', refs };
  if (expected.some((u) => (cert.keyUsage as string[]).includes(u)))
    return { severity: 'ok', refs };
  refs.push({
    key: 'diagnostics.cert.keyUsageUnexpected',
    nested: { expected: usageList(expected) },
  });
  return { severity: 'warning', refs };
}

function certificateFinding(
  reader: string,
  cert: ParsedCertificate,
  all: ParsedCertificate[],
  family: CardFamily,
  now: Date,
): RawFinding {
  const validity = validityPart(cert, now);
  const chain = checkChain(cert, all, { family, at: now });
  const chainSev = chainSeverity(chain);
  const usage = usagePart(cert);
  const severity = worst(validity.severity, chainSev, usage.severity);
  const remedy: TextRef[] = [];
  if (chain.status === 'test-root') remedy.push(msg('diagnostics.cert.remedy.testRoot'));
  else if (chainSev === 'error') remedy.push(msg('diagnostics.cert.remedy.badChain'));
  if (validity.severity !== 'ok') {
    remedy.push(
      now.getTime() < cert.notBefore.getTime()
        ? msg('diagnostics.cert.remedy.checkClock')
        : msg(
            cert.isCA ? 'diagnostics.cert.remedy.caExpired' : 'diagnostics.cert.remedy.seeAdvice',
          ),
    );
  }
  if (usage.severity !== 'ok') remedy.push(msg('diagnostics.cert.remedy.keyUsage'));
  return finding('certificate', severity, {
    reader,
    title: [msg(`certs.role.${cert.role}`), msg('diagnostics.cert.id', { id: cert.summary.id })],
    cause: [...validity.refs, ...chainRefs(chain), ...usage.refs],
    remedy,
    data: {
      id: cert.summary.id,
      label: cert.summary.label,
      role: cert.role,
      subject: cert.subject,
      subjectCN: cert.subjectCN,
      subjectSerialNumber: cert.subjectSerialNumber,
      issuer: cert.issuer,
      serialNumber: cert.serialNumber,
      notBefore: isoInstant(cert.notBefore),
      notAfter: isoInstant(cert.notAfter),
      keyUsage: cert.keyUsage,
      extKeyUsage: cert.extKeyUsage,
      isCA: cert.isCA,
      keyType: cert.summary.keyType,
      keySize: cert.summary.keySize,
      moicaGeneration: cert.isCA ? null : moicaGeneration(cert),
      chain: {
        status: chain.status,
        problems: chain.problems,
        rootName: chain.rootMatch?.name ?? null,
      },
    },
  });
}

const ADVICE_SEVERITY: Record<AdvisorStatus, Severity> = {
  valid: 'ok',
  'not-yet-valid': 'warning',
  'extension-window': 'warning',
  'renewal-window': 'warning',
  'expired-extendable': 'error',
  'expired-reapply': 'error',
  suspended: 'error',
  revoked: 'error',
};

function adviceFinding(
  reader: string,
  cert: ParsedCertificate,
  now: Date,
  revocation: RevocationInfo | undefined,
): RawFinding {
  const advice: AdvisorResult = advise({
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    now,
    revocation,
  });
  const status = statusKey(advice);
  const rules = [...new Set(advice.actions.flatMap((a) => a.rules))];
  return finding('advice', ADVICE_SEVERITY[advice.status], {
    reader,
    title: [
      {
        key: 'diagnostics.advice.title',
        nested: { status: msg(`advisor.status.${status}`) },
      },
    ],
    cause: [
      {
        key: 'diagnostics.advice.meaning',
        nested: { meaning: msg(`advisor.status.${status}.meaning`) },
      },
      advice.daysLeft >= 0
        ? msg('diagnostics.advice.expires', { date: advice.expiresOn, days: advice.daysLeft })
        : msg('diagnostics.advice.expired', { date: advice.expiresOn, days: -advice.daysLeft }),
      msg('diagnostics.advice.final', { date: advice.finalExpiresOn }),
      msg(`diagnostics.advice.kind.${advice.extended ? 'extended' : 'original'}`),
    ],
    remedy: advice.actions.map((action) => ({ action })),
    rules,
    data: { certificateId: cert.summary.id, advice },
  });
}

export function certificateFindings(
  reader: string,
  summary: CardSummary,
  parsed: ParsedCardCertificates,
  now: Date,
  statuses: Map<string, RevocationInfo> = new Map(),
): RawFinding[] {
  const family = summary.identity.family;
  const out = parsed.certificates.flatMap((c) => {
    const own = certificateFinding(reader, c, parsed.certificates, family, now);
    const status = statuses.get(c.summary.id);
    // CA certificates are not asked about: their finding would only say "not applicable".
    return status && !c.isCA ? [own, revocationFinding(reader, c, status)] : [own];
  });
  for (const failure of parsed.failures) {
    const err = failure.error;
    out.push(
      finding('certificate', 'warning', {
        reader,
        title: [
          msg('diagnostics.cert.unparsed.title'),
          msg('diagnostics.cert.id', { id: failure.id }),
        ],
        cause: [
          isAppError(err)
            ? msg(err.messageKey, err.params)
            : msg('error.internal', { detail: (err as Error)?.name ?? 'Error' }),
        ],
        remedy: [msg('diagnostics.cert.remedy.unparsed')],
        data: { id: failure.id, error: isAppError(err) ? err.code : 'internal' },
      }),
    );
  }
  const holder = holderCertificate(parsed.certificates);
  if (holder) out.push(adviceFinding(reader, holder, now, statuses.get(holder.summary.id)));
  return out;
}

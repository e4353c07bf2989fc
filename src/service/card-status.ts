/**
 * From what the driver read to what the UI shows: certificates parsed and their chains
 * checked, the advisor run on the signing certificate. Pure: the card is not touched here.
 */
import { advise } from '../advisor';
import type { CardSummary } from '../card';
import { checkChain, toPem, type ParsedCertificate } from '../certs';
import { holderCertificate, type ParsedCardCertificates } from '../certs/card-certificates';
import type { AdvisorResult, CardFamily } from '../core/model';
import type { CardStatusView, CertificateView } from './contract';
import { toIpcError } from './result';

/** The backend keeps these per card; the parsing itself is shared with diagnostics. */
export {
  parseCardCertificates,
  type ParsedCardCertificates as ParsedSet,
} from '../certs/card-certificates';

export function adviceFor(
  certs: ParsedCertificate[],
  now: Date,
  extended?: boolean,
): AdvisorResult | null {
  const signing = holderCertificate(certs);
  if (!signing) return null;
  return advise({ notBefore: signing.notBefore, notAfter: signing.notAfter, now, extended });
}

export function certificateView(
  cert: ParsedCertificate,
  all: ParsedCertificate[],
  family: CardFamily,
  now: Date,
): CertificateView {
  const chain = checkChain(cert, all, { family, at: now });
  return {
    ...cert.summary,
    chain: {
      status: chain.status,
      problems: chain.problems,
      rootName: chain.rootMatch?.name ?? null,
    },
    crlUrls: cert.crlUrls,
    ocspUrls: cert.ocspUrls,
    policies: cert.policies,
    pem: toPem(cert.der),
  };
}

export function statusView(
  summary: CardSummary,
  parsed: ParsedCardCertificates,
  now: Date,
): CardStatusView {
  const { family, pinChannel } = summary.identity;
  const holder = holderCertificate(parsed.certificates);
  return {
    reader: summary.reader,
    atr: summary.atr.hex,
    family,
    pinChannel,
    cardNumber: summary.cardNumber,
    osVersion: summary.osVersion,
    holderName: holder?.subjectCN ?? null,
    pin: summary.pin,
    userCode: summary.userCode,
    certificates: parsed.certificates.map((c) =>
      certificateView(c, parsed.certificates, family, now),
    ),
    advice: adviceFor(parsed.certificates, now),
    demo: family === 'virtual',
    problems: [
      ...summary.problems.map((p) => ({ item: p.item, ...toIpcError(p.error) })),
      ...parsed.failures.map((f) => ({ item: `certificate:${f.id}`, ...toIpcError(f.error) })),
    ],
  };
}

/**
 * From what the driver read to what the UI shows: certificates parsed and their chains
 * checked, the advisor run on the signing certificate. Pure: the card is not touched here.
 */
import { advise } from '../advisor';
import type { CardSummary } from '../card';
import { checkChain, parseCertificateDer, toPem, type ParsedCertificate } from '../certs';
import type { AdvisorResult, CardCertificate, CardFamily } from '../model';
import type { CardStatusView, CertificateView } from '../ipc/contract';
import { toIpcError } from '../ipc/result';

/** A certificate that could be parsed, and the problem of one that could not. */
export interface ParsedSet {
  certificates: ParsedCertificate[];
  failures: Array<{ id: string; error: unknown }>;
}

export function parseCardCertificates(raw: CardCertificate[]): ParsedSet {
  const set: ParsedSet = { certificates: [], failures: [] };
  for (const cert of raw) {
    try {
      set.certificates.push(parseCertificateDer(cert.der, { id: cert.id, label: cert.label }));
    } catch (error) {
      set.failures.push({ id: cert.id, error });
    }
  }
  return set;
}

/** The certificate the advisor speaks about: the signing one, else the first holder one. */
export function signingCertificate(certs: ParsedCertificate[]): ParsedCertificate | null {
  return (
    certs.find((c) => c.role === 'signing') ??
    certs.find((c) => c.role === 'key-exchange') ??
    certs.find((c) => !c.isCA) ??
    null
  );
}

export function adviceFor(
  certs: ParsedCertificate[],
  now: Date,
  extended?: boolean,
): AdvisorResult | null {
  const signing = signingCertificate(certs);
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

export function statusView(summary: CardSummary, parsed: ParsedSet, now: Date): CardStatusView {
  const { family, pinChannel } = summary.identity;
  const holder = signingCertificate(parsed.certificates);
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

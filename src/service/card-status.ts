/**
 * Everything known about the card in one reader, built once for the app's Card screen
 * (`card:status`) and the CLI's `status`: the driver's one-transaction summary, the
 * certificates parsed together, the advisor run on the holder certificate, and a vendor
 * card's PIN state from its PKCS#11 module. What cannot be read, parsed or advised on
 * becomes a problem of the report, never an exception, so the rest is still shown.
 */
import { advise } from '../advisor';
import { CardDriver, type CardSummary, type SummaryOptions } from '../card';
import { otherCardByNumber } from '../card/other-cards';
import { checkChain, toPem, type ParsedCertificate } from '../certs';
import { holderCertificate, parseCardCertificates } from '../certs/card-certificates';
import type {
  AdvisorResult,
  CardCertificate,
  CardFamily,
  CardStatus,
  RevocationInfo,
} from '../core/model';
import type { CardSource, ReaderState } from '../sources/card-source';
import { vendorPinState, type PinBackendOptions } from '../sources/pin-backend';
import type { CardStatusView, CertificateView } from './contract';
import { toIpcError } from './result';

/** What went wrong with one part of the report; `error` is worded by whoever shows it. */
export interface CardStatusProblem {
  /** 'layout', 'cardNumber', 'osVersion', 'certificates', 'pin', 'userCode', 'advice', 'certificate:<id>'. */
  item: string;
  error: unknown;
}

export interface CardStatusReport {
  /** The card as `status --json` prints it and the Card screen shows it. */
  status: CardStatus;
  /** Parsed certificates in card order, DER included (exports, chain checks, --pem). */
  parsed: ParsedCertificate[];
  /** The certificates as read, unparseable ones included (compared with a PKCS#11 token's). */
  cardCertificates: CardCertificate[];
  problems: CardStatusProblem[];
  /** The vendor's module asks for a new PIN (PKCS#11 CKF_USER_PIN_TO_BE_CHANGED). */
  pinMustChange: boolean;
  apduCount: number;
  /** A remembered card: what was taken from memory instead of read (card-profile.md §3). */
  reused?: CardSummary['reused'];
}

export interface CardStatusOptions {
  now: Date;
  /** The person's statement about extension (--extended / --original); overrides inference. */
  extended?: boolean;
  /** Remembered cards (src/service/known-cards): a card found here is re-read cheaply. */
  known?: SummaryOptions['known'];
}

/** The advice about the holder certificate; null when the card holds none. Throws on bad dates. */
export function adviceFor(
  certs: ParsedCertificate[],
  now: Date,
  extended?: boolean,
  revocation?: RevocationInfo,
): AdvisorResult | null {
  const holder = holderCertificate(certs);
  if (!holder) return null;
  return advise({
    notBefore: holder.notBefore,
    notAfter: holder.notAfter,
    now,
    extended,
    revocation,
  });
}

/**
 * Not a 自然人憑證 (card-profile.md §7): told by the ATR or a public AID, or, for a card of
 * MOICA's make, probably so when its number does not start as a 自然人憑證's does.
 */
function otherCardOf(summary: CardSummary): CardStatus['otherCard'] {
  if (summary.identity.otherCard) return summary.identity.otherCard;
  if (summary.identity.pinChannel !== 'vendor') return null;
  return otherCardByNumber(summary.cardNumber);
}

/** The report from what the driver read. Pure: the card is not touched here. */
export function buildCardStatus(
  summary: CardSummary,
  options: CardStatusOptions,
): CardStatusReport {
  const problems: CardStatusProblem[] = summary.problems.map((p) => ({
    item: p.item,
    error: p.error,
  }));
  const { certificates: parsed, failures } = parseCardCertificates(summary.certificates);
  for (const f of failures) problems.push({ item: `certificate:${f.id}`, error: f.error });
  const holder = holderCertificate(parsed);
  let advice: AdvisorResult | null = null;
  try {
    advice = adviceFor(parsed, options.now, options.extended);
  } catch (error) {
    // A certificate whose dates the advisor refuses (notAfter before notBefore) is still
    // shown with everything else; only the advice is missing, and says why.
    problems.push({ item: 'advice', error });
  }
  return {
    status: {
      reader: summary.reader,
      atr: summary.atr.hex,
      family: summary.identity.family,
      pinChannel: summary.identity.pinChannel,
      cardNumber: summary.cardNumber,
      osVersion: summary.osVersion,
      holderName: holder?.subjectCN ?? null,
      pin: summary.pin,
      userCode: summary.userCode,
      certificates: parsed.map((p) => p.summary),
      advice,
      demo: summary.identity.family === 'virtual',
      otherCard: otherCardOf(summary),
    },
    parsed,
    cardCertificates: summary.certificates,
    problems,
    pinMustChange: false,
    apduCount: summary.apduCount,
    ...(summary.reused ? { reused: summary.reused } : {}),
  };
}

/**
 * Reads the card in `reader` and builds its report; for a vendor card the PIN state then
 * comes from its PKCS#11 module, asked after the card was let go of, since the module needs
 * the card itself (card-profile.md §1.3).
 */
export async function readCardStatus(
  source: CardSource,
  reader: ReaderState,
  options: CardStatusOptions & { pinBackends?: PinBackendOptions },
): Promise<CardStatusReport> {
  const summary = await source.withCard(reader.name, (transport) =>
    new CardDriver(transport).readCardSummary({ known: options.known }),
  );
  const report = buildCardStatus(summary, options);
  const state = await vendorPinState(source, reader, options.pinBackends ?? {}, {
    pinChannel: report.status.pinChannel,
    cardNumber: report.status.cardNumber,
    certificates: report.cardCertificates,
  });
  if (state) {
    report.status.pin = state.pin;
    report.status.userCode = state.userCode;
    report.pinMustChange = state.pinMustChange;
    if (state.problem) report.problems.push({ item: 'pin', error: state.problem });
  }
  return report;
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

/** The report as the renderer receives it: chains checked, problems as data it words itself. */
export function statusView(report: CardStatusReport, now: Date): CardStatusView {
  const { status, parsed } = report;
  return {
    ...status,
    certificates: parsed.map((c) => certificateView(c, parsed, status.family, now)),
    problems: report.problems.map((p) => ({ item: p.item, ...toIpcError(p.error) })),
  };
}

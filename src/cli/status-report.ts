/**
 * Everything `status` reports about one card, assembled from the driver's one-transaction
 * summary, the certificate parser and the advisor (cli.md `status --json`).
 */
import { advise } from '../advisor';
import { CardDriver, type CardSummary, type SummaryItem } from '../card';
import type { CardSource, ReaderState } from '../sources/card-source';
import type { ParsedCertificate } from '../certs';
import { holderCertificate, parseCardCertificates } from '../certs/card-certificates';
import { isAppError } from '../core/errors';
import { localizeError, type Lang } from '../core/i18n';
import type { AdvisorResult, CardCertificate, CardStatus } from '../core/model';

export interface StatusProblem {
  item: SummaryItem | `certificate:${string}` | 'advice';
  code: string;
  message: string;
}

export interface StatusReport {
  status: CardStatus;
  /** Parsed certificates in card order, DER included (for --pem). */
  parsed: ParsedCertificate[];
  /** The certificates as read, unparseable ones included (compared with a PKCS#11 token's). */
  cardCertificates: CardCertificate[];
  /** What could not be read; the rest of the report is still good. */
  problems: StatusProblem[];
  apduCount: number;
}

export interface StatusOptions {
  now: Date;
  lang: Lang;
  /** The person's statement about extension (--extended / --original); overrides inference. */
  extended?: boolean;
}

function problem(item: StatusProblem['item'], err: unknown, lang: Lang): StatusProblem {
  return {
    item,
    code: isAppError(err) ? err.code : 'internal',
    message: localizeError(err, lang),
  };
}

export async function readStatusReport(
  source: CardSource,
  reader: ReaderState,
  options: StatusOptions,
): Promise<StatusReport> {
  const summary = await source.withCard(reader.name, (transport) =>
    new CardDriver(transport).readCardSummary(),
  );
  return statusReport(summary, options);
}

/** The report from what the driver read. Pure: the card is not touched here. */
export function statusReport(summary: CardSummary, options: StatusOptions): StatusReport {
  const problems = summary.problems.map((p) => problem(p.item, p.error, options.lang));
  const { certificates: parsed, failures } = parseCardCertificates(summary.certificates);
  for (const f of failures) problems.push(problem(`certificate:${f.id}`, f.error, options.lang));
  const certificates = parsed.map((p) => p.summary);
  // The same holder certificate as the app's status view and the diagnosis.
  const own = holderCertificate(parsed);
  let advice: AdvisorResult | null = null;
  if (own) {
    try {
      advice = advise({
        notBefore: own.notBefore,
        notAfter: own.notAfter,
        now: options.now,
        extended: options.extended,
      });
    } catch (err) {
      problems.push(problem('advice', err, options.lang));
    }
  }
  const status: CardStatus = {
    reader: summary.reader,
    atr: summary.atr.hex,
    family: summary.identity.family,
    pinChannel: summary.identity.pinChannel,
    cardNumber: summary.cardNumber,
    osVersion: summary.osVersion,
    holderName: own?.subjectCN ?? null,
    pin: summary.pin,
    userCode: summary.userCode,
    certificates,
    advice,
    demo: summary.identity.family === 'virtual',
  };
  return {
    status,
    parsed,
    cardCertificates: summary.certificates,
    problems,
    apduCount: summary.apduCount,
  };
}

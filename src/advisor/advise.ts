/**
 * The advisor: a certificate's validity dates and today → status, windows and next steps
 * (citizen-rules.md, "Validity, extension, renewal" and "What the advisor returns").
 *
 * Choices the spec leaves open, made here:
 * - An extended certificate in the year after its final expiry (up to and including the
 *   anniversary, C-YEARS) is `expired-reapply` with the counter first and the hedged
 *   online attempt (R-RENEW-ONLINE-LATE) second: the counter is the path that surely works.
 * - An original certificate is extendable up to and including notAfter + 3 years, which is
 *   also its 8-year limit; past that it is `expired-reapply` (R-EXPIRED-LATE). It never gets
 *   an online renewal (it was not valid up to the limit), so no late online action either.
 * - An expired original inside the last 60 days of its extension window also gets
 *   `extension-near-limit`: extending then lasts only until the 8-year limit, so a new card
 *   at a counter is the other sensible path.
 * - `not-yet-valid` closes both windows: nothing can be done with a certificate the
 *   computer's clock says has not started, so the one action is to check the clock.
 * - What the issuer said (R-STATUS-*): `revoked` replaces every date-based action with
 *   `reapply` (nothing else can be done with a revoked certificate); `suspended` puts `resume`
 *   first and keeps the date-based actions after it, since extending needs a certificate
 *   that is not suspended (R-EXT). Before notBefore the clock is the problem, so the dates win.
 */
import { InvalidInputError } from '../core/errors';
import type {
  AdvisorAction,
  AdvisorResult,
  AdvisorStatus,
  AdvisorWindow,
  DateStatus,
  RevocationInfo,
} from '../core/model';
import {
  addDays,
  addYears,
  daysBetween,
  isTaipeiDate,
  isWithin,
  parseInstant,
  taipeiDateOf,
  todayInTaipei,
  type TaipeiDate,
} from '../core/calendar';

/** R-VALIDITY: a certificate's nominal life; R-EXT: what one extension adds. */
export const VALIDITY_YEARS = 5;
export const EXTENSION_YEARS = 3;
/** R-EXT, R-RENEW-ONLINE: both windows open this many days before their expiry date. */
export const WINDOW_LEAD_DAYS = 60;
/** Distance from notBefore + 5 years within which a certificate counts as original. */
export const INFERENCE_TOLERANCE_DAYS = 31;
/** R-RENEW-ONLINE-LATE: how long after the final expiry the hedged online attempt is offered. */
export const LATE_RENEWAL_YEARS = 1;

/** Every action the advisor can return, with the rules it rests on. */
export const ACTION_RULES = {
  'check-clock': ['R-CHECK-VALIDITY', 'R-CARD-DATE'],
  'wait-for-extension': ['R-VALIDITY', 'R-EXT'],
  'wait-for-renewal': ['R-VALIDITY', 'R-RENEW-ONLINE'],
  extend: ['R-EXT', 'R-PROXY'],
  'extension-near-limit': ['R-VALIDITY', 'R-RENEW-ONLINE', 'R-RENEW-COUNTER'],
  'renew-online': ['R-RENEW-ONLINE', 'R-ACTIVATION', 'R-RENEW-COUNTER'],
  'reapply-counter': ['R-EXPIRED-LATE', 'R-RENEW-COUNTER', 'R-BRING', 'R-WHERE', 'R-HOURS'],
  'renew-online-late': ['R-RENEW-ONLINE-LATE', 'R-ACTIVATION'],
  resume: ['R-STATUS-SUSPENDED', 'R-LOST', 'R-PROXY'],
  reapply: ['R-STATUS-REVOKED', 'R-RENEW-COUNTER', 'R-BRING'],
} as const satisfies Record<string, readonly string[]>;

export type ActionId = keyof typeof ACTION_RULES;

export function isActionId(id: string): id is ActionId {
  return Object.hasOwn(ACTION_RULES, id);
}

function action(id: ActionId): AdvisorAction {
  return { id, rules: [...ACTION_RULES[id]] };
}

export interface AdviseInput {
  notBefore: Date | string;
  notAfter: Date | string;
  /** Today's Taipei date, `YYYY-MM-DD`; wins over `now`. */
  today?: string;
  /** The current instant; defaults to the system clock. */
  now?: Date;
  /** The person's own statement (CLI --extended / --original, UI toggle); overrides inference. */
  extended?: boolean;
  /** What the certificate's issuer said (OCSP or CRL); absent: nobody asked. */
  revocation?: RevocationInfo;
}

/** The `revocation` object when no answer was obtained, with the reason why. */
export function revocationNotChecked(
  problem: RevocationInfo['problem'] = 'not-requested',
): RevocationInfo {
  return {
    status: 'not-checked',
    source: null,
    checkedAt: null,
    thisUpdate: null,
    nextUpdate: null,
    revokedAt: null,
    reason: null,
    url: null,
    problem,
  };
}

/** R-STATUS-SUSPENDED / R-STATUS-REVOKED over the date-based status and actions. */
function issuerOverride(
  dateStatus: DateStatus,
  dateActions: AdvisorAction[],
  revocation: RevocationInfo,
): { status: AdvisorStatus; actions: AdvisorAction[] } {
  if (dateStatus === 'not-yet-valid') return { status: dateStatus, actions: dateActions };
  if (revocation.status === 'revoked') return { status: 'revoked', actions: [action('reapply')] };
  if (revocation.status === 'suspended') {
    return { status: 'suspended', actions: [action('resume'), ...dateActions] };
  }
  return { status: dateStatus, actions: dateActions };
}

/**
 * Whether a certificate looks extended: its Taipei notAfter is more than 31 days away from
 * the Taipei notBefore + 5 years.
 */
export function inferExtended(notBefore: Date | string, notAfter: Date | string): boolean {
  const nominal = addYears(taipeiDateOf(notBefore), VALIDITY_YEARS);
  return Math.abs(daysBetween(nominal, taipeiDateOf(notAfter))) > INFERENCE_TOLERANCE_DAYS;
}

function resolveToday(input: AdviseInput): TaipeiDate {
  if (input.today !== undefined) {
    if (!isTaipeiDate(input.today)) {
      throw new InvalidInputError('advisor.error.badDate', { value: String(input.today) });
    }
    return input.today;
  }
  return input.now ? taipeiDateOf(input.now) : todayInTaipei();
}

function window(from: TaipeiDate, to: TaipeiDate, open: boolean): AdvisorWindow {
  return { from, to, open };
}

export function advise(input: AdviseInput): AdvisorResult {
  const notBefore = parseInstant(input.notBefore);
  const notAfter = parseInstant(input.notAfter);
  if (notAfter.getTime() < notBefore.getTime()) {
    throw new InvalidInputError('advisor.error.notAfterBeforeNotBefore');
  }
  const today = resolveToday(input);
  const startsOn = taipeiDateOf(notBefore);
  const expiresOn = taipeiDateOf(notAfter);

  const stated = typeof input.extended === 'boolean';
  const extended = stated ? (input.extended as boolean) : inferExtended(notBefore, notAfter);
  const finalExpiresOn = extended ? expiresOn : addYears(expiresOn, EXTENSION_YEARS);

  const notYetValid = daysBetween(startsOn, today) < 0;
  const expired = daysBetween(expiresOn, today) > 0;

  const extensionFrom = addDays(expiresOn, -WINDOW_LEAD_DAYS);
  const extensionOpen = !extended && !notYetValid && isWithin(today, extensionFrom, finalExpiresOn);
  const renewalFrom = addDays(finalExpiresOn, -WINDOW_LEAD_DAYS);
  const renewalOpen = extended && !notYetValid && isWithin(today, renewalFrom, finalExpiresOn);

  let status: DateStatus;
  const actions: AdvisorAction[] = [];
  if (notYetValid) {
    status = 'not-yet-valid';
    actions.push(action('check-clock'));
  } else if (!extended) {
    if (!expired) {
      status = extensionOpen ? 'extension-window' : 'valid';
      actions.push(action(extensionOpen ? 'extend' : 'wait-for-extension'));
    } else if (extensionOpen) {
      status = 'expired-extendable';
      actions.push(action('extend'));
      if (isWithin(today, renewalFrom, finalExpiresOn))
        actions.push(action('extension-near-limit'));
    } else {
      status = 'expired-reapply';
      actions.push(action('reapply-counter'));
    }
  } else if (!expired) {
    status = renewalOpen ? 'renewal-window' : 'valid';
    actions.push(action(renewalOpen ? 'renew-online' : 'wait-for-renewal'));
  } else {
    status = 'expired-reapply';
    actions.push(action('reapply-counter'));
    const lateUntil = addYears(finalExpiresOn, LATE_RENEWAL_YEARS);
    if (daysBetween(today, lateUntil) >= 0) actions.push(action('renew-online-late'));
  }

  const revocation = input.revocation ?? revocationNotChecked();
  const issuer = issuerOverride(status, actions, revocation);
  // Key order follows the spec's example object, so --json output reads the same.
  return {
    today,
    expiresOn,
    finalExpiresOn,
    extended,
    extendedSource: stated ? 'stated' : 'inferred',
    status: issuer.status,
    dateStatus: status,
    daysLeft: daysBetween(today, expiresOn),
    windows: {
      extension: extended ? null : window(extensionFrom, finalExpiresOn, extensionOpen),
      onlineRenewal: window(renewalFrom, finalExpiresOn, renewalOpen),
    },
    actions: issuer.actions,
    revocation: { ...revocation },
  };
}

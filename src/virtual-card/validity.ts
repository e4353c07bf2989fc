/**
 * Certificate dates for each validity profile, chosen relative to the card's today so a
 * scenario always lands in the window its name promises (citizen-rules.md R-VALIDITY,
 * R-EXT, R-RENEW-ONLINE, R-EXPIRED-LATE and "Telling an extended certificate from an
 * original one"). Every holder certificate starts at 00:00:00 and ends at 23:59:59 Taipei
 * time, so its Taipei dates are unambiguous.
 */
import { addDays, addYears, endOfTaipeiDay, startOfTaipeiDay } from './taipei-dates';
import type { ValidityProfile } from './scenarios';

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

/** Days between today and the (final) expiry in the "about to expire" scenarios. */
export const DAYS_TO_EXPIRY = 30;
/** Days since the original expiry in `expired-extendable` (extension stays open 3 years). */
export const DAYS_SINCE_EXPIRY = 100;

function span(firstDay: string, lastDay: string): Validity {
  return { notBefore: startOfTaipeiDay(firstDay), notAfter: endOfTaipeiDay(lastDay) };
}

/** An original certificate: notAfter is exactly notBefore + 5 years, the "nominal" date. */
function originalEndingOn(lastDay: string): Validity {
  return span(addYears(lastDay, -5), lastDay);
}

export function holderValidity(profile: ValidityProfile, today: string): Validity {
  switch (profile) {
    case 'current': {
      const issued = addDays(today, -365);
      return span(issued, addYears(issued, 5));
    }
    case 'expiring':
      // Inside the extension window, which opens 60 days before expiry (R-EXT).
      return originalEndingOn(addDays(today, DAYS_TO_EXPIRY));
    case 'expired-extendable':
      return originalEndingOn(addDays(today, -DAYS_SINCE_EXPIRY));
    case 'expired-reapply':
      // 100 days beyond the 3 years after expiry in which extension was allowed.
      return originalEndingOn(addDays(addYears(today, -3), -DAYS_SINCE_EXPIRY));
    case 'extended': {
      // notAfter = notBefore + 8 years: three years away from the 5-year nominal date, so
      // it can only be read as extended; inside the 60-day online-renewal window.
      const finalDay = addDays(today, DAYS_TO_EXPIRY);
      return span(addYears(finalDay, -8), finalDay);
    }
  }
}

/** CA certificates cover every holder validity above with years to spare. */
export function rootCaValidity(today: string): Validity {
  return span(addYears(today, -12), addYears(today, 13));
}

export function issuingCaValidity(today: string): Validity {
  return span(addYears(today, -11), addYears(today, 12));
}

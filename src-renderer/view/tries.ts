import { t, type Lang } from '../../src/core/i18n';
import type { SecretStatus } from '../../src/core/model';

export type TriesTone = 'ok' | 'warning' | 'blocked' | 'unknown';

export interface TriesView {
  /** "2/3", or words when the card cannot give a count. */
  text: string;
  tone: TriesTone;
  /** Loud wording for a blocked or last-try secret, else null. */
  alert: string | null;
}

/**
 * How a PIN or user-code counter reads on screen. PKCS#11 gives flags, not counts
 * (cli.md), so a null count is shown in words rather than guessed.
 */
export function triesView(
  status: SecretStatus | null,
  secret: 'pin' | 'userCode',
  lang: Lang,
  /** On the PIN screen the way to unlock is right below, not "on the PIN screen". */
  onPinScreen = false,
): TriesView {
  if (!status) return { text: t(lang, 'ui.tries.unknown'), tone: 'unknown', alert: null };
  const name = t(lang, secret === 'pin' ? 'ui.secret.pin' : 'ui.secret.userCode');
  if (status.blocked || status.triesLeft === 0) {
    const count =
      status.maxTries !== null ? `0/${status.maxTries}` : t(lang, 'ui.tries.blockedWord');
    return {
      text: count,
      tone: 'blocked',
      alert: t(
        lang,
        secret === 'userCode'
          ? 'ui.tries.userCodeBlocked'
          : onPinScreen
            ? 'guide.tries.pinLockedHere'
            : 'ui.tries.pinBlocked',
      ),
    };
  }
  const lastTry = status.lastTry || status.triesLeft === 1;
  let text: string;
  if (status.triesLeft === null)
    text = t(lang, lastTry ? 'ui.tries.lastTryFlag' : 'ui.tries.okFlag');
  else if (status.maxTries === null) text = String(status.triesLeft);
  else text = `${status.triesLeft}/${status.maxTries}`;
  return {
    text,
    tone: lastTry ? 'warning' : 'ok',
    alert: lastTry ? t(lang, 'ui.tries.lastTryAlert', { secret: name }) : null,
  };
}

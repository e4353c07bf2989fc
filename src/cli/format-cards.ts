/**
 * `citizen-card cards` as text: one block per remembered card, most urgent first, dates in
 * both calendars (citizen-rules.md C-ROC).
 */
import { daysLeftText, formatDate, taipeiDateOf } from '../advisor';
import { t, type Lang } from '../core/i18n';
import { terminalText } from '../core/terminal-text';
import type { KnownCardView } from '../service/contract';

function windowLine(card: KnownCardView, lang: Lang): string {
  const w = card.nextWindow;
  if (!w) return t(lang, 'knownCards.cli.noWindow');
  const state =
    w.state === 'upcoming'
      ? t(lang, 'knownCards.window.opensIn', { days: w.daysToOpen })
      : w.state === 'open'
        ? w.daysToClose === 0
          ? t(lang, 'knownCards.window.closesToday')
          : t(lang, 'knownCards.window.closesIn', { days: w.daysToClose })
        : t(lang, 'knownCards.window.passed');
  return t(lang, 'knownCards.cli.window', {
    window: t(lang, `advisor.window.${w.kind}`),
    from: formatDate(w.from, lang),
    to: formatDate(w.to, lang),
    state,
  });
}

export function formatKnownCards(cards: KnownCardView[], lang: Lang): string {
  const lines: string[] = [];
  for (const card of cards) {
    const holder = card.holderName === null ? t(lang, 'knownCards.noHolder') : card.holderName;
    const demo = card.family === 'virtual' ? `  ${t(lang, 'knownCards.demo')}` : '';
    lines.push(`${terminalText(card.cardNumber)}  ${terminalText(holder)}${demo}`);
    if (card.status && card.expiresOn && card.daysLeft !== null) {
      lines.push(
        `  ${t(lang, 'knownCards.cli.status', {
          status: t(lang, `advisor.status.${card.status}`),
          urgency: t(lang, `knownCards.urgency.${card.urgency}`),
        })}`,
        `  ${t(lang, 'advisor.label.expiresOn', {
          date: formatDate(card.expiresOn, lang),
          left: daysLeftText(card.daysLeft, lang),
        })}`,
      );
    } else {
      lines.push(`  ${t(lang, 'knownCards.cli.noAdvice')}`);
    }
    lines.push(`  ${windowLine(card, lang)}`);
    lines.push(
      `  ${t(lang, 'knownCards.cli.lastSeen', { date: formatDate(taipeiDateOf(card.lastSeen), lang) })}`,
    );
  }
  return lines.join('\n') + '\n';
}

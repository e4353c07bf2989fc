import type { CardStatusView } from '../../../src/service/contract';
import { otherCardText } from '../../../src/service/other-card-text';
import { useT } from '../../store/use-card';
import './other-card.css';

/**
 * "這是你的健保卡，不是自然人憑證" (card-profile.md §7), above everything else the Card screen
 * says about such a card: an alert when the card is surely another one, a notice when only
 * probably.
 */
export function OtherCardNotice({ status }: { status: CardStatusView }) {
  const { lang } = useT();
  if (!status.otherCard) return null;
  const words = otherCardText(status.otherCard, lang, status.cardNumber);
  const certain = status.otherCard.certain && status.otherCard.kind !== 'gpki';
  return (
    <div
      className={`message ${certain ? 'message-error' : 'message-warning'}`}
      role={certain ? 'alert' : 'status'}
      data-testid="other-card"
      data-kind={status.otherCard.kind}
    >
      <p>
        <strong>{words.statement}</strong>
      </p>
      <p>{words.how}</p>
      <p>{words.remedy}</p>
    </div>
  );
}

import { holderCertificate } from '../../src/certs/holder';
import { instantText } from '../../src/advisor/revocation-text';
import type { RevocationInfo } from '../../src/core/model';
import { useCard, useT } from '../store/use-card';
import './issuer-status.css';

/** The badge's tone: the colours say good / bad / not known, the words say which. */
const TONE: Record<RevocationInfo['status'], string> = {
  good: 'ok',
  suspended: 'bad',
  revoked: 'bad',
  unknown: 'warn',
  'not-checked': 'muted',
};

/**
 * What the issuer says about the holder's certificate: 正常 / 停用 / 廢止 / 無法確認 (or not
 * asked), when and from where it was asked, or why there is no answer; and, in one
 * sentence, what asking sends. Shown on the Card and Expiry screens.
 */
export function IssuerStatus({ testId = 'issuer-status' }: { testId?: string }) {
  const status = useCard((s) => s.status);
  const view = useCard((s) => s.revocation);
  const loading = useCard((s) => s.revocationLoading);
  const { lang, tr } = useT();
  const holder = status ? holderCertificate(status.certificates) : null;
  if (!status || !holder) return null;
  const info = view?.certificates.find((c) => c.id === holder.id)?.revocation ?? null;
  return (
    <section
      className="panel issuer-status"
      aria-labelledby={`${testId}-title`}
      aria-busy={loading}
      data-testid={testId}
      data-status={info?.status ?? 'pending'}
    >
      <h3 id={`${testId}-title`}>{tr('ui.issuer.title')}</h3>
      {!info ? (
        <p className="muted">{tr(loading ? 'ui.issuer.checking' : 'ui.issuer.pending')}</p>
      ) : (
        <>
          <p>
            <span className={`badge issuer-${TONE[info.status]}`} data-testid={`${testId}-badge`}>
              {tr(`revocation.status.${info.status}`)}
            </span>{' '}
            {tr(`ui.issuer.meaning.${info.status}`)}
          </p>
          <dl className="facts">
            {info.revokedAt && (
              <>
                <dt>{tr('ui.issuer.since')}</dt>
                <dd>
                  {instantText(info.revokedAt, lang)}
                  {info.status === 'revoked' && info.reason
                    ? ` · ${tr(`revocation.reason.${info.reason}`)}`
                    : ''}
                </dd>
              </>
            )}
            {info.checkedAt && (
              <>
                <dt>{tr('ui.issuer.checkedAt')}</dt>
                <dd data-testid={`${testId}-checked-at`}>{instantText(info.checkedAt, lang)}</dd>
              </>
            )}
            {info.url && (
              <>
                <dt>{tr('ui.issuer.from')}</dt>
                <dd className="mono break" data-testid={`${testId}-from`}>
                  {info.source ? `${tr(`revocation.source.${info.source}`)} · ` : ''}
                  {info.url}
                </dd>
              </>
            )}
            {info.problem && (
              <>
                <dt>{tr('ui.issuer.why')}</dt>
                <dd data-testid={`${testId}-why`}>{tr(`revocation.problem.${info.problem}`)}</dd>
              </>
            )}
          </dl>
        </>
      )}
      <p className="hint">{tr('ui.issuer.explain')}</p>
    </section>
  );
}

import { useState } from 'react';
import type { CertificateView } from '../../src/service/contract';
import { useActions, useCard, useT } from '../store/use-card';
import { chainText, chainTone, colonHex, keyUsageText, roleText } from '../view/certificate-text';
import { instantText } from '../view/dates';

/** Badges use exact instants, not Taipei days (citizen-rules.md). */
function validityState(cert: CertificateView, now: number): 'valid' | 'expired' | 'notYet' {
  if (now > Date.parse(cert.notAfter)) return 'expired';
  if (now < Date.parse(cert.notBefore)) return 'notYet';
  return 'valid';
}

function UrlList({ urls }: { urls: string[] }) {
  const { tr } = useT();
  if (urls.length === 0) return <>{tr('ui.value.none')}</>;
  return (
    <ul className="plain">
      {urls.map((u) => (
        <li key={u} className="mono break">
          {u}
        </li>
      ))}
    </ul>
  );
}

function CertificateCard({ cert, now }: { cert: CertificateView; now: number }) {
  const { lang, tr } = useT();
  const { exportCertificate } = useActions();
  const busy = useCard((s) => s.exportBusy);
  const state = validityState(cert, now);
  const role = roleText(cert.role, lang);
  const tone = chainTone(cert.chain.status);
  const titleId = `cert-${cert.id}-title`;
  return (
    <article className="panel cert" aria-labelledby={titleId} data-testid={`cert-${cert.id}`}>
      <header className="cert-head">
        <h3 id={titleId}>
          {role}
          {cert.subjectCN && <span className="cert-cn"> — {cert.subjectCN}</span>}
        </h3>
        <span className={`badge badge-${state}`}>{tr(`ui.certs.validity.${state}`)}</span>
      </header>
      <p className={`chain chain-${tone}`} data-testid={`cert-${cert.id}-chain`}>
        {chainText(cert.chain.status, lang)}
        {cert.chain.rootName && <> ({tr('ui.certs.root', { name: cert.chain.rootName })})</>}
      </p>
      {cert.chain.problems.length > 0 && (
        <ul className="problems">
          {cert.chain.problems.map((p) => (
            <li key={p}>{tr(p)}</li>
          ))}
        </ul>
      )}
      <dl className="facts">
        <dt>{tr('ui.certs.validFrom')}</dt>
        <dd>{instantText(cert.notBefore, lang, true)}</dd>
        <dt>{tr('ui.certs.validTo')}</dt>
        <dd data-testid={`cert-${cert.id}-not-after`}>{instantText(cert.notAfter, lang)}</dd>
        <dt>{tr('ui.certs.subject')}</dt>
        <dd className="break">{cert.subject}</dd>
        <dt>{tr('ui.certs.issuer')}</dt>
        <dd className="break">{cert.issuer}</dd>
        <dt>{tr('ui.certs.serial')}</dt>
        <dd className="mono break">{colonHex(cert.serialNumber)}</dd>
        <dt>{tr('ui.certs.key')}</dt>
        <dd>
          {cert.keySize !== null
            ? tr('certs.text.keySize', { type: cert.keyType, bits: cert.keySize })
            : cert.keyType}
        </dd>
        <dt>{tr('ui.certs.keyUsage')}</dt>
        <dd>
          {[...cert.keyUsage, ...cert.extKeyUsage]
            .map((u) => keyUsageText(u, lang))
            .join(tr('advisor.listSeparator')) || tr('ui.value.none')}
        </dd>
        <dt>SHA-256</dt>
        <dd className="mono break">{colonHex(cert.sha256)}</dd>
        <dt>SHA-1</dt>
        <dd className="mono break">{colonHex(cert.sha1)}</dd>
        <dt>{tr('ui.certs.crl')}</dt>
        <dd>
          <UrlList urls={cert.crlUrls} />
        </dd>
        <dt>{tr('ui.certs.ocsp')}</dt>
        <dd>
          <UrlList urls={cert.ocspUrls} />
        </dd>
        <dt>{tr('ui.certs.policies')}</dt>
        <dd className="mono">
          {cert.policies.join(tr('advisor.listSeparator')) || tr('ui.value.none')}
        </dd>
      </dl>
      <div className="actions">
        {(['pem', 'der'] as const).map((format) => (
          <button
            key={format}
            type="button"
            disabled={busy}
            onClick={() => void exportCertificate(cert.id, format)}
            data-testid={`cert-${cert.id}-export-${format}`}
          >
            {tr('ui.certs.export', { format: format.toUpperCase() })}
            {/* Which certificate, for screen readers; the name starts with the visible text
                (WCAG 2.5.3, label in name). */}
            <span className="visually-hidden"> {tr('guide.certs.exportOf', { role })}</span>
          </button>
        ))}
      </div>
    </article>
  );
}

export function CertificatesScreen() {
  const status = useCard((s) => s.status);
  const exportResult = useCard((s) => s.exportResult);
  const { tr } = useT();
  // Read once per visit: a badge that flipped while the page was open would surprise.
  const [now] = useState(() => Date.now());
  return (
    <section aria-labelledby="certs-title">
      <h2 id="certs-title">{tr('ui.certs.title')}</h2>
      <div role="status" className="export-result" data-testid="export-result">
        {exportResult && tr(exportResult.message.key, exportResult.message.params)}
      </div>
      {!status && <p className="message message-empty">{tr('ui.certs.noCard')}</p>}
      {status && status.certificates.length === 0 && (
        <p className="message message-empty">{tr('ui.certs.none')}</p>
      )}
      {status?.certificates.map((c) => (
        <CertificateCard key={c.id} cert={c} now={now} />
      ))}
    </section>
  );
}

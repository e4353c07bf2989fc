/** `citizen-card certs`: the card's certificates, as a list or (--pem) ready for openssl. */
import { CardDriver } from '../../card';
import { parseCertificateDer, toPem } from '../../certs';
import { t } from '../../core/i18n';
import { CARD_OPTIONS, withChosenReader } from '../card-access';
import type { CliCommand } from '../context';
import { EXIT } from '../exit-codes';
import { certificateLines } from '../format-status';
import { certificateStatuses, ONLINE_OPTIONS, onlineOptions } from '../online-option';
import { terminalText } from '../../core/terminal-text';

export const certsCommand: CliCommand = {
  name: 'certs',
  summaryKey: 'cli.certs.summary',
  usage:
    'citizen-card certs [--pem] [--reader NAME] [--virtual SCENARIO [--state FILE]] [--online [--timeout SECONDS]] [--json] [--lang zh-TW|en]',
  options: { ...CARD_OPTIONS, ...ONLINE_OPTIONS, pem: { type: 'boolean' } },
  async run(ctx) {
    const pem = ctx.values.pem === true;
    const online = onlineOptions(ctx);
    const { reader, certificates } = await withChosenReader(ctx, async (source, chosen) => ({
      reader: chosen.name,
      certificates: await source.withCard(chosen.name, (transport) =>
        new CardDriver(transport).readCertificates(),
      ),
    }));
    // A certificate that does not parse is still worth exporting: the helpdesk may need it.
    const parsed = certificates.map((c) => {
      try {
        return { raw: c, cert: parseCertificateDer(c.der, { id: c.id, label: c.label }) };
      } catch (err) {
        return { raw: c, cert: null, err };
      }
    });
    const now = (ctx.services.now ?? (() => new Date()))();
    const good = parsed.flatMap((p) => (p.cert ? [p.cert] : []));
    // `--pem` alone prints PEM only: nothing to show an answer in, so nothing is asked.
    const statuses = await certificateStatuses(good, pem && !ctx.json ? null : online);
    for (const cert of good) cert.summary.revocation = statuses.get(cert.summary.id);
    if (ctx.json) {
      const doc = {
        reader,
        certificates: parsed.map(({ raw, cert }) => ({
          ...(cert ? cert.summary : { id: raw.id, label: raw.label, parsed: false }),
          ...(pem ? { pem: toPem(raw.der) } : {}),
        })),
      };
      ctx.io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    } else if (pem) {
      ctx.io.stdout.write(parsed.map(({ raw }) => toPem(raw.der)).join(''));
    } else {
      const lines = [`${t(ctx.lang, 'cli.label.reader')}: ${terminalText(reader)}`];
      for (const { raw, cert } of parsed) {
        if (cert) lines.push(...certificateLines(cert.summary, ctx.lang, now));
        else
          lines.push(`  ${terminalText(raw.id).padEnd(6)}  ${t(ctx.lang, 'cli.certs.unparsed')}`);
      }
      ctx.io.stdout.write(lines.join('\n') + '\n');
    }
    for (const { raw, err } of parsed.filter((p) => !p.cert)) {
      ctx.io.stderr.write(
        t(ctx.lang, 'cli.certs.parseFailed', {
          id: terminalText(raw.id),
          detail: terminalText(String((err as Error)?.message)),
        }) + '\n',
      );
    }
    return parsed.some((p) => !p.cert) ? EXIT.other : EXIT.ok;
  },
};

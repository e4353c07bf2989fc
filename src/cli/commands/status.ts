/** `citizen-card status`: the card, its PIN and user-code counters, certificates and advice. */
import { t } from '../../core/i18n';
import { CARD_OPTIONS, withChosenReader } from '../card-access';
import { readStatusReport } from '../status-report';
import type { CliCommand } from '../context';
import { EXIT } from '../exit-codes';
import { EXTENSION_OPTIONS, statedExtension } from '../extension-option';
import { formatStatus } from '../format-status';
import { addVendorPinState, PKCS11_OPTIONS } from '../pin-backends';

export const statusCommand: CliCommand = {
  name: 'status',
  summaryKey: 'cli.status.summary',
  usage:
    'citizen-card status [--reader NAME] [--virtual SCENARIO [--state FILE]] [--pkcs11-module PATH] [--extended|--original] [--json] [--lang zh-TW|en]',
  options: {
    ...CARD_OPTIONS,
    ...PKCS11_OPTIONS,
    ...EXTENSION_OPTIONS,
  },
  async run(ctx) {
    const extended = statedExtension(ctx, 'cli.status.bothKinds');
    const now = (ctx.services.now ?? (() => new Date()))();
    let pinMustChange = false;
    const report = await withChosenReader(ctx, async (source, reader) => {
      const read = await readStatusReport(source, reader, { now, lang: ctx.lang, extended });
      pinMustChange = await addVendorPinState(ctx, source, reader, read);
      return read;
    });
    if (ctx.json) {
      const doc = { ...report.status, problems: report.problems };
      ctx.io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    } else {
      ctx.io.stdout.write(formatStatus(report.status, ctx.lang, now));
    }
    if (pinMustChange) ctx.io.stderr.write(t(ctx.lang, 'pkcs11.pinMustChange') + '\n');
    for (const p of report.problems) {
      ctx.io.stderr.write(t(ctx.lang, 'cli.status.problem', { message: p.message }) + '\n');
    }
    // Whatever could be read was printed; an incomplete report is still not "done".
    return report.problems.length ? EXIT.other : EXIT.ok;
  },
};

/** `citizen-card readers`: every reader, whether it holds a card, its ATR and family. */
import { NoReaderError } from '../../core/errors';
import { familyOfReader } from '../../sources/pin-backend';
import { openCardSource } from '../card-access';
import type { CliCommand } from '../context';
import { EXIT } from '../exit-codes';
import { formatReaders } from '../format-status';

export const readersCommand: CliCommand = {
  name: 'readers',
  summaryKey: 'cli.readers.summary',
  usage: 'citizen-card readers [--virtual SCENARIO [--state FILE]] [--json] [--lang zh-TW|en]',
  options: { virtual: { type: 'string' }, state: { type: 'string' } },
  async run(ctx) {
    const source = await openCardSource(ctx);
    try {
      // The family comes from the ATR alone: listing readers never sends a card anything.
      const readers = source.readers().map((r) => {
        const match = familyOfReader(r);
        return {
          name: r.name,
          cardPresent: r.cardPresent,
          mute: r.mute,
          atr: r.atr,
          family: match?.family ?? null,
          pinChannel: match?.pinChannel ?? null,
          // Told from the ATR alone; a card named only by its AIDs stays "unknown" here.
          otherCard: match?.otherCard ?? null,
        };
      });
      if (readers.length === 0) throw new NoReaderError();
      if (ctx.json) ctx.io.stdout.write(JSON.stringify({ readers }, null, 2) + '\n');
      else ctx.io.stdout.write(formatReaders(readers, ctx.lang));
      return EXIT.ok;
    } finally {
      await source.close();
    }
  },
};
